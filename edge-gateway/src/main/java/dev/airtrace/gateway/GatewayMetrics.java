package dev.airtrace.gateway;

import dev.airtrace.core.CorrectionStatus;
import dev.airtrace.core.GatewayId;
import dev.airtrace.core.deadletter.RejectReason;
import dev.airtrace.gateway.models.EdgeModels;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The gateway's counters, one source for both {@link GatewayStatus} and Micrometer: every meter is
 * a function counter or gauge over the same atomic values, so the status line and the metrics can
 * never disagree. Thread-safe: the worker and the Kafka I/O thread update it.
 */
final class GatewayMetrics {
  static final String PREFIX = "airtrace.gateway.";

  final AtomicLong received = new AtomicLong();
  final AtomicLong accepted = new AtomicLong();
  final AtomicLong duplicates = new AtomicLong();
  final AtomicLong gaps = new AtomicLong();
  final AtomicLong produced = new AtomicLong();
  final AtomicLong acked = new AtomicLong();
  final AtomicLong ackSkipped = new AtomicLong();
  final AtomicLong inFlight = new AtomicLong();
  final AtomicLong aggregatesEmitted = new AtomicLong();
  final AtomicLong lateForAggregates = new AtomicLong();
  final AtomicLong internalErrors = new AtomicLong();
  final AtomicLong counterResets = new AtomicLong();
  final AtomicLong merkleBatchesSealed = new AtomicLong();
  final Map<RejectReason, AtomicLong> rejected = new EnumMap<>(RejectReason.class);
  final Timer ackLatency;
  private final MeterRegistry registry;
  private final Tags tags;

  GatewayMetrics(
      MeterRegistry registry,
      GatewayId gatewayId,
      Supplier<Number> queueDepth,
      Supplier<Boolean> mqttConnected,
      Supplier<Number> mqttReconnects) {
    this.registry = registry;
    Tags tags = Tags.of("gateway", gatewayId.value());
    this.tags = tags;
    for (RejectReason reason : RejectReason.values()) {
      AtomicLong count = new AtomicLong();
      rejected.put(reason, count);
      FunctionCounter.builder(PREFIX + "readings.rejected", count, AtomicLong::get)
          .tags(tags.and("reason", reason.name()))
          .description("dead letters written, by reason")
          .register(registry);
    }
    counter(registry, tags, "messages.received", received, "MQTT messages taken for processing");
    counter(registry, tags, "readings.accepted", accepted, "readings accepted and sent to Kafka");
    counter(registry, tags, "readings.duplicates", duplicates, "readings rejected as duplicates");
    counter(registry, tags, "sequence.gaps", gaps, "sequence numbers found missing");
    counter(
        registry,
        tags,
        "sequence.resets",
        counterResets,
        "device counter resets detected (a new counter epoch started, nothing dropped)");
    counter(registry, tags, "kafka.records.acknowledged", produced, "records Kafka acknowledged");
    counter(registry, tags, "messages.acknowledged", acked, "MQTT messages acknowledged");
    counter(
        registry,
        tags,
        "messages.ack.skipped",
        ackSkipped,
        "MQTT acknowledgements not sent because the connection changed (broker redelivers)");
    counter(registry, tags, "aggregates.emitted", aggregatesEmitted, "one-minute aggregates sent");
    counter(
        registry,
        tags,
        "aggregates.late.readings",
        lateForAggregates,
        "readings that arrived after their minute was emitted");
    counter(
        registry,
        tags,
        "internal.errors",
        internalErrors,
        "unexpected failures on one message (bugs), each an INTERNAL_ERROR dead letter");
    counter(
        registry, tags, "batches.sealed", merkleBatchesSealed, "Merkle batches sealed and sent");
    Gauge.builder(PREFIX + "messages.inflight", inFlight, AtomicLong::get)
        .tags(tags)
        .description("MQTT messages waiting for Kafka before they are acknowledged")
        .register(registry);
    Gauge.builder(PREFIX + "queue.depth", () -> queueDepth.get())
        .tags(tags)
        .description("MQTT messages waiting in the hand-off queue")
        .register(registry);
    Gauge.builder(PREFIX + "mqtt.connected", () -> mqttConnected.get() ? 1 : 0)
        .tags(tags)
        .description("1 while the MQTT intake is connected")
        .register(registry);
    FunctionCounter.builder(PREFIX + "mqtt.reconnects", mqttReconnects, s -> s.get().doubleValue())
        .tags(tags)
        .description("MQTT connections lost")
        .register(registry);
    ackLatency =
        Timer.builder(PREFIX + "ack.latency")
            .tags(tags)
            .description("from MQTT receive to MQTT acknowledgement")
            .register(registry);
  }

  /**
   * Meters of the models: the backend in use ({@code airtrace.inference.backend{backend="ort-cpu"}}
   * = 1), the serving version and reloads per model, refused versions, detector runs, values
   * scored, seconds spent, failures, anomalies found, and PM2.5 corrections by status.
   */
  void bindModels(EdgeModels models) {
    models
        .backend()
        .ifPresent(
            b ->
                Gauge.builder("airtrace.inference.backend", () -> 1)
                    .tags(tags.and("backend", b.token()))
                    .description("1 for the inference backend the gateway's models run on")
                    .register(registry));
    for (String model : models.config().servedModels()) {
      Gauge.builder(
              PREFIX + "model.version",
              models,
              m -> m.versions().getOrDefault(model, 0L).doubleValue())
          .tags(tags.and("model", model))
          .description("version of the model serving now")
          .register(registry);
      FunctionCounter.builder(PREFIX + "model.reloads", models, m -> m.reloads(model))
          .tags(tags.and("model", model))
          .description("new model versions swapped in without restart")
          .register(registry);
    }
    FunctionCounter.builder(PREFIX + "model.refusals", models, EdgeModels::refusals)
        .tags(tags)
        .description("model versions refused (hash, signature or golden check failed)")
        .register(registry);
    FunctionCounter.builder(PREFIX + "anomaly.detector.runs", models, EdgeModels::detectorRuns)
        .tags(tags)
        .description("detector runs, one per model batch")
        .register(registry);
    FunctionCounter.builder(
            PREFIX + "anomaly.detector.observations", models, EdgeModels::observations)
        .tags(tags)
        .description("values scored by the detector")
        .register(registry);
    FunctionCounter.builder(
            PREFIX + "anomaly.detector.seconds", models, m -> m.detectorNanos() / 1e9)
        .tags(tags)
        .description("time spent in the detector")
        .register(registry);
    FunctionCounter.builder(
            PREFIX + "anomaly.detector.failures", models, EdgeModels::detectorFailures)
        .tags(tags)
        .description("detector runs that failed; their readings went out unmarked")
        .register(registry);
    FunctionCounter.builder(PREFIX + "anomaly.series.released", models, EdgeModels::seriesReleased)
        .tags(tags)
        .description(
            "series whose detector state was released (idle past anomaly idleRelease, or beyond"
                + " maxSeries); each re-learns from scratch if it reports again")
        .register(registry);
    FunctionCounter.builder(PREFIX + "anomalies", models, EdgeModels::anomalies)
        .tags(tags)
        .description("anomalous values found (one anomaly event each)")
        .register(registry);
    FunctionCounter.builder(PREFIX + "anomalies.spatial", models, EdgeModels::spatialEvents)
        .tags(tags)
        .description("anomaly events from the neighbour comparison (drift, level shift, stuck)")
        .register(registry);
    FunctionCounter.builder(
            PREFIX + "anomaly.unusual.withheld", models, EdgeModels::unusualWithheld)
        .tags(tags)
        .description(
            "verdicts of the statistical likelihood alone that raised no event (below"
                + " the configured unusualMinLikelihood)")
        .register(registry);
    for (CorrectionStatus status : CorrectionStatus.values()) {
      FunctionCounter.builder(PREFIX + "corrections", models, m -> m.corrections(status))
          .tags(tags.and("status", status.code()))
          .description("PM2.5 corrections attempted, by outcome")
          .register(registry);
    }
  }

  private static void counter(
      MeterRegistry registry, Tags tags, String name, AtomicLong value, String description) {
    FunctionCounter.builder(PREFIX + name, value, AtomicLong::get)
        .tags(tags)
        .description(description)
        .register(registry);
  }

  Map<RejectReason, Long> rejectedSnapshot() {
    Map<RejectReason, Long> out = new EnumMap<>(RejectReason.class);
    rejected.forEach((reason, count) -> out.put(reason, count.get()));
    return out;
  }
}
