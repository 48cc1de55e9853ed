package dev.tracery.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The smoke pass {@code mvn verify} runs: every benchmark once, briefly, in this JVM, so the
 * benchmarks cannot rot. It measures nothing worth reading; the real run is in docs/performance.md.
 */
class BenchmarksSmokeTest {

  @Test
  void everyBenchmarkRunsAndTheTracedOnesExportForReal() throws Exception {
    long exportedBefore = DiscardingExporterProvider.RECEIVED.sum();
    Options options =
        new OptionsBuilder()
            .include("dev\\.tracery\\.benchmarks\\..*")
            .forks(0)
            .warmupIterations(1)
            .warmupTime(TimeValue.milliseconds(100))
            .measurementIterations(1)
            .measurementTime(TimeValue.milliseconds(100))
            .shouldFailOnError(true)
            .build();

    Collection<RunResult> results = new Runner(options).run();

    assertThat(results)
        .extracting(r -> r.getParams().getBenchmark())
        .contains(
            "dev.tracery.benchmarks.MethodTracingBenchmark.plainCall",
            "dev.tracery.benchmarks.MethodTracingBenchmark.passThroughInterceptor",
            "dev.tracery.benchmarks.MethodTracingBenchmark.tracedDisabled",
            "dev.tracery.benchmarks.MethodTracingBenchmark.tracedNotSampled",
            "dev.tracery.benchmarks.MethodTracingBenchmark.tracedSampled",
            "dev.tracery.benchmarks.MethodTracingBenchmark.tracedSampledWithoutMdc",
            "dev.tracery.benchmarks.MethodTracingBenchmark.tracedNotSampledWithoutMdc",
            "dev.tracery.benchmarks.MethodTracingBenchmark.rawSdkSampled",
            "dev.tracery.benchmarks.MethodTracingBenchmark.rawSdkNotSampled",
            "dev.tracery.benchmarks.MethodTracingBenchmark.smallRyeWithSpan",
            "dev.tracery.benchmarks.MethodTracingBenchmark.smallRyeDisabled",
            "dev.tracery.benchmarks.MethodTracingBenchmark.spansDisabled",
            "dev.tracery.benchmarks.MethodTracingBenchmark.spansNotSampled",
            "dev.tracery.benchmarks.MethodTracingBenchmark.spansSampled",
            "dev.tracery.benchmarks.JaxrsRequestBenchmark.requestTracingOff",
            "dev.tracery.benchmarks.JaxrsRequestBenchmark.requestTracingOn");
    assertThat(results).allSatisfy(r -> assertThat(r.getPrimaryResult().getScore()).isPositive());
    assertThat(DiscardingExporterProvider.RECEIVED.sum())
        .as("spans exported")
        .isGreaterThan(exportedBefore);
  }
}
