package dev.tracery.it;

import static dev.tracery.it.ReceivedSpans.find;
import static dev.tracery.it.ReceivedSpans.named;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tracery.it.async.Worker;
import dev.tracery.it.batch.BatchResource;
import dev.tracery.it.batch.ExportBatchlet;
import dev.tracery.it.batch.FailingBatchlet;
import dev.tracery.it.batch.NumberReader;
import dev.tracery.it.batch.NumberWriter;
import dev.tracery.it.batch.PlainBatchlet;
import dev.tracery.testing.OtlpReceiver;
import dev.tracery.testing.ReceivedSpan;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Jakarta Batch on the server's own runtime (JBeret on WildFly, JBatch on Payara), with Tracery's
 * listeners named in the job XML: a job started from a REST request is the root span of a trace of
 * its own, each step is its child, and what a step calls is below the step; a failing step fails
 * both spans; nothing of the job's context stays on the batch thread.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@DisabledIfSystemProperty(
    named = "tracery.server",
    matches = "wildfly-agent|wildfly-mp",
    disabledReason =
        "standalone-microprofile.xml has no batch subsystem; under the agent this is not Tracery's")
class BatchIT {

  static final OtlpReceiver RECEIVER = OtlpReceiver.start();
  static final Duration WAIT = Duration.ofSeconds(60);

  @Deployment(testable = false)
  static WebArchive war() {
    WebArchive war =
        Deployments.tracedWar("batch", Deployments.exportingTo(RECEIVER, "batch"))
            .addClasses(
                Worker.class,
                BatchResource.class,
                ExportBatchlet.class,
                FailingBatchlet.class,
                PlainBatchlet.class,
                NumberReader.class,
                NumberWriter.class);
    for (String job : List.of("orderExport", "failingExport", "plainExport")) {
      war.addAsResource("batch-jobs/" + job + ".xml", "META-INF/batch-jobs/" + job + ".xml");
    }
    return war;
  }

  @AfterAll
  static void stopReceiver() {
    RECEIVER.close();
  }

  @ArquillianResource URL base;

  private static Predicate<ReceivedSpan> ofExecution(String name, long executionId) {
    return span ->
        span.name().equals(name)
            && Long.valueOf(executionId).equals(span.attribute("tracery.batch.job.execution.id"));
  }

  private static Predicate<ReceivedSpan> work(String path) {
    return span -> span.name().equals("Worker.work") && path.equals(span.attribute("it.path"));
  }

  @SafeVarargs
  private static List<ReceivedSpan> awaitAll(String description, Predicate<ReceivedSpan>... which) {
    return ReceivedSpans.awaitAll(RECEIVER, WAIT, description, which);
  }

  @Test
  void jobIsARootSpanWithItsStepsAndTheirWorkBelowIt() throws Exception {
    long id = Long.parseLong(Http.getOk(base, "api/batch/start/orderExport").trim());
    List<ReceivedSpan> spans =
        awaitAll(
            "the spans of job execution " + id,
            named("GET /api/batch/start/{job}"),
            ofExecution("orderExport", id),
            ofExecution("orderExport.export", id),
            ofExecution("orderExport.summarise", id),
            work("batchlet"),
            work("chunk"));
    ReceivedSpan request = find(spans, named("GET /api/batch/start/{job}"), "the request");
    ReceivedSpan job = find(spans, ofExecution("orderExport", id), "the job's span");
    assertThat(job.isRoot()).as("a job starts a trace").isTrue();
    assertThat(job.traceId()).isNotEqualTo(request.traceId());
    assertThat(job.kind()).isEqualTo("INTERNAL");
    assertThat(job.scope()).isEqualTo("dev.tracery.batch");
    assertThat(job.attribute("tracery.batch.job.name")).isEqualTo("orderExport");
    assertThat(job.attribute("tracery.batch.job.instance.id")).isInstanceOf(Long.class);
    assertThat(job.attribute("tracery.batch.status")).isEqualTo("COMPLETED");
    assertThat(job.status()).isEqualTo("UNSET");

    ReceivedSpan export = find(spans, ofExecution("orderExport.export", id), "the batchlet step");
    ReceivedSpan summarise =
        find(spans, ofExecution("orderExport.summarise", id), "the chunk step");
    for (ReceivedSpan step : List.of(export, summarise)) {
      assertThat(step.isChildOf(job)).as(step.name() + " is a child of the job").isTrue();
      assertThat(step.kind()).isEqualTo("INTERNAL");
      assertThat(step.attribute("tracery.batch.step.execution.id")).isInstanceOf(Long.class);
      assertThat(step.attribute("tracery.batch.status")).isEqualTo("COMPLETED");
      assertThat(step.status()).isEqualTo("UNSET");
    }
    assertThat(export.attribute("tracery.batch.step.name")).isEqualTo("export");
    // JBeret makes the batchlet's return value the exit status before afterStep; JBatch (Payara)
    // only after the step's listeners ran, so afterStep sees none there.
    assertThat(export.attribute("tracery.batch.exit_status"))
        .isEqualTo(Deployments.server().startsWith("payara") ? null : "EXPORTED");
    assertThat(summarise.attribute("tracery.batch.step.name")).isEqualTo("summarise");
    assertThat(export.endNanos()).isLessThanOrEqualTo(summarise.startNanos());
    assertThat(job.endNanos()).isGreaterThanOrEqualTo(summarise.endNanos());

    assertThat(find(spans, work("batchlet"), "the batchlet's work").isChildOf(export)).isTrue();
    assertThat(spans.stream().filter(work("chunk")).allMatch(chunk -> chunk.isChildOf(summarise)))
        .as("every chunk's work is a child of the chunk step")
        .isTrue();

    // A job without Tracery's listeners on the same batch threads: no context left behind.
    long plain = Long.parseLong(Http.getOk(base, "api/batch/start/plainExport").trim());
    List<ReceivedSpan> after =
        RECEIVER.await(
            WAIT,
            received ->
                received.stream().anyMatch(work("plain"))
                    && received.stream()
                        .filter(work("plain"))
                        .allMatch(
                            span -> span.isRoot() || received.stream().anyMatch(span::isChildOf)),
            "the work of job execution " + plain + " and its parent");
    // Root on WildFly; on Payara a child of the request that started the job, whose context
    // Payara's executor carries to the batch thread. Never below an earlier job's spans.
    assertThat(after.stream().filter(work("plain")))
        .as("work of a job without listeners is on no trace of an earlier job")
        .allMatch(
            span ->
                span.isRoot()
                    || after.stream()
                        .filter(named("GET /api/batch/start/{job}"))
                        .anyMatch(span::isChildOf));
  }

  @Test
  void failingStepFailsTheStepAndTheJobSpan() throws Exception {
    long id = Long.parseLong(Http.getOk(base, "api/batch/start/failingExport").trim());
    List<ReceivedSpan> spans =
        awaitAll(
            "the spans of job execution " + id,
            ofExecution("failingExport", id),
            ofExecution("failingExport.explode", id),
            work("failing"));
    ReceivedSpan job = find(spans, ofExecution("failingExport", id), "the job's span");
    ReceivedSpan step = find(spans, ofExecution("failingExport.explode", id), "the step's span");
    assertThat(job.isRoot()).isTrue();
    assertThat(step.isChildOf(job)).isTrue();
    assertThat(find(spans, work("failing"), "the step's work").isChildOf(step)).isTrue();
    assertThat(step.status()).isEqualTo("ERROR");
    assertThat(step.attribute("tracery.batch.status")).isEqualTo("FAILED");
    assertThat(step.attribute("error.type")).isEqualTo("java.lang.IllegalStateException");
    assertThat(step.events()).contains("exception");
    assertThat(job.status()).isEqualTo("ERROR");
    assertThat(job.attribute("tracery.batch.status")).isEqualTo("FAILED");
  }
}
