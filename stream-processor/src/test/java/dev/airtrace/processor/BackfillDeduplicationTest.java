package dev.airtrace.processor;

import static dev.airtrace.processor.ReadingBuilder.at;
import static dev.airtrace.processor.ReadingBuilder.reading;
import static org.assertj.core.api.Assertions.assertThat;

import dev.airtrace.core.Reading;
import dev.airtrace.core.validation.CounterResetRule;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway's outbox sends live readings before its backlog after an outage, so the processor
 * sees a device's newer sequence numbers first and its older ones (older event times) later. Those
 * backfilled readings must pass de-duplication as ordinary late readings: not duplicates, not
 * counter resets; a second copy of one (re-sent after a gateway crash) is still a duplicate.
 */
class BackfillDeduplicationTest {
  private static final Duration RETENTION = Duration.ofHours(48);
  private static final CounterResetRule RESETS = new CounterResetRule(Duration.ofMinutes(2));

  private MockProcessorContext<String, SourcedReading> context;
  private DeduplicateProcessor processor;

  @BeforeEach
  void init() {
    context = new MockProcessorContext<>();
    KeyValueStore<String, DeviceDedupState> devices =
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore("dedup"),
                Serdes.String(),
                StateSerdes.deviceDedupState())
            .withLoggingDisabled()
            .build();
    devices.init(context.getStateStoreContext(), devices);
    context.addStateStore(devices);
    processor = new DeduplicateProcessor("dedup", RETENTION, RESETS);
    processor.init(context);
  }

  private void process(ReadingBuilder r) {
    Reading reading = r.build();
    processor.process(
        new Record<>(
            reading.deviceId().value(),
            new SourcedReading(reading, "kafka:t/0/0", r.bytes()),
            reading.eventTime()));
  }

  private double total(String operation) {
    return context.metrics().metrics().entrySet().stream()
        .filter(e -> e.getKey().name().equals(operation + "-total"))
        .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
        .sum();
  }

  @Test
  void shouldForwardBackfilledReadingsThatArriveAfterNewerLiveOnes() {
    for (int m = 30; m < 40; m++) {
      process(reading().device("d1").seq(70 + m).at(at(0, m))); // live: seq 100..109, 00:30..00:39
    }
    for (int m = 0; m < 30; m++) {
      process(reading().device("d1").seq(70 + m).at(at(0, m))); // backfill: seq 70..99, 00:00..
    }

    assertThat(context.forwarded()).hasSize(40);
    assertThat(total(DeduplicateProcessor.METRIC_OPERATION)).isZero();
    assertThat(total(DeduplicateProcessor.RESET_OPERATION)).isZero();
  }

  @Test
  void shouldStillDropASecondCopyOfABackfilledReading() {
    process(reading().device("d1").seq(10).at(at(0, 10))); // live
    process(reading().device("d1").seq(5).at(at(0, 5))); // backfill
    process(reading().device("d1").seq(5).at(at(0, 5))); // re-sent after a gateway crash

    assertThat(context.forwarded()).hasSize(2);
    assertThat(total(DeduplicateProcessor.METRIC_OPERATION)).isEqualTo(1.0);
  }

  @Test
  void shouldKeepBackfillFromACounterResetDuringTheOutage() {
    for (int m = 0; m < 3; m++) {
      process(reading().device("d1").seq(500 + m).at(at(0, m))); // before the outage, 00:00..02
    }
    // The device restarted at 00:10 during the outage (seq 0..19 from 00:10); the link returns
    // at 00:20 and live readings seq 20..29 arrive first: a reset (seq <= 502, 18 min later).
    for (int m = 20; m < 30; m++) {
      process(reading().device("d1").seq(m).at(at(0, 10 + m)));
    }
    for (int m = 0; m < 20; m++) {
      process(reading().device("d1").seq(m).at(at(0, 10 + m))); // backfill: seq 0..19
    }

    assertThat(context.forwarded()).hasSize(3 + 10 + 20);
    assertThat(total(DeduplicateProcessor.METRIC_OPERATION)).isZero();
    assertThat(total(DeduplicateProcessor.RESET_OPERATION)).isEqualTo(1.0);
  }
}
