package dev.airtrace.gateway.pipeline;

import static dev.airtrace.gateway.testdata.ReadingBuilder.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.airtrace.core.GatewayId;
import dev.airtrace.core.codec.PayloadLimits;
import dev.airtrace.core.codec.SensorPayloadDecoder;
import dev.airtrace.core.deadletter.DeadLetter;
import dev.airtrace.core.deadletter.RejectReason;
import dev.airtrace.core.validation.ReadingValidator;
import dev.airtrace.core.validation.SequenceTracker;
import dev.airtrace.core.validation.ValidationConfig;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Poison messages (#10): each is exactly one dead letter with a specific reason, never an
 * exception, and leaves the device's state as it was, so its next normal reading is accepted.
 */
class PoisonMessageAdmissionTest {
  private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(T0 + 60_000), ZoneOffset.UTC);
  private static final String JSON_TOPIC = "airtrace/v1/site-a/d1/json";
  private static final String SENML_TOPIC = "airtrace/v1/site-a/d1/senml";

  private final MessageAdmission admission =
      new MessageAdmission(
          new GatewayId("gw-1"),
          new SensorPayloadDecoder(),
          new ReadingValidator(ValidationConfig.defaults(), CLOCK),
          new SequenceTracker(64),
          CLOCK);

  private static byte[] json(long seq) {
    return ("{\"seq\":" + seq + ",\"time\":" + T0 + ",\"values\":{\"pm2_5\":3.5}}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private AdmissionVerdict admit(String topic, byte[] payload) {
    return admission.admit(topic, payload, T0 + 1_000, false);
  }

  private static DeadLetter single(AdmissionVerdict verdict) {
    assertThat(verdict.accepted()).isEmpty();
    assertThat(verdict.deadLetters()).hasSize(1);
    return verdict.deadLetters().get(0);
  }

  @Test
  void shouldDeadLetterSeqAboveLargestSafeIntegerAndAcceptTheDevicesNextReading() {
    admit(JSON_TOPIC, json(10));

    DeadLetter poison = single(admit(JSON_TOPIC, json(9_007_199_254_740_992L)));
    AdmissionVerdict next = admit(JSON_TOPIC, json(11));

    assertThat(poison.reason()).isEqualTo(RejectReason.OUT_OF_RANGE);
    assertThat(poison.detail()).contains("seq = 9007199254740992", "2^53-1");
    assertThat(next.accepted()).hasSize(1);
    assertThat(next.gapsDetected()).isZero(); // the poison never reached the tracker
  }

  @Test
  void shouldDeadLetterNegativeSeqAsOutOfRange() {
    assertThat(single(admit(JSON_TOPIC, json(-1))).reason()).isEqualTo(RejectReason.OUT_OF_RANGE);
  }

  @Test
  void shouldDeadLetterOversizedPayloadWithPrefixSizeAndHashWithoutReadingIt() {
    byte[] huge = new byte[5_000_000];
    Arrays.fill(huge, (byte) '[');

    DeadLetter d = single(admit(JSON_TOPIC, huge));

    assertThat(d.reason()).isEqualTo(RejectReason.PAYLOAD_TOO_LARGE);
    assertThat(d.detail())
        .isEqualTo("payload has 5000000 bytes, more than the limit of 65536 bytes");
    assertThat(d.deviceId()).isEqualTo("d1");
    assertThat(d.payloadLength()).isEqualTo(DeadLetter.DEFAULT_MAX_STORED_PAYLOAD_BYTES);
    assertThat(d.truncation().originalSize()).isEqualTo(5_000_000L);
    assertThat(d.truncation().originalSha256()).isEqualTo(DeadLetter.sha256Hex(huge));
  }

  @Test
  void shouldDeadLetterPackWithTooManyReadingsOnce() {
    MessageAdmission limited =
        new MessageAdmission(
            new GatewayId("gw-1"),
            new SensorPayloadDecoder(PayloadLimits.builder().maxReadingsPerMessage(3).build()),
            new ReadingValidator(ValidationConfig.defaults(), CLOCK),
            new SequenceTracker(64),
            CLOCK);
    StringBuilder pack = new StringBuilder("[");
    for (int i = 0; i < 4; i++) {
      pack.append(i == 0 ? "{\"bt\":" + T0 / 1000 + "," : ",{");
      pack.append("\"n\":\"seq\",\"v\":").append(i).append(",\"t\":").append(i).append('}');
      pack.append(",{\"n\":\"pm10\",\"v\":5,\"t\":").append(i).append('}');
    }
    byte[] payload = pack.append(']').toString().getBytes(StandardCharsets.UTF_8);

    DeadLetter d = single(limited.admit(SENML_TOPIC, payload, T0 + 1_000, false));

    assertThat(d.reason()).isEqualTo(RejectReason.PAYLOAD_TOO_LARGE);
    assertThat(d.detail()).contains("more than 3 readings");
    assertThat(d.payload()).isEqualTo(payload);
  }

  @Test
  void shouldDeadLetterSenmlPackNamingTwoDevicesInsteadOfMergingIt() {
    byte[] pack =
        ("[{\"bn\":\"d1:\",\"bt\":"
                + T0 / 1000
                + ",\"n\":\"seq\",\"v\":1},{\"n\":\"pm10\",\"v\":5},"
                + "{\"bn\":\"d2:\",\"n\":\"pm2_5\",\"v\":7}]")
            .getBytes(StandardCharsets.UTF_8);

    DeadLetter d = single(admit(SENML_TOPIC, pack));

    assertThat(d.reason()).isEqualTo(RejectReason.SCHEMA_VIOLATION);
    assertThat(d.detail()).contains("more than one device", "\"d1:\"", "\"d2:\"");
  }

  @Test
  void shouldTurnAnUnexpectedExceptionIntoOneInternalErrorDeadLetter() {
    Clock broken =
        new Clock() {
          @Override
          public ZoneId getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            throw new IllegalStateException("clock exploded");
          }
        };
    MessageAdmission fragile =
        new MessageAdmission(
            new GatewayId("gw-1"),
            new SensorPayloadDecoder(),
            new ReadingValidator(ValidationConfig.defaults(), broken),
            new SequenceTracker(64),
            CLOCK);

    DeadLetter d = single(fragile.admit(JSON_TOPIC, json(1), T0 + 1_000, false));

    assertThat(d.reason()).isEqualTo(RejectReason.INTERNAL_ERROR);
    assertThat(d.detail()).contains("clock exploded");
    assertThat(d.payload()).isEqualTo(json(1));
    assertThat(fragile.internalErrors()).isEqualTo(1);
  }
}
