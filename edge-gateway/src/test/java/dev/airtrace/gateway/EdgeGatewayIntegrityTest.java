package dev.airtrace.gateway;

import static dev.airtrace.gateway.testdata.ReadingBuilder.T0;
import static dev.airtrace.gateway.testdata.SensorPayloads.aSensorMessage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.airtrace.core.GatewayId;
import dev.airtrace.core.Reading;
import dev.airtrace.core.integrity.BatchHeader;
import dev.airtrace.core.integrity.BatchRef;
import dev.airtrace.core.integrity.Ed25519;
import dev.airtrace.core.integrity.LeafEncoding;
import dev.airtrace.core.integrity.MerkleTree;
import dev.airtrace.gateway.integrity.AckAfterSeal;
import dev.airtrace.gateway.integrity.IntegrityConfig;
import dev.airtrace.gateway.testdata.SensorPayloads;
import dev.airtrace.mqtt.InboundMessage;
import dev.airtrace.topics.gateway.BatchHeaderJson;
import dev.airtrace.topics.gateway.ReadingJson;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Merkle batching, header signing and the acknowledgement rule they add, on fake MQTT and Kafka.
 */
class EdgeGatewayIntegrityTest {
  private static final Duration AT_MOST = Duration.ofSeconds(10);
  private static final Duration QUIET = Duration.ofMillis(300);
  private static final GatewayId GW = new GatewayId("gw-int");
  private static final String HEADERS = IntegrityConfig.BATCH_HEADERS_V1;

  @TempDir Path state;

  private final MutableClock clock = new MutableClock(T0 + 60_000);
  private final List<EdgeGateway> gateways = new ArrayList<>();

  @AfterEach
  void closeGateways() {
    gateways.forEach(EdgeGateway::close);
  }

  @Test
  void shouldGiveReadingsBatchRefsInOrderAndSealOnSizeIntoAHeaderAnAuditorCanRebuild() {
    FakeIntake intake = new FakeIntake();
    FakeSink sink = new FakeSink();
    EdgeGateway gateway = start(intake, sink, 3, Duration.ofHours(1), Duration.ofSeconds(5));

    for (int i = 1; i <= 4; i++) {
      SensorPayloads msg = message("d" + (i % 2), i);
      intake.deliver(msg.topic(), msg.payload());
    }

    await().atMost(AT_MOST).until(() -> sink.sentTo(GatewayTopics.READINGS_V1).size() == 4);
    List<FakeSink.Sent> headers = sink.sentTo(HEADERS);
    assertThat(headers).hasSize(1);
    BatchHeader header = BatchHeaderJson.decode(headers.get(0).value());
    long seq = header.seq();
    assertThat(headers.get(0).key()).isEqualTo("gw-int:" + seq);
    assertThat(sink.sentTo(GatewayTopics.READINGS_V1))
        .extracting(s -> ReadingJson.batchRef(s.value()).orElseThrow())
        .containsExactly(
            new BatchRef(seq, 0),
            new BatchRef(seq, 1),
            new BatchRef(seq, 2),
            new BatchRef(seq + 1, 0));
    assertThat(header.size()).isEqualTo(3);
    assertThat(header.verifySignature(publicKey(gateway))).isTrue();
    assertThat(header.root()).isEqualTo(rebuild(sink, seq));
  }

  @Test
  void shouldAcknowledgeWithoutWaitingForTheSealByDefault() {
    FakeIntake intake = new FakeIntake();
    FakeSink sink = new FakeSink();
    start(intake, sink, 100, Duration.ofHours(1), Duration.ofSeconds(5), false);
    SensorPayloads msg = message("d1", 1);
    InboundMessage delivered = intake.deliver(msg.topic(), msg.payload());
    await().atMost(AT_MOST).until(() -> sink.sent().size() == 1);
    sink.acknowledge(0);

    await().atMost(AT_MOST).until(() -> intake.acknowledged().contains(delivered));
    assertThat(sink.sentTo(HEADERS)).isEmpty(); // the batch is still open
  }

  @Test
  void shouldAcknowledgeAMessageOnlyAfterItsBatchHeaderWasAcknowledgedWhenAckAfterSeal() {
    FakeIntake intake = new FakeIntake();
    FakeSink sink = new FakeSink();
    start(intake, sink, 100, Duration.ofSeconds(10), Duration.ofSeconds(5), true);
    SensorPayloads msg = message("d1", 1);
    InboundMessage delivered = intake.deliver(msg.topic(), msg.payload());
    await().atMost(AT_MOST).until(() -> sink.sent().size() == 1);
    sink.acknowledge(0);

    await().during(QUIET).atMost(AT_MOST).until(() -> intake.acknowledged().isEmpty());
    clock.advance(Duration.ofSeconds(10)); // the batch is now old enough to seal
    await().atMost(AT_MOST).until(() -> sink.sentTo(HEADERS).size() == 1);
    await().during(QUIET).atMost(AT_MOST).until(() -> intake.acknowledged().isEmpty());
    sink.acknowledge(1);

    await().atMost(AT_MOST).until(() -> intake.acknowledged().contains(delivered));
  }

  @Test
  void shouldSealEveryPassAndHandItsReadingsAndHeaderOverAsOneGroupWhenTheSinkAppendsAtomically() {
    FakeIntake intake = new FakeIntake();
    FakeSink sink = new FakeSink(true);
    EdgeGateway gateway =
        start(
            intake,
            sink,
            100,
            Duration.ofHours(1),
            Duration.ofSeconds(5),
            AckAfterSeal.WITH_OUTBOX);
    SensorPayloads first = message("d1", 1);
    InboundMessage firstDelivered = intake.deliver(first.topic(), first.payload());

    // One pass, one group: the reading, then the header of the batch sealed at the pass's end.
    await().atMost(AT_MOST).until(() -> sink.groupSizes().equals(List.of(2)));
    assertThat(sink.sent())
        .extracting(FakeSink.Sent::topic)
        .containsExactly(GatewayTopics.READINGS_V1, HEADERS);
    BatchHeader header = BatchHeaderJson.decode(sink.sentTo(HEADERS).get(0).value());
    assertThat(header.size()).isEqualTo(1);
    assertThat(header.verifySignature(publicKey(gateway))).isTrue();
    assertThat(header.root()).isEqualTo(rebuild(sink, header.seq()));
    await().during(QUIET).atMost(AT_MOST).until(() -> intake.acknowledged().isEmpty());

    sink.acknowledgeAll(); // the group is durable

    await().atMost(AT_MOST).until(() -> intake.acknowledged().contains(firstDelivered));
    SensorPayloads second = message("d1", 2);
    intake.deliver(second.topic(), second.payload());
    await().atMost(AT_MOST).until(() -> sink.groupSizes().equals(List.of(2, 2)));
    BatchHeader next = BatchHeaderJson.decode(sink.sentTo(HEADERS).get(1).value());
    assertThat(next.seq()).isEqualTo(header.seq() + 1);
    assertThat(ReadingJson.batchRef(sink.sentTo(GatewayTopics.READINGS_V1).get(1).value()))
        .contains(new BatchRef(header.seq() + 1, 0));
  }

  @Test
  void shouldTakeMessagesArrivingWithinThePassWindowIntoOnePassWithOneSignedHeader() {
    FakeIntake intake = new FakeIntake();
    FakeSink sink = new FakeSink(true);
    EdgeGateway gateway =
        start(
            intake,
            sink,
            100,
            Duration.ofHours(1),
            Duration.ofSeconds(5),
            AckAfterSeal.WITH_OUTBOX,
            IntegrityConfig.MAX_PASS_WINDOW);
    SensorPayloads first = message("d1", 1);
    SensorPayloads second = message("d2", 1);
    InboundMessage firstDelivered = intake.deliver(first.topic(), first.payload());
    await().atMost(AT_MOST).until(() -> intake.queueDepth() == 0); // the pass has taken it
    InboundMessage secondDelivered = intake.deliver(second.topic(), second.payload());

    // Two rounds, one pass: both readings, then one header over both, in one group.
    await().atMost(AT_MOST).until(() -> !sink.groupSizes().isEmpty());
    assertThat(sink.groupSizes()).containsExactly(3);
    assertThat(sink.sent())
        .extracting(FakeSink.Sent::topic)
        .containsExactly(GatewayTopics.READINGS_V1, GatewayTopics.READINGS_V1, HEADERS);
    BatchHeader header = BatchHeaderJson.decode(sink.sentTo(HEADERS).get(0).value());
    assertThat(header.size()).isEqualTo(2);
    assertThat(header.verifySignature(publicKey(gateway))).isTrue();
    assertThat(header.root()).isEqualTo(rebuild(sink, header.seq()));
    assertThat(intake.acknowledged()).isEmpty(); // nothing before the group is durable

    sink.acknowledgeAll();

    await()
        .atMost(AT_MOST)
        .until(() -> intake.acknowledged().equals(List.of(firstDelivered, secondDelivered)));
  }

  @Test
  void shouldStoreAnOpenPassWhenTheGatewayStopsGracefully() {
    FakeIntake intake = new FakeIntake();
    FakeSink sink = new FakeSink(true);
    EdgeGateway gateway =
        start(
            intake,
            sink,
            100,
            Duration.ofHours(1),
            Duration.ofSeconds(5),
            AckAfterSeal.WITH_OUTBOX,
            IntegrityConfig.MAX_PASS_WINDOW);
    SensorPayloads msg = message("d1", 1);
    InboundMessage delivered = intake.deliver(msg.topic(), msg.payload());
    await().atMost(AT_MOST).until(() -> intake.queueDepth() == 0); // taken, its pass still open

    gateway.close(); // the drain ends the pass; the fake sink acknowledges on flush

    assertThat(intake.acknowledged()).containsExactly(delivered);
    assertThat(sink.groupSizes()).containsExactly(2);
    // The pass (reading, header), then the drain's flush of the open aggregate, outside it.
    assertThat(sink.sent())
        .extracting(FakeSink.Sent::topic)
        .containsExactly(GatewayTopics.READINGS_V1, HEADERS, GatewayTopics.AGGREGATES_1M_V1);
  }

  @Test
  void shouldNotWaitForTheSealByDefaultWhenTheSinkIsKafka() {
    FakeIntake intake = new FakeIntake();
    FakeSink sink = new FakeSink(false);
    start(intake, sink, 100, Duration.ofHours(1), Duration.ofSeconds(5), AckAfterSeal.WITH_OUTBOX);
    SensorPayloads msg = message("d1", 1);
    InboundMessage delivered = intake.deliver(msg.topic(), msg.payload());
    await().atMost(AT_MOST).until(() -> sink.sent().size() == 1);
    sink.acknowledge(0);

    await().atMost(AT_MOST).until(() -> intake.acknowledged().contains(delivered));
    assertThat(sink.sentTo(HEADERS)).isEmpty(); // the batch is still open
  }

  @Test
  void shouldSealTheOpenBatchOnGracefulClose() {
    FakeIntake intake = new FakeIntake();
    FakeSink sink = new FakeSink();
    EdgeGateway gateway = start(intake, sink, 100, Duration.ofHours(1), Duration.ofSeconds(5));
    SensorPayloads msg = message("d1", 1);
    InboundMessage delivered = intake.deliver(msg.topic(), msg.payload());
    await().atMost(AT_MOST).until(() -> sink.sent().size() == 1);

    gateway.close();

    List<FakeSink.Sent> headers = sink.sentTo(HEADERS);
    assertThat(headers).hasSize(1);
    BatchHeader header = BatchHeaderJson.decode(headers.get(0).value());
    assertThat(header.size()).isEqualTo(1);
    assertThat(header.root()).isEqualTo(rebuild(sink, header.seq()));
    assertThat(intake.acknowledged()).containsExactly(delivered);
  }

  @Test
  void shouldRebatchUnderANewSeqWhatABatchThatNeverSealedHeldAfterARestartWhenAckAfterSeal() {
    FakeIntake firstIntake = new FakeIntake();
    FakeSink firstSink = new FakeSink();
    EdgeGateway first =
        start(firstIntake, firstSink, 100, Duration.ofHours(1), Duration.ofMillis(300), true);
    SensorPayloads msg = message("d1", 7);
    firstIntake.deliver(msg.topic(), msg.payload());
    await().atMost(AT_MOST).until(() -> firstSink.sent().size() == 1);
    firstSink.acknowledge(0); // the reading reached Kafka, its batch never gets a header
    firstSink.stall();
    long orphan = ReadingJson.batchRef(firstSink.sent().get(0).value()).orElseThrow().seq();

    first.close(); // drain times out: as good as a crash for what was not acknowledged

    assertThat(firstIntake.acknowledged()).isEmpty(); // so the broker redelivers it
    FakeIntake secondIntake = new FakeIntake();
    FakeSink secondSink = new FakeSink();
    EdgeGateway second =
        start(secondIntake, secondSink, 100, Duration.ofHours(1), Duration.ofSeconds(5), true);
    InboundMessage redelivered = secondIntake.deliver(msg.topic(), msg.payload());
    await().atMost(AT_MOST).until(() -> secondSink.sent().size() == 1);
    second.close();

    BatchRef ref =
        ReadingJson.batchRef(secondSink.sentTo(GatewayTopics.READINGS_V1).get(0).value())
            .orElseThrow();
    assertThat(ref).isEqualTo(new BatchRef(orphan + 1, 0));
    BatchHeader header = BatchHeaderJson.decode(secondSink.sentTo(HEADERS).get(0).value());
    assertThat(header.seq()).isEqualTo(orphan + 1);
    assertThat(header.root()).isEqualTo(rebuild(secondSink, orphan + 1));
    assertThat(secondIntake.acknowledged()).containsExactly(redelivered);
  }

  @Test
  void shouldWriteNoBatchRefsOrHeadersWhenIntegrityIsOff() {
    FakeIntake intake = new FakeIntake();
    FakeSink sink = new FakeSink();
    GatewayConfig config =
        GatewayConfig.builder(GW, "tcp://127.0.0.1:1883", "127.0.0.1:9092")
            .integrity(IntegrityConfig.disabled())
            .build();
    EdgeGateway gateway =
        EdgeGateway.create(config, new SimpleMeterRegistry(), intake, sink, clock);
    gateways.add(gateway);
    gateway.start();
    SensorPayloads msg = message("d1", 1);
    intake.deliver(msg.topic(), msg.payload());
    await().atMost(AT_MOST).until(() -> sink.sent().size() == 1);

    gateway.close();

    assertThat(sink.sentTo(HEADERS)).isEmpty();
    assertThat(ReadingJson.batchRef(sink.sent().get(0).value())).isEmpty();
    assertThat(gateway.signingPublicKey()).isEmpty();
  }

  private EdgeGateway start(
      FakeIntake intake, FakeSink sink, long maxLeaves, Duration maxAge, Duration shutdown) {
    return start(intake, sink, maxLeaves, maxAge, shutdown, false);
  }

  private EdgeGateway start(
      FakeIntake intake,
      FakeSink sink,
      long maxLeaves,
      Duration maxAge,
      Duration shutdown,
      boolean ackAfterSeal) {
    return start(
        intake,
        sink,
        maxLeaves,
        maxAge,
        shutdown,
        ackAfterSeal ? AckAfterSeal.ALWAYS : AckAfterSeal.NEVER);
  }

  private EdgeGateway start(
      FakeIntake intake,
      FakeSink sink,
      long maxLeaves,
      Duration maxAge,
      Duration shutdown,
      AckAfterSeal ackAfterSeal) {
    return start(
        intake,
        sink,
        maxLeaves,
        maxAge,
        shutdown,
        ackAfterSeal,
        IntegrityConfig.DEFAULT_PASS_WINDOW);
  }

  private EdgeGateway start(
      FakeIntake intake,
      FakeSink sink,
      long maxLeaves,
      Duration maxAge,
      Duration shutdown,
      AckAfterSeal ackAfterSeal,
      Duration passWindow) {
    GatewayConfig config =
        GatewayConfig.builder(GW, "tcp://127.0.0.1:1883", "127.0.0.1:9092")
            .shutdownTimeout(shutdown)
            .integrity(
                IntegrityConfig.builder()
                    .sealing(maxLeaves, maxAge)
                    .stateDirectory(state)
                    .ackAfterSeal(ackAfterSeal)
                    .passWindow(passWindow)
                    .build())
            .build();
    EdgeGateway gateway =
        EdgeGateway.create(config, new SimpleMeterRegistry(), intake, sink, clock);
    gateways.add(gateway);
    gateway.start();
    return gateway;
  }

  private static SensorPayloads message(String device, int sequence) {
    return aSensorMessage().device(device).sequence(sequence).at(T0 + sequence * 1_000L);
  }

  private static java.security.PublicKey publicKey(EdgeGateway gateway) {
    return Ed25519.publicKeyFromBase64(gateway.signingPublicKey().orElseThrow());
  }

  /** What an auditor does: the batch's readings from the readings topic, leaves by index. */
  private static byte[] rebuild(FakeSink sink, long seq) {
    Map<Long, byte[]> leaves = new TreeMap<>();
    for (FakeSink.Sent s : sink.sentTo(GatewayTopics.READINGS_V1)) {
      BatchRef ref = ReadingJson.batchRef(s.value()).orElseThrow();
      if (ref.seq() == seq) {
        Reading reading = ReadingJson.decode(s.value());
        assertThat(leaves.put(ref.index(), LeafEncoding.leafHash(reading))).isNull();
      }
    }
    assertThat(leaves.keySet())
        .containsExactlyElementsOf(
            java.util.stream.LongStream.range(0, leaves.size()).boxed().toList());
    return MerkleTree.fromLeafHashes(List.copyOf(leaves.values())).root();
  }

  /** A clock the test moves forward. */
  private static final class MutableClock extends Clock {
    private final AtomicLong millis;

    MutableClock(long start) {
      this.millis = new AtomicLong(start);
    }

    void advance(Duration d) {
      millis.addAndGet(d.toMillis());
    }

    @Override
    public long millis() {
      return millis.get();
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis());
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
