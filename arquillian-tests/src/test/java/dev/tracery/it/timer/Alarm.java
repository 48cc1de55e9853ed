package dev.tracery.it.timer;

import dev.tracery.it.async.Worker;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Timeout;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.inject.Inject;

/**
 * A programmatic EJB timer with no Tracery annotation: its callback should be a root span anyway.
 */
@Singleton
public class Alarm {

  @Resource TimerService timers;
  @Inject Worker worker;

  public void setOff() {
    timers.createSingleActionTimer(50, new TimerConfig("tracery-it", false));
  }

  @Timeout
  public void ring(Timer timer) {
    worker.work("timer");
  }
}
