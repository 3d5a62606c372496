package dev.airtrace.cli;

import dev.airtrace.processor.StreamProcessorApp;
import dev.airtrace.topics.Topics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The stream processor's Prometheus meters and {@code /health}, read from the Kafka Streams client
 * on every scrape (nothing is sampled in between):
 *
 * <ul>
 *   <li>{@code airtrace_processor_state{state}}: 1 for the current Kafka Streams state, 0 for the
 *       others;
 *   <li>{@code airtrace_processor_lag_records}: records behind the end of the input partitions this
 *       instance owns (sum of the main consumers' {@code records-lag});
 *   <li>{@code airtrace_processor_records_processed_total}: records the stream threads processed;
 *   <li>{@code airtrace_processor_deadletters_total}: records sent to the processor's dead-letter
 *       topic (producers' {@code record-send-total} for that topic; sends in an aborted transaction
 *       count too);
 *   <li>{@code airtrace_processor_send_errors_total}: producer send errors;
 *   <li>{@code airtrace_processor_failed}: 1 once an exception stopped a stream thread.
 * </ul>
 *
 * <p>Health: {@code UP} while {@code RUNNING}, {@code STARTING} while created or rebalancing,
 * {@code DOWN} otherwise. Stateless; thread-safe as far as the app is.
 */
final class ProcessorTelemetry {
  private ProcessorTelemetry() {}

  /** Registers the meters above for {@code app} in {@code registry}. */
  static void bind(StreamProcessorApp app, MeterRegistry registry) {
    for (KafkaStreams.State state : KafkaStreams.State.values()) {
      Gauge.builder("airtrace.processor.state", app, a -> a.state() == state ? 1 : 0)
          .tag("state", state.name())
          .description("1 for the Kafka Streams state the processor is in")
          .register(registry);
    }
    Gauge.builder("airtrace.processor.lag.records", app, ProcessorTelemetry::lag)
        .description("records behind the end of the input partitions this instance owns")
        .register(registry);
    FunctionCounter.builder(
            "airtrace.processor.records.processed",
            app,
            a -> sum(a, "stream-thread-metrics", "process-total", n -> true))
        .description("records processed by the stream threads")
        .register(registry);
    String deadLetters = Topics.PROCESSOR_DEAD_LETTERS.name();
    FunctionCounter.builder(
            "airtrace.processor.deadletters",
            app,
            a ->
                sum(
                    a,
                    "producer-topic-metrics",
                    "record-send-total",
                    n -> deadLetters.equals(n.tags().get("topic"))))
        .description("records sent to the processor dead-letter topic")
        .register(registry);
    FunctionCounter.builder(
            "airtrace.processor.send.errors",
            app,
            a -> sum(a, "producer-metrics", "record-error-total", n -> true))
        .description("records the processor's producers failed to send")
        .register(registry);
    Gauge.builder("airtrace.processor.failed", app, a -> a.failure().isPresent() ? 1 : 0)
        .description("1 once an exception stopped a stream thread")
        .register(registry);
  }

  /** The health of {@code app}, as described in the class comment. */
  static Health health(StreamProcessorApp app) {
    KafkaStreams.State state = app.state();
    Health.Status status =
        switch (state) {
          case RUNNING -> Health.Status.UP;
          case CREATED, REBALANCING -> Health.Status.STARTING;
          default -> Health.Status.DOWN;
        };
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("streams", state.name());
    details.put("lagRecords", (long) lag(app));
    app.failure().ifPresent(f -> details.put("error", ErrorHandlers.describe(f)));
    return new Health(status, details);
  }

  /** Sum of {@code records-lag} over the main consumers' assigned partitions. */
  static double lag(StreamProcessorApp app) {
    return sum(
        app,
        "consumer-fetch-manager-metrics",
        "records-lag",
        n ->
            n.tags().containsKey("partition")
                && !n.tags().getOrDefault("client-id", "").contains("restore-consumer"));
  }

  private static double sum(
      StreamProcessorApp app, String group, String name, Predicate<MetricName> filter) {
    double total = 0;
    for (Map.Entry<MetricName, ? extends Metric> e : app.metrics().entrySet()) {
      MetricName n = e.getKey();
      if (n.group().equals(group) && n.name().equals(name) && filter.test(n)) {
        Object v = e.getValue().metricValue();
        if (v instanceof Number number && Double.isFinite(number.doubleValue())) {
          total += number.doubleValue();
        }
      }
    }
    return total;
  }
}
