package dev.tracery.extension;

/**
 * Which optional Jakarta APIs Tracery's own classes can see. Tracery runs in any CDI 4 container:
 * on a Jakarta EE server both APIs are there; a plain CDI application (Weld SE: a batch job, a
 * command-line tool, a test harness) may have neither. Classes of Tracery that name JAX-RS or
 * Servlet types are only loaded after the check here says their API is present.
 */
final class OptionalApis {

  static final String JAXRS_PROBE = "jakarta.ws.rs.Path";
  static final String SERVLET_PROBE = "jakarta.servlet.Filter";
  static final String JMS_PROBE = "jakarta.jms.MessageListener";
  static final String EJB_PROBE = "jakarta.ejb.MessageDriven";
  static final String BATCH_PROBE = "jakarta.batch.api.listener.StepListener";

  private OptionalApis() {}

  /** Whether the JAX-RS API is visible to Tracery's classes. */
  static boolean jaxrs() {
    return present(JAXRS_PROBE);
  }

  /** Whether the Servlet API is visible to Tracery's classes. */
  static boolean servlet() {
    return present(SERVLET_PROBE);
  }

  /** Whether the Jakarta Messaging API is visible to Tracery's classes. */
  static boolean jms() {
    return present(JMS_PROBE);
  }

  /**
   * Whether the Jakarta Enterprise Beans API (timers, message-driven beans) is visible to Tracery's
   * classes.
   */
  static boolean ejb() {
    return present(EJB_PROBE);
  }

  /** Whether the Jakarta Batch API (job and step listeners) is visible to Tracery's classes. */
  static boolean batch() {
    return present(BATCH_PROBE) && present("jakarta.batch.runtime.context.StepContext");
  }

  static boolean present(String className) {
    try {
      Class.forName(className, false, OptionalApis.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
