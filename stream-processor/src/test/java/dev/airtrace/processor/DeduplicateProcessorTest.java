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

class DeduplicateProcessorTest {
  private static final Duration RETENTION = Duration.ofHours(48);

  /** Counter-reset tolerance of these tests: 2 minutes. */
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

  private int forwarded() {
    return context.forwarded().size();
  }

  @Test
  void shouldForwardTheFirstReadingOfEachDeviceAndSequence() {
    process(reading().device("d1").seq(1).at(at(0, 0)));
    process(reading().device("d1").seq(2).at(at(0, 1)));
    process(reading().device("d2").seq(1).at(at(0, 2)));

    assertThat(forwarded()).isEqualTo(3);
  }

  @Test
  void shouldDropARepeatedDeviceAndSequenceWhetherReplayedOrRestampedWithinTolerance() {
    process(reading().device("d1").seq(1).at(at(0, 0)));
    process(reading().device("d1").seq(1).at(at(0, 0))); // exact replay
    process(reading().device("d1").seq(1).at(at(0, 2))); // 2 min later: not more than tolerance

    assertThat(forwarded()).isEqualTo(1);
    assertThat(total(DeduplicateProcessor.METRIC_OPERATION)).isEqualTo(2.0);
  }

  @Test
  void shouldStartNewEpochWhenDeviceRestartsItsCounter() {
    process(reading().device("d1").seq(500).at(at(0, 0)));
    process(reading().device("d1").seq(501).at(at(0, 1))); // latest: 00:01
    process(reading().device("d1").seq(0).at(at(0, 4))); // 3 min later, counter back at 0
    process(reading().device("d1").seq(1).at(at(0, 5)));

    assertThat(forwarded()).isEqualTo(4);
    assertThat(total(DeduplicateProcessor.RESET_OPERATION)).isEqualTo(1.0);
  }

  @Test
  void shouldNotLoseReadingsWhenRestartedCounterReusesNumbersSeenBefore() {
    for (int m = 0; m < 5; m++) {
      process(reading().device("d1").seq(m).at(at(0, m))); // epoch 1: seq 0..4 at 00:00..00:04
    }
    for (int m = 0; m < 5; m++) {
      process(reading().device("d1").seq(m).at(at(1, m))); // epoch 2: seq 0..4 at 01:00..01:04
    }

    assertThat(forwarded()).isEqualTo(10);
  }

  @Test
  void shouldStillDropReplayOfReadingFromBeforeTheReset() {
    for (int m = 0; m < 5; m++) {
      process(reading().device("d1").seq(m).at(at(0, m)));
    }
    process(reading().device("d1").seq(0).at(at(1, 0))); // reset
    process(reading().device("d1").seq(1).at(at(1, 1)));

    process(reading().device("d1").seq(3).at(at(0, 3))); // replay of epoch 1, above epoch 2's high
    process(reading().device("d1").seq(1).at(at(0, 1))); // replay of epoch 1, reused in epoch 2
    process(reading().device("d1").seq(1).at(at(1, 1))); // replay of epoch 2

    assertThat(forwarded()).isEqualTo(7);
    assertThat(total(DeduplicateProcessor.METRIC_OPERATION)).isEqualTo(3.0);
  }

  @Test
  void shouldForwardStragglerOfEarlierEpochThatWasNeverSeen() {
    process(reading().device("d1").seq(0).at(at(0, 0)));
    process(reading().device("d1").seq(2).at(at(0, 2))); // seq 1 still on its way
    process(reading().device("d1").seq(0).at(at(1, 0))); // reset
    process(reading().device("d1").seq(1).at(at(1, 1)));

    process(reading().device("d1").seq(1).at(at(0, 1))); // epoch 1's seq 1 arrives late

    assertThat(forwarded()).isEqualTo(5);
  }

  @Test
  void shouldKeepTheNumbersOfADeviceCountingUpAsOneInterval() {
    process(reading().device("d1").seq(1).at(at(0, 0)));
    process(reading().device("d1").seq(2).at(at(0, 1)));
    process(reading().device("d1").seq(3).at(at(0, 2)));
    process(reading().device("d1").seq(2).at(at(0, 1))); // duplicate: not stored again
    process(reading().device("d1").seq(0).at(at(0, 0))); // late but new: extends the interval down
    process(reading().device("d1").seq(4).at(at(0, 3)));

    DeviceDedupState state = stored("d1");
    assertThat(state.current().toString())
        .isEqualTo("[0..4@" + at(0, 0).toEpochMilli() + ".." + at(0, 3).toEpochMilli() + "]");
    assertThat(state.earlier().size()).isZero();
    assertThat(forwarded()).isEqualTo(5);
    assertThat(total(DeduplicateProcessor.METRIC_OPERATION)).isEqualTo(1.0);
  }

  private DeviceDedupState stored(String device) {
    KeyValueStore<String, DeviceDedupState> store = context.getStateStore("dedup");
    return store.get(device);
  }

  private double total(String operation) {
    return context.metrics().metrics().entrySet().stream()
        .filter(e -> e.getKey().name().equals(operation + "-total"))
        .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
        .sum();
  }

  @Test
  void shouldForgetAPairOnceItsRetentionHasPassed() {
    process(reading().device("d1").seq(1).at(at(0, 0)));
    process(reading().device("d1").seq(2).at(at(72, 0))); // store time moves 72 h on
    process(reading().device("d1").seq(1).at(at(0, 0))); // now beyond retention

    assertThat(forwarded()).isEqualTo(3);
  }

  @Test
  void shouldNotConfuseDevicesWhoseIdsShareAPrefix() {
    // "d1" seq 11 and "d11" seq 1 must be different keys
    process(reading().device("d1").seq(11).at(at(0, 0)));
    process(reading().device("d11").seq(1).at(at(0, 0)));

    assertThat(forwarded()).isEqualTo(2);
  }
}
