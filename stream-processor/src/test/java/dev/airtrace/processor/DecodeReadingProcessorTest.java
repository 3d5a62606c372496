package dev.airtrace.processor;

import static dev.airtrace.processor.ReadingBuilder.at;
import static dev.airtrace.processor.ReadingBuilder.reading;
import static org.assertj.core.api.Assertions.assertThat;

import dev.airtrace.core.deadletter.DeadLetter;
import dev.airtrace.core.deadletter.RejectReason;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DecodeReadingProcessorTest {
  private static final long NOW = 1_700_000_000_000L;

  private MockProcessorContext<String, Routed<SourcedReading>> context;
  private DecodeReadingProcessor processor;

  @BeforeEach
  void init() {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "proc-1");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    context = new MockProcessorContext<>(props);
    context.setRecordMetadata("airtrace.gateway.readings.v1", 3, 42);
    context.setCurrentSystemTimeMs(NOW);
    processor = new DecodeReadingProcessor();
    processor.init(context);
  }

  private Record<? extends String, ? extends Routed<SourcedReading>> onlyForward() {
    assertThat(context.forwarded()).hasSize(1);
    return context.forwarded().get(0).record();
  }

  @Test
  void shouldPassAReadingOnWithItsEventTimeAsTimestampAndItsSource() {
    ReadingBuilder r = reading().device("d1").at(at(2, 15)).pm25(7.5);

    processor.process(new Record<>("d1", r.bytes(), 123L));

    Record<? extends String, ? extends Routed<SourcedReading>> out = onlyForward();
    assertThat(out.key()).isEqualTo("d1");
    assertThat(out.timestamp()).isEqualTo(at(2, 15).toEpochMilli());
    assertThat(out.value().rejected()).isFalse();
    assertThat(out.value().value())
        .isEqualTo(
            new SourcedReading(r.build(), "kafka:airtrace.gateway.readings.v1/3/42", r.bytes()));
  }

  @Test
  void shouldTurnUndecodableBytesIntoADeadLetterWithTheOriginalBytes() {
    byte[] garbage = "{\"deviceId\":".getBytes(StandardCharsets.UTF_8);

    processor.process(new Record<>("d1", garbage, 123L));

    DeadLetter d = onlyForward().value().deadLetter();
    assertThat(d.reason()).isEqualTo(RejectReason.UNDECODABLE_RECORD);
    assertThat(d.source()).isEqualTo("kafka:airtrace.gateway.readings.v1/3/42");
    assertThat(d.payload()).isEqualTo(garbage);
    assertThat(d.deviceId()).isEqualTo("d1");
    assertThat(d.gatewayId()).isEqualTo("proc-1");
    assertThat(d.rejectedAt()).isEqualTo(NOW);
  }

  @Test
  void shouldLeaveTheDeviceUnknownWhenTheKeyIsNotADeviceId() {
    processor.process(new Record<>("not a device id!", new byte[] {1, 2}, 123L));
    processor.process(new Record<>(null, null, 124L));

    assertThat(context.forwarded())
        .extracting(f -> f.record().value().deadLetter().deviceId())
        .containsExactly(null, null);
    assertThat(context.forwarded().get(1).record().value().deadLetter().payload()).isEmpty();
  }
}
