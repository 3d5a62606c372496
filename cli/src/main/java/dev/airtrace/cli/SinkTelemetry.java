package dev.airtrace.cli;

import dev.airtrace.sink.influx.standalone.StandaloneSinkWorker;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The InfluxDB sink's Prometheus meters and {@code /health}. Kafka Connect keeps its task and
 * consumer metrics in JMX only, so they are read from the platform MBean server on every scrape:
 *
 * <ul>
 *   <li>{@code airtrace_sink_connector_running}: 1 while the connector and all its tasks run;
 *   <li>{@code airtrace_sink_tasks{state}}: tasks per Connect state ({@code RUNNING}, {@code
 *       FAILED}, ...);
 *   <li>{@code airtrace_sink_lag_records}: records behind the end of the topics the connector reads
 *       (its consumer's {@code records-lag}, summed over partitions);
 *   <li>{@code airtrace_sink_records_read_total}: records the tasks read from Kafka ({@code
 *       sink-record-read-total});
 *   <li>{@code airtrace_sink_records_put_total}: records handed to the task for writing ({@code
 *       sink-record-send-total}); a record's points are in InfluxDB once the offset after it is
 *       committed, which Connect does only after the task flushed them;
 *   <li>{@code airtrace_sink_offset_commits_total}: offset commits that completed;
 *   <li>{@code airtrace_sink_errors_total}: record errors and failures ({@code total-record-errors}
 *       + {@code total-record-failures}).
 * </ul>
 *
 * <p>Health: {@code UP} while running, {@code DOWN} once the connector or a task failed, {@code
 * STARTING} otherwise. Stateless and thread-safe.
 */
final class SinkTelemetry {
  private static final MBeanServer JMX = ManagementFactory.getPlatformMBeanServer();
  private static final List<String> TASK_STATES =
      List.of("RUNNING", "PAUSED", "FAILED", "UNASSIGNED", "RESTARTING");

  private SinkTelemetry() {}

  /** Registers the meters above for {@code worker} in {@code registry}. */
  static void bind(StandaloneSinkWorker worker, MeterRegistry registry) {
    String connector = worker.connectorName();
    Gauge.builder("airtrace.sink.connector.running", worker, w -> w.status().isRunning() ? 1 : 0)
        .description("1 while the connector and all its tasks run")
        .register(registry);
    for (String state : TASK_STATES) {
      Gauge.builder(
              "airtrace.sink.tasks",
              worker,
              w -> w.status().tasks().stream().filter(state::equals).count())
          .tag("state", state)
          .description("sink tasks in each Kafka Connect state")
          .register(registry);
    }
    Gauge.builder("airtrace.sink.lag.records", connector, SinkTelemetry::lag)
        .description("records behind the end of the topics the sink reads")
        .register(registry);
    FunctionCounter.builder(
            "airtrace.sink.records.read",
            connector,
            c -> taskMetric(c, "sink-task-metrics", "sink-record-read-total"))
        .description("records the sink tasks read from Kafka")
        .register(registry);
    FunctionCounter.builder(
            "airtrace.sink.records.put",
            connector,
            c -> taskMetric(c, "sink-task-metrics", "sink-record-send-total"))
        .description("records handed to the sink task for writing to InfluxDB")
        .register(registry);
    FunctionCounter.builder(
            "airtrace.sink.offset.commits",
            connector,
            c -> taskMetric(c, "sink-task-metrics", "offset-commit-completion-total"))
        .description("offset commits that completed (points before them are in InfluxDB)")
        .register(registry);
    FunctionCounter.builder(
            "airtrace.sink.errors",
            connector,
            c ->
                taskMetric(c, "task-error-metrics", "total-record-errors")
                    + taskMetric(c, "task-error-metrics", "total-record-failures"))
        .description("record errors and failures in the sink tasks")
        .register(registry);
  }

  /** The health of {@code worker}, as described in the class comment. */
  static Health health(StandaloneSinkWorker worker) {
    StandaloneSinkWorker.Status s = worker.status();
    Health.Status status =
        s.isRunning()
            ? Health.Status.UP
            : s.hasFailed() ? Health.Status.DOWN : Health.Status.STARTING;
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("connector", s.connector());
    details.put("tasks", s.tasks());
    details.put("lagRecords", (long) lag(worker.connectorName()));
    if (s.hasFailed() && s.trace() != null) {
      details.put("error", s.trace().lines().findFirst().orElse(""));
    }
    return new Health(status, details);
  }

  /** Sum of the connector's consumer {@code records-lag} over its partitions. */
  static double lag(String connector) {
    String client = "connector-consumer-" + connector + "-";
    return sum(
        "kafka.consumer:type=consumer-fetch-manager-metrics,*",
        "records-lag",
        n ->
            n.getKeyProperty("partition") != null
                && unquote(n.getKeyProperty("client-id")).startsWith(client));
  }

  private static double taskMetric(String connector, String type, String attribute) {
    return sum(
        "kafka.connect:type=" + type + ",*",
        attribute,
        n -> connector.equals(unquote(n.getKeyProperty("connector"))));
  }

  private static double sum(String pattern, String attribute, Predicate<ObjectName> filter) {
    double total = 0;
    try {
      for (ObjectName name : JMX.queryNames(new ObjectName(pattern), null)) {
        if (!filter.test(name)) {
          continue;
        }
        Object v = JMX.getAttribute(name, attribute);
        if (v instanceof Number n && Double.isFinite(n.doubleValue())) {
          total += n.doubleValue();
        }
      }
    } catch (JMException e) {
      // An MBean that vanished between query and read (a task restarting) counts as nothing now.
      return total;
    }
    return total;
  }

  private static String unquote(String value) {
    if (value == null) {
      return "";
    }
    return value.startsWith("\"") && value.endsWith("\"") && value.length() >= 2
        ? ObjectName.unquote(value)
        : value;
  }
}
