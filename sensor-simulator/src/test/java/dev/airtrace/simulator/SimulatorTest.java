package dev.airtrace.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airtrace.core.DeviceId;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.codec.PayloadFormat;
import dev.airtrace.core.deadletter.RejectReason;
import dev.airtrace.core.integrity.Ed25519;
import dev.airtrace.core.integrity.PayloadSignature;
import dev.airtrace.mqtt.MqttConnectionStatus;
import dev.airtrace.mqtt.MqttPublisher;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SimulatorTest {
  /** 2026-11-24T00:00:00Z. */
  private static final long START = 1_795_478_400_000L;

  private static final long HOUR = 3_600_000L;

  private final SimulatorConfig small =
      SimulatorConfig.builder(START).fleet(2, 3, 4).namespace("t").build();

  @Test
  void shouldProduceByteIdenticalPlansForTheSameConfig() {
    List<PlannedMessage> a = new Simulator(small).plan().messages();
    List<PlannedMessage> b = new Simulator(small).plan().messages();

    assertThat(a).isEqualTo(b);
  }

  @Test
  void shouldProduceDifferentValuesForAnotherSeed() {
    List<PlannedMessage> a = new Simulator(small).plan().messages();
    List<PlannedMessage> b = new Simulator(small.toBuilder().seed(7).build()).plan().messages();

    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void shouldPublishEveryDeviceEveryIntervalPlusTheDuplicateCopies() {
    SimulationPlan plan = new Simulator(small).plan();

    int devices = 2 * 3;
    int slots = 4 * 60;
    assertThat(plan.published()).isEqualTo(devices * slots + FaultMix.DEFAULT_EACH);
    Map<String, Long> perDevice =
        plan.messages().stream()
            .filter(m -> m.kind() != MessageKind.DUPLICATE)
            .collect(Collectors.groupingBy(m -> m.deviceId().value(), Collectors.counting()));
    assertThat(perDevice).hasSize(devices).allSatisfy((d, n) -> assertThat(n).isEqualTo(slots));
  }

  @Test
  void shouldInjectExactlyTheConfiguredFaults() {
    FaultMix mix = new FaultMix(1, 2, 3, 4, 5, 6, 2, 1);
    SimulationPlan plan = new Simulator(small.toBuilder().faults(mix).build()).plan();

    Map<RejectReason, Long> expected = new EnumMap<>(RejectReason.class);
    expected.put(RejectReason.MALFORMED_PAYLOAD, 1L);
    expected.put(RejectReason.UNKNOWN_QUANTITY, 2L);
    expected.put(RejectReason.UNSUPPORTED_UNIT, 3L);
    expected.put(RejectReason.OUT_OF_RANGE, 4L);
    expected.put(RejectReason.TIME_IN_FUTURE, 5L);
    expected.put(RejectReason.DUPLICATE, 6L);
    assertThat(plan.expectedDeadLetters()).isEqualTo(expected);
    assertThat(plan.ofKind(MessageKind.LATE_WITHIN_GRACE)).hasSize(2);
    assertThat(plan.ofKind(MessageKind.LATE_BEYOND_GRACE)).hasSize(1);
    assertThat(plan.expectedAccepted().size() + plan.expectedRejected().size())
        .isEqualTo(plan.published());
  }

  @Test
  void shouldPublishLateReadingsAfterTheirHourWithinOrBeyondTheProcessorGrace() {
    SimulationPlan plan = new Simulator(small).plan();
    long grace = small.processorGrace().toMillis();
    long margin = 2 * small.interval().toMillis();

    for (PlannedMessage m : plan.ofKind(MessageKind.LATE_WITHIN_GRACE)) {
      long hourEnd = hourEnd(m.eventTime());
      assertThat(m.publishAt() - hourEnd).isPositive().isLessThanOrEqualTo(grace - margin);
      assertPublishedAfterNewerReadings(plan, m);
    }
    for (PlannedMessage m : plan.ofKind(MessageKind.LATE_BEYOND_GRACE)) {
      assertThat(m.publishAt() - hourEnd(m.eventTime())).isGreaterThanOrEqualTo(grace + margin);
      assertPublishedAfterNewerReadings(plan, m);
    }
  }

  @Test
  void shouldPublishDuplicateAfterItsOriginalWithTheSameBytes() {
    SimulationPlan plan = new Simulator(small).plan();

    for (PlannedMessage copy : plan.ofKind(MessageKind.DUPLICATE)) {
      PlannedMessage original =
          plan.messages().stream()
              .filter(m -> m.kind() == MessageKind.READING)
              .filter(m -> m.deviceId().equals(copy.deviceId()))
              .filter(m -> m.sequence() == copy.sequence())
              .findFirst()
              .orElseThrow();
      assertThat(original.index()).isLessThan(copy.index());
      assertThat(copy.payload()).isEqualTo(original.payload());
      assertThat(copy.topic()).isEqualTo(original.topic());
    }
  }

  @Test
  void shouldMixJsonAndSenmlDevicesInEverySite() {
    Map<String, Map<PayloadFormat, Long>> formats =
        new Simulator(SimulatorConfig.defaults(START))
            .plan().messages().stream()
                .filter(m -> m.sequence() == 0)
                .collect(
                    Collectors.groupingBy(
                        m -> m.siteId().value(),
                        Collectors.groupingBy(PlannedMessage::format, Collectors.counting())));

    assertThat(formats).hasSize(3);
    assertThat(formats.values())
        .allSatisfy(
            f -> {
              assertThat(f.get(PayloadFormat.JSON)).isEqualTo(3);
              assertThat(f.get(PayloadFormat.SENML)).isEqualTo(2);
            });
  }

  @Test
  void shouldMakeSitesProgressivelyMorePolluted() {
    SimulationPlan plan = new Simulator(small.toBuilder().faults(FaultMix.none()).build()).plan();

    Map<String, Double> meanPm25 =
        plan.messages().stream()
            .collect(
                Collectors.groupingBy(
                    m -> m.siteId().value(),
                    Collectors.averagingDouble(m -> m.values().get(Quantity.PM2_5))));

    assertThat(meanPm25.get("t-site-2")).isGreaterThan(meanPm25.get("t-site-1") + 5);
    assertThat(plan.messages())
        .allSatisfy(
            m ->
                m.values()
                    .forEach((q, v) -> assertThat(q.isPlausible(v)).as("%s=%s", q, v).isTrue()));
  }

  @Test
  void shouldStartTheDefaultPeriodSoThatItEndsAtTheLastFullHour() {
    Instant now = Instant.ofEpochMilli(START + 30 * HOUR + 1_234);

    long start = SimulatorConfig.startHoursBefore(now, 26);

    assertThat(start).isEqualTo(START + 4 * HOUR);
    assertThat(SimulatorConfig.defaults(start).endEpochMillis()).isEqualTo(START + 30 * HOUR);
  }

  @Test
  void shouldRejectStartThatIsNotAnHourBoundary() {
    assertThatThrownBy(() -> SimulatorConfig.defaults(START + 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("hour boundary");
  }

  @Test
  void shouldRejectGraceTooShortToPlaceLateReadingsClearly() {
    assertThatThrownBy(
            () ->
                new SimulatorConfig(
                    1,
                    "t",
                    1,
                    1,
                    2,
                    Duration.ofMinutes(1),
                    START,
                    0,
                    FaultMix.none(),
                    Duration.ofMinutes(3),
                    0,
                    SensorFaults.none()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("processorGrace");
  }

  @Test
  void shouldRefuseMoreLateReadingsThanTheFleetHasHoursForWhateverTheOrderOfChanges() {
    SimulatorConfig tooShort = small.toBuilder().fleet(1, 1, 1).build();
    SimulatorConfig sameInOtherOrder = SimulatorConfig.builder(START).fleet(1, 1, 1).build();

    assertThatThrownBy(() -> new Simulator(tooShort))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("processorGrace");
    assertThatThrownBy(() -> new Simulator(sameInOtherOrder))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(
            new Simulator(tooShort.toBuilder().faults(FaultMix.none()).build()).plan().published())
        .isEqualTo(60);
  }

  private static long hourEnd(long eventTime) {
    return Math.floorDiv(eventTime, HOUR) * HOUR + HOUR;
  }

  private static void assertPublishedAfterNewerReadings(SimulationPlan plan, PlannedMessage late) {
    assertThat(
            plan.messages().subList(0, late.index()).stream()
                .anyMatch(m -> m.eventTime() >= hourEnd(late.eventTime())))
        .as("a reading of the next hour is published before %s", late)
        .isTrue();
  }

  @Test
  void shouldSignTheJsonPayloadsOfDevicesWithKeysAndLeaveTheOthersUnsigned() throws Exception {
    SimulationPlan plan = new Simulator(small).plan();
    PlannedMessage jsonMessage =
        plan.messages().stream()
            .filter(m -> m.format() == PayloadFormat.JSON && m.kind() == MessageKind.READING)
            .findFirst()
            .orElseThrow();
    DeviceId signer = jsonMessage.deviceId();
    KeyPair key = Ed25519.generate();
    RecordingPublisher publisher = new RecordingPublisher();

    new Simulator(small).run(publisher, Duration.ofSeconds(1), Map.of(signer, key.getPrivate()));

    assertThat(publisher.payloads).hasSize(plan.published());
    for (int i = 0; i < plan.published(); i++) {
      PlannedMessage m = plan.messages().get(i);
      PayloadSignature.Parsed sent = PayloadSignature.parse(publisher.payloads.get(i));
      boolean signable =
          m.deviceId().equals(signer)
              && PayloadSignature.parse(m.payload()) instanceof PayloadSignature.Unsigned;
      if (signable) {
        assertThat(sent).isInstanceOf(PayloadSignature.Signed.class);
        assertThat(((PayloadSignature.Signed) sent).verifies(key.getPublic())).isTrue();
      } else {
        assertThat(publisher.payloads.get(i)).isEqualTo(m.payload());
      }
    }
  }

  /** Keeps every payload in publish order; the broker acknowledges at once. */
  private static final class RecordingPublisher implements MqttPublisher {
    final List<byte[]> payloads = new ArrayList<>();

    @Override
    public void start() {}

    @Override
    public boolean awaitConnected(Duration timeout) {
      return true;
    }

    @Override
    public CompletableFuture<Void> publish(String topic, byte[] payload) {
      payloads.add(payload.clone());
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public boolean awaitDelivered(Duration timeout) {
      return true;
    }

    @Override
    public long published() {
      return payloads.size();
    }

    @Override
    public long acknowledged() {
      return payloads.size();
    }

    @Override
    public MqttConnectionStatus status() {
      throw new UnsupportedOperationException();
    }

    @Override
    public void close() {}
  }
}
