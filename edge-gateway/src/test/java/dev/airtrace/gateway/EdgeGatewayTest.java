package dev.airtrace.gateway;

import static dev.airtrace.gateway.testdata.ReadingBuilder.T0;
import static dev.airtrace.gateway.testdata.SensorPayloads.aSensorMessage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.airtrace.core.GatewayId;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.deadletter.DeadLetter;
import dev.airtrace.core.deadletter.RejectReason;
import dev.airtrace.gateway.GatewayStatus.State;
import dev.airtrace.gateway.integrity.IntegrityConfig;
import dev.airtrace.gateway.quality.QcConfigFile;
import dev.airtrace.gateway.quality.QualityConfig;
import dev.airtrace.gateway.testdata.SensorPayloads;
import dev.airtrace.mqtt.InboundMessage;
import dev.airtrace.quality.QcFlag;
import dev.airtrace.quality.QcTest;
import dev.airtrace.topics.deadletter.DeadLetterJson;
import dev.airtrace.topics.gateway.AcceptedReading;
import dev.airtrace.topics.gateway.AggregateJson;
import dev.airtrace.topics.gateway.DeviceAggregate;
import dev.airtrace.topics.gateway.QcMark;
import dev.airtrace.topics.gateway.ReadingJson;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The gateway's admission and acknowledgement rules, on fake MQTT and Kafka, integrity off. */
class EdgeGatewayTest {
  private static final Duration AT_MOST = Duration.ofSeconds(10);
  private static final Duration QUIET = Duration.ofMillis(300);
  private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(T0 + 60_000), ZoneOffset.UTC);

  private final FakeIntake intake = new FakeIntake();
  private final FakeSink sink = new FakeSink();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private EdgeGateway gateway;

  @AfterEach
  void closeGateway() {
    if (gateway != null) {
      gateway.close();
    }
  }

  @Test
  void shouldSendAcceptedReadingToReadingsTopicKeyedByDevice() {
    start(Duration.ofSeconds(5));
    SensorPayloads msg = aSensorMessage().device("d1").sequence(4).with(Quantity.PM10, 20.0);

    intake.deliver(msg.topic(), msg.payload());

    await().atMost(AT_MOST).until(() -> sink.sent().size() == 1);
    FakeSink.Sent record = sink.sent().get(0);
    assertThat(record.topic()).isEqualTo(GatewayTopics.READINGS_V1);
    assertThat(record.key()).isEqualTo("d1");
    assertThat(ReadingJson.decode(record.value()).sequence()).isEqualTo(4);
    assertThat(ReadingJson.decode(record.value()).values()).containsEntry(Quantity.PM10, 20.0);
  }

  @Test
  void shouldCarryTheQcFlagsOfEveryValueOnTheReadingsTopic() {
    start(Duration.ofSeconds(5));
    // the first reading of each series: gross range passes, the history tests cannot run yet
    SensorPayloads msg =
        aSensorMessage().device("d1").with(Quantity.PM10, 20.0).with(Quantity.TEMPERATURE, 20.0);

    intake.deliver(msg.topic(), msg.payload());

    await().atMost(AT_MOST).until(() -> sink.sent().size() == 1);
    AcceptedReading r = ReadingJson.decodeAccepted(sink.sent().get(0).value());
    assertThat(r.qc())
        .extracting(QcMark::quantity)
        .containsExactlyInAnyOrderElementsOf(r.reading().values().keySet());
    assertThat(r.qc(Quantity.PM10).orElseThrow().flag()).isEqualTo(QcFlag.PASS);
    assertThat(r.qc(Quantity.TEMPERATURE).orElseThrow().flag()).isEqualTo(QcFlag.PASS);
  }

  @Test
  void shouldFlagAReadingByTheQcConfigFilesDeviceOverride() {
    // the default pm10 operator span is 0..1000 (the previous test: 20 passes); the file narrows
    // it to 0..10 for d1 only, so 20 is suspect by gross_range on d1 and still passes on d2
    String file = "{\"devices\":{\"d1\":{\"pm10\":{\"gross_range\":{\"suspect\":[0,10]}}}}}";
    start(
        GatewayConfig.builder(new GatewayId("gw-test"), "tcp://127.0.0.1:1883", "127.0.0.1:9092")
            .integrity(IntegrityConfig.disabled())
            .quality(QualityConfig.builder().qc(QcConfigFile.parse(file, "qc.json")).build())
            .build());
    SensorPayloads d1 = aSensorMessage().device("d1").with(Quantity.PM10, 20.0);
    SensorPayloads d2 = aSensorMessage().device("d2").with(Quantity.PM10, 20.0);

    intake.deliver(d1.topic(), d1.payload());
    intake.deliver(d2.topic(), d2.payload());

    await().atMost(AT_MOST).until(() -> sink.sent().size() == 2);
    QcMark onD1 = null;
    QcMark onD2 = null;
    for (FakeSink.Sent sent : sink.sent()) {
      AcceptedReading r = ReadingJson.decodeAccepted(sent.value());
      QcMark m = r.qc(Quantity.PM10).orElseThrow();
      if (r.reading().deviceId().value().equals("d1")) {
        onD1 = m;
      } else {
        onD2 = m;
      }
    }
    assertThat(onD1.flag()).isEqualTo(QcFlag.SUSPECT);
    assertThat(onD1.raisedBy()).containsEntry(QcTest.GROSS_RANGE, QcFlag.SUSPECT);
    assertThat(onD2.flag()).isEqualTo(QcFlag.PASS);
  }

  @Test
  void shouldWriteNoQcFlagsWhenQcIsDisabled() {
    start(
        GatewayConfig.builder(new GatewayId("gw-test"), "tcp://127.0.0.1:1883", "127.0.0.1:9092")
            .integrity(IntegrityConfig.disabled())
            .quality(QualityConfig.disabled())
            .build());
    SensorPayloads msg = aSensorMessage().device("d1").with(Quantity.PM10, 20.0);

    intake.deliver(msg.topic(), msg.payload());

    await().atMost(AT_MOST).until(() -> sink.sent().size() == 1);
    assertThat(ReadingJson.decodeAccepted(sink.sent().get(0).value()).qc()).isEmpty();
  }

  @Test
  void shouldAcknowledgeMessageOnlyAfterKafkaAcknowledgedItsRecord() {
    start(Duration.ofSeconds(5));
    SensorPayloads msg = aSensorMessage();
    InboundMessage delivered = intake.deliver(msg.topic(), msg.payload());
    await().atMost(AT_MOST).until(() -> sink.sent().size() == 1);

    await().during(QUIET).atMost(AT_MOST).until(() -> intake.acknowledged().isEmpty());
    sink.acknowledge(0);

    await().atMost(AT_MOST).until(() -> intake.acknowledged().contains(delivered));
    assertThat(gateway.snapshot().acked()).isEqualTo(1);
    assertThat(gateway.snapshot().produced()).isEqualTo(1);
  }

  @Test
  void shouldSendRejectToDeadLetterTopicWithReasonAndOriginalBytes() {
    start(Duration.ofSeconds(5));
    SensorPayloads msg = aSensorMessage().device("d2");
    byte[] broken = SensorPayloads.notJson();

    intake.deliver(msg.topic(), broken);

    await().atMost(AT_MOST).until(() -> sink.sent().size() == 1);
    FakeSink.Sent record = sink.sent().get(0);
    assertThat(record.topic()).isEqualTo(GatewayTopics.DEADLETTER_V1);
    assertThat(record.key()).isEqualTo("d2");
    DeadLetter dl = DeadLetterJson.decode(record.value());
    assertThat(dl.reason()).isEqualTo(RejectReason.MALFORMED_PAYLOAD);
    assertThat(dl.payload()).isEqualTo(broken);
    assertThat(dl.source()).isEqualTo("mqtt:" + msg.topic());
    assertThat(dl.gatewayId()).isEqualTo("gw-test");
    assertThat(gateway.snapshot().rejected(RejectReason.MALFORMED_PAYLOAD)).isEqualTo(1);
  }

  @Test
  void shouldAcknowledgeDeadLetteredMessageOnceItsDeadLetterIsWritten() {
    start(Duration.ofSeconds(5));
    InboundMessage delivered = intake.deliver(aSensorMessage().topic(), SensorPayloads.notJson());
    await().atMost(AT_MOST).until(() -> sink.sent().size() == 1);

    sink.acknowledge(0);

    await().atMost(AT_MOST).until(() -> intake.acknowledged().contains(delivered));
  }

  @Test
  void shouldDeadLetterSecondCopyAsDuplicate() {
    start(Duration.ofSeconds(5));
    SensorPayloads msg = aSensorMessage().sequence(9);

    intake.deliver(msg.topic(), msg.payload());
    intake.deliver(msg.topic(), msg.payload());

    await().atMost(AT_MOST).until(() -> sink.sent().size() == 2);
    assertThat(sink.sent())
        .extracting(FakeSink.Sent::topic)
        .containsExactly(GatewayTopics.READINGS_V1, GatewayTopics.DEADLETTER_V1);
    assertThat(DeadLetterJson.decode(sink.sent().get(1).value()).reason())
        .isEqualTo(RejectReason.DUPLICATE);
    assertThat(gateway.snapshot().duplicates()).isEqualTo(1);
  }

  @Test
  void shouldAcknowledgeInArrivalOrderWhenKafkaCompletesOutOfOrder() {
    start(Duration.ofSeconds(5));
    InboundMessage first =
        intake.deliver(
            aSensorMessage().sequence(1).topic(), aSensorMessage().sequence(1).payload());
    InboundMessage second =
        intake.deliver(
            aSensorMessage().sequence(2).topic(), aSensorMessage().sequence(2).payload());
    await().atMost(AT_MOST).until(() -> sink.sent().size() == 2);

    sink.acknowledge(1);
    await().during(QUIET).atMost(AT_MOST).until(() -> intake.acknowledged().isEmpty());
    sink.acknowledge(0);

    await().atMost(AT_MOST).until(() -> intake.acknowledged().size() == 2);
    assertThat(intake.acknowledged()).containsExactly(first, second);
  }

  @Test
  void shouldStopWithoutAcknowledgingWhenKafkaFails() throws Exception {
    start(Duration.ofSeconds(5));
    intake.deliver(aSensorMessage().sequence(1).topic(), aSensorMessage().sequence(1).payload());
    intake.deliver(aSensorMessage().sequence(2).topic(), aSensorMessage().sequence(2).payload());
    await().atMost(AT_MOST).until(() -> sink.sent().size() == 2);

    sink.fail(0, new IllegalStateException("delivery timeout"));
    sink.acknowledge(1);

    assertThat(gateway.awaitTermination(AT_MOST)).isTrue();
    GatewayStatus status = gateway.snapshot();
    assertThat(status.state()).isEqualTo(State.FAILED);
    assertThat(status.lastError()).contains("delivery timeout");
    assertThat(gateway.failure()).isPresent();
    assertThat(intake.acknowledged()).isEmpty();
    assertThat(intake.paused).isTrue();
    assertThat(intake.closed).isTrue();
    assertThat(sink.closed).isTrue();
  }

  @Test
  void shouldFlushAggregatesAndAcknowledgeEverythingWhenClosed() {
    start(Duration.ofSeconds(5));
    for (int seq = 1; seq <= 3; seq++) {
      SensorPayloads msg =
          aSensorMessage().device("d3").sequence(seq).at(T0 + seq * 1_000).with(Quantity.O3, seq);
      intake.deliver(msg.topic(), msg.payload());
    }
    await().atMost(AT_MOST).until(() -> sink.sent().size() == 3);

    gateway.close();

    assertThat(intake.acknowledged()).hasSize(3);
    assertThat(intake.closed).isTrue();
    assertThat(sink.closed).isTrue();
    assertThat(gateway.snapshot().state()).isEqualTo(State.STOPPED);
    assertThat(sink.sentTo(GatewayTopics.AGGREGATES_1M_V1))
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.key()).isEqualTo("d3");
              DeviceAggregate a = AggregateJson.decode(s.value());
              assertThat(a.windowStart()).isEqualTo(T0);
              assertThat(a.quantities().get(Quantity.O3).count()).isEqualTo(3);
              assertThat(a.quantities().get(Quantity.O3).mean()).isEqualTo(2.0);
            });
  }

  @Test
  void shouldLeaveMessagesUnacknowledgedWhenDrainTimesOut() {
    start(Duration.ofMillis(300));
    sink.stall();
    intake.deliver(aSensorMessage().topic(), aSensorMessage().payload());
    await().atMost(AT_MOST).until(() -> sink.sent().size() == 1);

    gateway.close();

    assertThat(intake.acknowledged()).isEmpty();
    assertThat(intake.closed).isTrue();
    assertThat(gateway.snapshot().state()).isEqualTo(State.STOPPED);
  }

  @Test
  void shouldNotCountAcknowledgementTheIntakeCouldNotSend() {
    start(Duration.ofSeconds(5));
    intake.refuseAcknowledgements();
    intake.deliver(aSensorMessage().topic(), aSensorMessage().payload());
    await().atMost(AT_MOST).until(() -> sink.sent().size() == 1);

    sink.acknowledge(0);

    await().atMost(AT_MOST).until(() -> gateway.snapshot().inFlight() == 0);
    assertThat(gateway.snapshot().acked()).isZero();
    assertThat(registry.get("airtrace.gateway.messages.ack.skipped").functionCounter().count())
        .isEqualTo(1.0);
  }

  @Test
  void shouldExportTheSnapshotsNumbersToMicrometer() {
    start(Duration.ofSeconds(5));
    intake.deliver(aSensorMessage().sequence(1).topic(), aSensorMessage().sequence(1).payload());
    intake.deliver(aSensorMessage().sequence(3).topic(), aSensorMessage().sequence(3).payload());
    intake.deliver(aSensorMessage().topic(), SensorPayloads.notJson());
    await().atMost(AT_MOST).until(() -> sink.sent().size() == 3);
    sink.acknowledgeAll();
    await().atMost(AT_MOST).until(() -> gateway.snapshot().acked() == 3);

    GatewayStatus s = gateway.snapshot();

    assertThat(s.received()).isEqualTo(3);
    assertThat(s.accepted()).isEqualTo(2);
    assertThat(s.gaps()).isEqualTo(1);
    assertThat(counter("messages.received")).isEqualTo(s.received());
    assertThat(counter("readings.accepted")).isEqualTo(s.accepted());
    assertThat(counter("sequence.gaps")).isEqualTo(s.gaps());
    assertThat(counter("kafka.records.acknowledged")).isEqualTo(s.produced());
    assertThat(counter("messages.acknowledged")).isEqualTo(s.acked());
    assertThat(
            registry
                .get("airtrace.gateway.readings.rejected")
                .tag("reason", "MALFORMED_PAYLOAD")
                .functionCounter()
                .count())
        .isEqualTo(1.0);
    assertThat(s.progressLine()).contains("received=3", "accepted=2", "MALFORMED_PAYLOAD=1");
  }

  private double counter(String name) {
    return registry.get("airtrace.gateway." + name).functionCounter().count();
  }

  private void start(Duration shutdownTimeout) {
    start(
        GatewayConfig.builder(new GatewayId("gw-test"), "tcp://127.0.0.1:1883", "127.0.0.1:9092")
            .shutdownTimeout(shutdownTimeout)
            .integrity(IntegrityConfig.disabled()) // EdgeGatewayIntegrityTest covers it
            .build());
  }

  private void start(GatewayConfig config) {
    gateway = EdgeGateway.create(config, registry, intake, sink, CLOCK);
    gateway.start();
  }
}
