package dev.airtrace.processor;

import static dev.airtrace.processor.ReadingBuilder.at;
import static dev.airtrace.processor.ReadingBuilder.reading;
import static org.assertj.core.api.Assertions.assertThat;

import dev.airtrace.core.Reading;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeduplicateProcessorTest {
  private static final Duration RETENTION = Duration.ofHours(48);

  private MockProcessorContext<String, SourcedReading> context;
  private DeduplicateProcessor processor;

  @BeforeEach
  void init() {
    context = new MockProcessorContext<>();
    WindowStore<String, Long> store =
        Stores.windowStoreBuilder(
                Stores.inMemoryWindowStore("dedup", RETENTION, RETENTION, false),
                Serdes.String(),
                Serdes.Long())
            .withLoggingDisabled()
            .build();
    store.init(context.getStateStoreContext(), store);
    context.addStateStore(store);
    processor = new DeduplicateProcessor("dedup", RETENTION);
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
  void shouldDropARepeatedDeviceAndSequenceEvenWithAnotherEventTime() {
    process(reading().device("d1").seq(1).at(at(0, 0)));
    process(reading().device("d1").seq(1).at(at(0, 0)));
    process(reading().device("d1").seq(1).at(at(30, 0))); // 30 h later, within 48 h

    assertThat(forwarded()).isEqualTo(1);
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
