package dev.tracery.extension;

import dev.tracery.extension.config.ConfigProblems;
import dev.tracery.extension.config.Secrets;
import dev.tracery.extension.config.TraceryConfig;
import dev.tracery.extension.export.ExportPipeline;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.semconv.ServiceAttributes;
import jakarta.enterprise.inject.spi.DeploymentException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Starts an application's OpenTelemetry once the deployment is valid: reports the configuration's
 * problems, stands aside for the OpenTelemetry Java agent when it is attached (its OpenTelemetry,
 * no SDK of Tracery's), and otherwise checks the {@code otel.*} keys against the application's
 * providers and builds the SDK ({@link SdkFactory}). Logs under {@link TraceryExtension}'s name, as
 * users configure it.
 */
final class SdkStartup {

  private static final Logger LOG = Logger.getLogger(TraceryExtension.class.getName());

  /** What start-up produced. */
  static final class Started {
    /** The OpenTelemetry the application's beans get: no-op unless tracing started. */
    final OpenTelemetry openTelemetry;

    /** The SDK Tracery built and shuts down; null with the agent, while off, or on failure. */
    final SdkFactory.Built sdk;

    /** Deployment problems; none when the application may start. */
    final List<DeploymentException> problems;

    private Started(
        OpenTelemetry openTelemetry, SdkFactory.Built sdk, List<DeploymentException> problems) {
      this.openTelemetry = openTelemetry;
      this.sdk = sdk;
      this.problems = problems;
    }
  }

  private SdkStartup() {}

  /**
   * Starts tracing as the configuration says.
   *
   * @param versionProblems OpenTelemetry classes of other versions than Tracery's, when they fail
   *     the deployment
   * @param logCorrelationSummary appended to the INFO line that tracing started
   * @param logCorrelationProblem why trace ids will not reach the MDC; null if they will
   */
  static Started start(
      TraceryConfig config,
      List<String> versionProblems,
      boolean agent,
      ClassLoader classLoader,
      String deploymentName,
      String logCorrelationSummary,
      String logCorrelationProblem) {
    List<DeploymentException> failures = new ArrayList<>();
    OpenTelemetry noop = OpenTelemetry.noop();
    List<String> problems = new ArrayList<>(config.problems());
    if (!config.enabled()) {
      if (problems.isEmpty()) {
        LOG.info(
            "Tracery is present in '"
                + deploymentName
                + "' but tracing is off. To switch it on, set tracery.enabled=true in"
                + " META-INF/microprofile-config.properties, as a system property, or as the"
                + " environment variable TRACERY_ENABLED=true.");
      } else {
        failures.add(new DeploymentException(message(deploymentName, problems)));
      }
      return new Started(noop, null, failures);
    }
    if (!versionProblems.isEmpty()) {
      failures.add(
          new DeploymentException(
              "Tracery cannot start in '"
                  + deploymentName
                  + "' because it runs against OpenTelemetry classes other than the ones it was"
                  + " built with:"
                  + versionProblems.stream()
                      .map(problem -> "\n  - " + problem)
                      .collect(Collectors.joining())));
      if (!problems.isEmpty()) {
        failures.add(new DeploymentException(message(deploymentName, problems)));
      }
      return new Started(noop, null, failures);
    }

    if (agent) {
      if (!problems.isEmpty()) {
        failures.add(new DeploymentException(message(deploymentName, problems)));
        return new Started(noop, null, failures);
      }
      // The agent's OpenTelemetry, reached through the application's own API classes, which the
      // agent bridges. Tracery builds no SDK and shuts nothing down: the agent owns its SDK.
      LOG.info(
          "Tracery found the OpenTelemetry Java agent attached and stands aside in '"
              + deploymentName
              + "': it uses the agent's OpenTelemetry (configured by the agent's settings, not the"
              + " application's otel.* keys), leaves HTTP request and @WithSpan spans to the agent,"
              + " and traces @Traced methods.");
      return new Started(GlobalOpenTelemetry.get(), null, failures);
    }
    ExportPipeline pipeline = new ExportPipeline(config.export());
    ApplicationComponentLoader loader = SdkFactory.loader(classLoader, pipeline);
    problems.addAll(ConfigProblems.check(config.otelProperties(), loader));
    if (!problems.isEmpty()) {
      failures.add(new DeploymentException(message(deploymentName, problems)));
      return new Started(noop, null, failures);
    }
    ClassLoader previous = Thread.currentThread().getContextClassLoader();
    Thread.currentThread().setContextClassLoader(classLoader);
    SdkFactory.Built built = null;
    try {
      built = SdkFactory.build(config, loader, pipeline, deploymentName);
      pipeline.statistics().register(deploymentName);
      LOG.info(
          "Tracery is tracing '"
              + deploymentName
              + "' as service '"
              + built.resource.getAttribute(ServiceAttributes.SERVICE_NAME)
              + "' (switched on by "
              + config.switchedOnBy()
              + ")."
              + logCorrelationSummary);
      if (logCorrelationProblem != null) {
        LOG.warning(
            "Tracery: no trace ids in the MDC of '"
                + deploymentName
                + "': "
                + logCorrelationProblem);
      }
      return new Started(built.sdk.getOpenTelemetrySdk(), built, failures);
    } catch (RuntimeException | LinkageError e) {
      pipeline.close();
      // What autoconfigure throws may quote a header value or an endpoint's credentials: the cause
      // chain a server logs is a sanitized copy.
      Secrets secrets = Secrets.of(config.otelProperties());
      failures.add(
          new DeploymentException(
              message(deploymentName, List.of(ConfigProblems.describe(e, secrets))),
              secrets.sanitize(e)));
      // Built but not started: still shut down when the application stops.
      return new Started(built != null ? built.sdk.getOpenTelemetrySdk() : noop, built, failures);
    } finally {
      Thread.currentThread().setContextClassLoader(previous);
    }
  }

  private static String message(String deploymentName, List<String> problems) {
    return "Tracery cannot start in '"
        + deploymentName
        + "' because of its configuration:"
        + problems.stream().map(problem -> "\n  - " + problem).collect(Collectors.joining());
  }
}
