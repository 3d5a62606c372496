package dev.airtrace.gateway;

import dev.airtrace.core.GatewayId;
import dev.airtrace.core.deadletter.RejectReason;
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
  final AtomicLong batchesSealed = new AtomicLong();
  final Map<RejectReason, AtomicLong> rejected = new EnumMap<>(RejectReason.class);
  final Timer ackLatency;

  GatewayMetrics(
      MeterRegistry registry,
      GatewayId gatewayId,
      Supplier<Number> queueDepth,
      Supplier<Boolean> mqttConnected,
      Supplier<Number> mqttReconnects) {
    Tags tags = Tags.of("gateway", gatewayId.value());
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
    counter(registry, tags, "internal.errors", internalErrors, "unexpected decoder failures");
    counter(registry, tags, "batches.sealed", batchesSealed, "Merkle batches sealed and sent");
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
