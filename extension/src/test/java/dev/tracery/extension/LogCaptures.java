package dev.tracery.extension;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Collects what the loggers under some name prefixes write while open (all levels). */
public final class LogCaptures extends Handler implements AutoCloseable {
  private final List<Logger> loggers = new ArrayList<>();
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();

  private LogCaptures(String... names) {
    setLevel(Level.ALL);
    for (String name : names) {
      Logger logger = Logger.getLogger(name);
      logger.addHandler(this);
      loggers.add(logger);
    }
  }

  public static LogCaptures of(String... loggerNames) {
    return new LogCaptures(loggerNames);
  }

  public List<LogRecord> records() {
    return records;
  }

  @Override
  public void publish(LogRecord record) {
    records.add(record);
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    for (Logger logger : loggers) {
      logger.removeHandler(this);
    }
  }
}
