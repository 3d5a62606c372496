package dev.airtrace.gateway.pipeline;

import static dev.airtrace.gateway.testdata.ReadingBuilder.T0;
import static dev.airtrace.gateway.testdata.SensorPayloads.aSensorMessage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.airtrace.core.DeviceId;
import dev.airtrace.core.GatewayId;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.codec.SensorPayloadDecoder;
import dev.airtrace.core.deadletter.DeadLetter;
import dev.airtrace.core.deadletter.RejectReason;
import dev.airtrace.core.validation.ReadingValidator;
import dev.airtrace.core.validation.SequenceTracker;
import dev.airtrace.core.validation.ValidationConfig;
import dev.airtrace.gateway.testdata.SensorPayloads;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class MessageAdmissionTest {
  private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(T0 + 60_000), ZoneOffset.UTC);

  private final MessageAdmission admission =
      new MessageAdmission(
          new GatewayId("gw-1"),
          new SensorPayloadDecoder(),
          new ReadingValidator(ValidationConfig.defaults(), CLOCK),
          new SequenceTracker(64),
          CLOCK);

  @Test
  void shouldAcceptValidJsonReadingStampedWithGatewayAndReceiveTime() {
    SensorPayloads msg = aSensorMessage().device("d1").sequence(7).with(Quantity.PM2_5, 3.5);

    AdmissionVerdict verdict = admit(msg.topic(), msg.payload());

    assertThat(verdict.deadLetters()).isEmpty();
    assertThat(verdict.key()).isEqualTo("d1");
    assertThat(verdict.accepted())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.deviceId()).isEqualTo(new DeviceId("d1"));
              assertThat(r.sequence()).isEqualTo(7);
              assertThat(r.values()).containsEntry(Quantity.PM2_5, 3.5);
              assertThat(r.gatewayId()).isEqualTo(new GatewayId("gw-1"));
              assertThat(r.receivedAt()).isEqualTo(T0 + 1_000);
            });
  }

  @Test
  void shouldAcceptValidSenmlReading() {
    SensorPayloads msg = aSensorMessage().senml().with(Quantity.NO2, 21.0);

    assertThat(admit(msg.topic(), msg.payload()).accepted())
        .singleElement()
        .satisfies(r -> assertThat(r.values()).containsEntry(Quantity.NO2, 21.0));
  }

  @Test
  void shouldDeadLetterUndecodablePayloadWithOriginalBytesSourceAndDevice() {
    SensorPayloads msg = aSensorMessage().device("d9");
    byte[] bytes = SensorPayloads.notJson();

    AdmissionVerdict verdict = admit(msg.topic(), bytes);

    assertThat(verdict.accepted()).isEmpty();
    assertThat(verdict.key()).isEqualTo("d9");
    DeadLetter dl = verdict.deadLetters().get(0);
    assertThat(verdict.deadLetters()).hasSize(1);
    assertThat(dl.reason()).isEqualTo(RejectReason.MALFORMED_PAYLOAD);
    assertThat(dl.payload()).isEqualTo(bytes);
    assertThat(dl.source()).isEqualTo("mqtt:" + msg.topic());
    assertThat(dl.deviceId()).isEqualTo("d9");
    assertThat(dl.gatewayId()).isEqualTo("gw-1");
    assertThat(dl.rejectedAt()).isEqualTo(CLOCK.millis());
    assertThat(dl.detail()).isNotBlank();
  }

  @Test
  void shouldDeadLetterWithoutKeyWhenTopicNamesNoDevice() {
    byte[] bytes = "{}".getBytes(StandardCharsets.UTF_8);

    AdmissionVerdict verdict = admit("somewhere/else", bytes);

    assertThat(verdict.key()).isNull();
    assertThat(verdict.deadLetters())
        .singleElement()
        .satisfies(
            dl -> {
              assertThat(dl.reason()).isEqualTo(RejectReason.UNSUPPORTED_TOPIC);
              assertThat(dl.deviceId()).isNull();
              assertThat(dl.source()).isEqualTo("mqtt:somewhere/else");
            });
  }

  @Test
  void shouldDeadLetterImplausibleValueAsOutOfRange() {
    SensorPayloads msg = aSensorMessage().with(Quantity.PM2_5, -3.0);

    assertThat(admit(msg.topic(), msg.payload()).deadLetters())
        .extracting(DeadLetter::reason)
        .containsExactly(RejectReason.OUT_OF_RANGE);
  }

  @Test
  void shouldDeadLetterEventTimeBeyondSkewAsTimeInFuture() {
    SensorPayloads msg = aSensorMessage().at(CLOCK.millis() + Duration.ofHours(1).toMillis());

    assertThat(admit(msg.topic(), msg.payload()).deadLetters())
        .extracting(DeadLetter::reason)
        .containsExactly(RejectReason.TIME_IN_FUTURE);
  }

  @Test
  void shouldDeadLetterSecondCopyOfSameSequenceAsDuplicate() {
    SensorPayloads msg = aSensorMessage().sequence(5);
    admit(msg.topic(), msg.payload());

    AdmissionVerdict second = admit(msg.topic(), msg.payload());

    assertThat(second.accepted()).isEmpty();
    assertThat(second.deadLetters())
        .singleElement()
        .satisfies(
            dl -> {
              assertThat(dl.reason()).isEqualTo(RejectReason.DUPLICATE);
              assertThat(dl.detail()).contains("sequence 5").doesNotContain("redelivery");
            });
  }

  @Test
  void shouldSayRedeliveryInDuplicateDetailWhenBrokerFlaggedIt() {
    SensorPayloads msg = aSensorMessage().sequence(5);
    admit(msg.topic(), msg.payload());

    AdmissionVerdict again = admission.admit(msg.topic(), msg.payload(), T0, true);

    assertThat(again.deadLetters().get(0).detail()).contains("redelivery");
  }

  @Test
  void shouldCountSkippedSequenceNumbersAsGaps() {
    SensorPayloads first = aSensorMessage().sequence(1);
    SensorPayloads later = aSensorMessage().sequence(5);
    admit(first.topic(), first.payload());

    assertThat(admit(later.topic(), later.payload()).gapsDetected()).isEqualTo(3);
  }

  @Test
  void shouldNotConsumeSequenceNumberOfRejectedReading() {
    SensorPayloads bad = aSensorMessage().sequence(3).with(Quantity.PM2_5, -1.0);
    SensorPayloads fixed = aSensorMessage().sequence(3).with(Quantity.PM2_5, 1.0);
    admit(bad.topic(), bad.payload());

    assertThat(admit(fixed.topic(), fixed.payload()).accepted()).hasSize(1);
  }

  @Test
  void shouldAcceptReadingsOfRestartedDeviceAndCountTheReset() {
    for (long seq = 40; seq <= 42; seq++) {
      SensorPayloads before = aSensorMessage().sequence(seq).at(T0 - 60_000 + seq * 1_000);
      assertThat(admit(before.topic(), before.payload()).accepted()).hasSize(1);
    }
    // the device rebooted: its counter starts at 0 again, 61 s after its latest reading at T0-18s
    SensorPayloads rebooted = aSensorMessage().sequence(0).at(T0 + 43_001);
    SensorPayloads next = aSensorMessage().sequence(1).at(T0 + 44_001);

    assertThat(admit(rebooted.topic(), rebooted.payload()).accepted()).hasSize(1);
    assertThat(admit(next.topic(), next.payload()).accepted()).hasSize(1);
    assertThat(admission.counterResets()).isEqualTo(1);
  }

  @Test
  void shouldStillDeadLetterReplayOfPreResetReadingAsDuplicate() {
    SensorPayloads old = aSensorMessage().sequence(1).at(T0 - 50_000);
    admit(old.topic(), old.payload());
    SensorPayloads rebooted = aSensorMessage().sequence(0).at(T0 + 20_000);
    admit(rebooted.topic(), rebooted.payload());

    assertThat(admit(old.topic(), old.payload()).deadLetters())
        .singleElement()
        .satisfies(dl -> assertThat(dl.reason()).isEqualTo(RejectReason.DUPLICATE));
  }

  private AdmissionVerdict admit(String topic, byte[] payload) {
    return admission.admit(topic, payload, T0 + 1_000, false);
  }

  @Test
  void shouldAcceptASignedPayloadAndDeadLetterAForgedOneUnderRequire() {
    java.security.KeyPair device = dev.airtrace.core.integrity.Ed25519.generate();
    MessageAdmission strict =
        new MessageAdmission(
            new GatewayId("gw-1"),
            new SensorPayloadDecoder(),
            new ReadingValidator(ValidationConfig.defaults(), CLOCK),
            new SequenceTracker(64),
            CLOCK,
            new DeviceSignatureCheck(
                dev.airtrace.gateway.integrity.DeviceSignaturePolicy.REQUIRE,
                dev.airtrace.gateway.integrity.DeviceKeys.of(
                    java.util.Map.of(new DeviceId("d1"), device.getPublic()))));
    SensorPayloads good = aSensorMessage().device("d1").sequence(1);
    SensorPayloads forged = aSensorMessage().device("d1").sequence(2);

    AdmissionVerdict accepted =
        strict.admit(good.topic(), good.signedPayload(device.getPrivate()), T0 + 1_000, false);
    byte[] forgedBytes =
        forged.signedPayload(dev.airtrace.core.integrity.Ed25519.generate().getPrivate());
    AdmissionVerdict rejected = strict.admit(forged.topic(), forgedBytes, T0 + 1_000, false);

    assertThat(accepted.deadLetters()).isEmpty();
    assertThat(accepted.accepted())
        .singleElement()
        .satisfies(r -> assertThat(r.sequence()).isEqualTo(1));
    assertThat(rejected.accepted()).isEmpty();
    assertThat(rejected.deadLetters())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.reason()).isEqualTo(RejectReason.INVALID_SIGNATURE);
              assertThat(d.payload()).isEqualTo(forgedBytes);
              assertThat(d.deviceId()).isEqualTo("d1");
            });
  }

  @Test
  void shouldKeepTheDecodersReasonForUnparsableJsonAndThePolicysForSenmlUnderRequire() {
    // The payload is parsed once, before the signature check; which reason wins stays as it was.
    MessageAdmission strict =
        new MessageAdmission(
            new GatewayId("gw-1"),
            new SensorPayloadDecoder(),
            new ReadingValidator(ValidationConfig.defaults(), CLOCK),
            new SequenceTracker(64),
            CLOCK,
            new DeviceSignatureCheck(
                dev.airtrace.gateway.integrity.DeviceSignaturePolicy.REQUIRE,
                dev.airtrace.gateway.integrity.DeviceKeys.none()));
    byte[] broken = "{\"seq\":".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    AdmissionVerdict json = strict.admit("airtrace/v1/s1/d1/json", broken, T0 + 1_000, false);
    AdmissionVerdict senml = strict.admit("airtrace/v1/s1/d1/senml", broken, T0 + 1_000, false);

    assertThat(json.deadLetters())
        .singleElement()
        .satisfies(d -> assertThat(d.reason()).isEqualTo(RejectReason.MALFORMED_PAYLOAD));
    assertThat(senml.deadLetters())
        .singleElement()
        .satisfies(d -> assertThat(d.reason()).isEqualTo(RejectReason.MISSING_SIGNATURE));
  }
}
