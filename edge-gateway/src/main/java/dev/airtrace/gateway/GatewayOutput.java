package dev.airtrace.gateway;

import dev.airtrace.core.deadletter.DeadLetter;
import dev.airtrace.core.integrity.BatchHeader;
import dev.airtrace.gateway.integrity.MerkleBatcher;
import dev.airtrace.gateway.kafka.RecordSink;
import dev.airtrace.gateway.kafka.RecordSink.GroupRecord;
import dev.airtrace.topics.deadletter.DeadLetterJson;
import dev.airtrace.topics.gateway.AcceptedReading;
import dev.airtrace.topics.gateway.AggregateJson;
import dev.airtrace.topics.gateway.AnomalyEvent;
import dev.airtrace.topics.gateway.AnomalyEventJson;
import dev.airtrace.topics.gateway.BatchHeaderJson;
import dev.airtrace.topics.gateway.DeviceAggregate;
import dev.airtrace.topics.gateway.ReadingJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Where the gateway's typed records go: it picks each one's topic (the configured names of the
 * {@code dev.airtrace.topics.Topics} contracts) and encoder, and hands the bytes to the {@link
 * RecordSink}. Records that belong to an MQTT message count against its {@link InFlightMessage}, so
 * the message is acknowledged only once Kafka has all of them; aggregates belong to no message.
 *
 * <p>Every acknowledged record counts in {@code kafka.records.acknowledged}; any failure goes to
 * {@code onFailure} (the producer is broken, the gateway stops) and the record's message is left
 * unacknowledged.
 *
 * <p><b>Groups.</b> Between {@link #beginGroup()} and {@link #endGroup()} records are collected
 * instead of sent, and {@code endGroup} hands them to {@link RecordSink#sendGroup} as one unit: on
 * the outbox one atomic append, so a worker pass's readings, dead letters, aggregates, anomaly
 * events and batch header are stored all together or not at all. Each record's completion (its
 * message's count, a header's release of the messages that waited for it) runs, in order, when the
 * group completes.
 *
 * <p>Threading: the worker thread calls every method; callbacks run on the sink's I/O thread and
 * only count and complete.
 */
final class GatewayOutput {
  private final RecordSink sink;
  private final GatewayMetrics metrics;
  private final Consumer<Exception> onFailure;
  private final String readingsTopic;
  private final String aggregatesTopic;
  private final String deadLettersTopic;
  private final String anomaliesTopic;
  private final String headersTopic;
  private List<GroupRecord> group; // null outside a group; worker thread only
  private List<Runnable> groupCompletions; // one per group record, null entries for none

  GatewayOutput(
      GatewayConfig config,
      RecordSink sink,
      GatewayMetrics metrics,
      Consumer<Exception> onFailure) {
    this.sink = sink;
    this.metrics = metrics;
    this.onFailure = onFailure;
    this.readingsTopic = config.topics().readings();
    this.aggregatesTopic = config.topics().aggregates();
    this.deadLettersTopic = config.topics().deadLetters();
    this.anomaliesTopic = config.models().anomaliesTopic();
    this.headersTopic = config.integrity().headersTopic();
  }

  /**
   * The record value of an accepted reading. Separate from {@link #reading} so that a failure to
   * encode one reading (a bug) can be told from a broken producer: the worker dead-letters that
   * reading and goes on, while a send failure stops the gateway.
   */
  static byte[] encode(AcceptedReading reading) {
    return ReadingJson.encode(reading);
  }

  /** An accepted reading's {@link #encode encoded} record, keyed by its message's key. */
  void reading(String key, byte[] encodedReading, InFlightMessage owner) {
    send(readingsTopic, key, encodedReading, owner);
  }

  /**
   * An anomaly event, keyed by its device. Tied to the message like its reading: the message is
   * acknowledged to MQTT only once the event is in Kafka, so a crash re-detects rather than loses
   * it.
   */
  void anomaly(AnomalyEvent event, InFlightMessage owner) {
    send(anomaliesTopic, event.deviceId().value(), AnomalyEventJson.encode(event), owner);
  }

  /** A rejected message or reading, keyed by its message's key ({@code null} when unknown). */
  void deadLetter(String key, DeadLetter deadLetter, InFlightMessage owner) {
    send(deadLettersTopic, key, DeadLetterJson.encode(deadLetter), owner);
  }

  /**
   * A one-minute aggregate, keyed by its device. Not tied to any MQTT message: its readings were
   * acknowledged on their own records. A failure is still fatal, because it means the producer is
   * broken.
   */
  void aggregate(DeviceAggregate aggregate) {
    metrics.aggregatesEmitted.incrementAndGet();
    if (group != null) {
      add(aggregatesTopic, aggregate.deviceId().value(), AggregateJson.encode(aggregate), null);
      return;
    }
    sink.send(
        aggregatesTopic,
        aggregate.deviceId().value(),
        AggregateJson.encode(aggregate),
        failure -> {
          if (failure != null) {
            onFailure.accept(failure);
          } else {
            metrics.produced.incrementAndGet();
          }
        });
  }

  /**
   * A sealed batch's signed header, keyed {@code <gatewayId>:<seq>}; {@code onAcknowledged} runs on
   * the sink's I/O thread once Kafka has it (it releases the messages that waited for the seal).
   */
  void batchHeader(BatchHeader header, Runnable onAcknowledged) {
    if (group != null) {
      add(headersTopic, MerkleBatcher.key(header), BatchHeaderJson.encode(header), onAcknowledged);
      return;
    }
    sink.send(
        headersTopic,
        MerkleBatcher.key(header),
        BatchHeaderJson.encode(header),
        failure -> {
          if (failure != null) {
            onFailure.accept(failure);
          } else {
            metrics.produced.incrementAndGet();
            onAcknowledged.run();
          }
        });
  }

  /** Blocks until every record handed over so far has completed. */
  void flush() {
    sink.flush();
  }

  /**
   * From now until {@link #endGroup()}, records are collected into one group instead of sent. A
   * group left open by a pass that failed is discarded: its messages stay unacknowledged and the
   * broker redelivers them.
   */
  void beginGroup() {
    group = new ArrayList<>();
    groupCompletions = new ArrayList<>();
  }

  /**
   * Hands the collected records to the sink as one group (nothing if none were collected); their
   * completions run when the sink completes the group.
   */
  void endGroup() {
    endGroup(Map.of());
  }

  /**
   * As {@link #endGroup()}, storing {@code state} in the same atomic write ({@link
   * RecordSink#sendGroup(List, Map, RecordSink.Callback)}); only for a sink that appends groups
   * atomically.
   */
  void endGroup(Map<String, byte[]> state) {
    endGroup(state, null);
  }

  /**
   * As {@link #endGroup(Map)}; {@code onStored} (may be {@code null}) runs on the sink's I/O thread
   * once the group and {@code state} are stored, before the records' completions.
   */
  void endGroup(Map<String, byte[]> state, Runnable onStored) {
    List<GroupRecord> records = group;
    List<Runnable> completions = groupCompletions;
    group = null;
    groupCompletions = null;
    if (records == null || records.isEmpty()) {
      return; // nothing of the pass changed: no state either
    }
    sink.sendGroup(
        records,
        state,
        failure -> {
          if (failure != null) {
            onFailure.accept(failure);
            return;
          }
          metrics.produced.addAndGet(records.size());
          if (onStored != null) {
            onStored.run();
          }
          for (Runnable completion : completions) {
            if (completion != null) {
              completion.run();
            }
          }
        });
  }

  private void add(String topic, String key, byte[] value, Runnable completion) {
    group.add(new GroupRecord(topic, key, value));
    groupCompletions.add(completion);
  }

  private void send(String topic, String key, byte[] value, InFlightMessage owner) {
    owner.recordSent();
    if (group != null) {
      add(topic, key, value, owner::recordAcknowledged);
      return;
    }
    sink.send(
        topic,
        key,
        value,
        failure -> {
          if (failure != null) {
            onFailure.accept(failure);
          } else {
            metrics.produced.incrementAndGet();
            owner.recordAcknowledged();
          }
        });
  }
}
