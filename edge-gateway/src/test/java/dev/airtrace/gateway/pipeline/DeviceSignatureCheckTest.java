package dev.airtrace.gateway.pipeline;

import static dev.airtrace.gateway.testdata.SensorPayloads.aSensorMessage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.airtrace.core.DeviceId;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.codec.SensorTopic;
import dev.airtrace.core.deadletter.RejectReason;
import dev.airtrace.core.integrity.Ed25519;
import dev.airtrace.core.validation.Rejection;
import dev.airtrace.gateway.integrity.DeviceKeys;
import dev.airtrace.gateway.integrity.DeviceSignatureConfig;
import dev.airtrace.gateway.integrity.DeviceSignaturePolicy;
import dev.airtrace.gateway.testdata.SensorPayloads;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeviceSignatureCheckTest {
  private static final KeyPair DEVICE = Ed25519.generate();
  private static final KeyPair FORGER = Ed25519.generate();
  private static final DeviceKeys KEYS =
      DeviceKeys.of(Map.of(new DeviceId("known"), DEVICE.getPublic()));

  private static final SensorPayloads KNOWN =
      aSensorMessage().device("known").sequence(3).with(Quantity.PM10, 8.0);
  private static final SensorPayloads UNKNOWN = aSensorMessage().device("stranger").sequence(3);

  /**
   * The whole matrix: payload kind x policy -> reason, or ACCEPT. Kinds: valid (signed by the
   * device's key), forged (signed by another key), tampered (valid signature, value changed after
   * signing), garbage (sig not base64), missing (unsigned), unknown (signed, device has no key),
   * unknownUnsigned, senml.
   */
  @ParameterizedTest(name = "{0} under {1} -> {2}")
  @CsvSource({
    "valid, REQUIRE, ACCEPT",
    "valid, ACCEPT_IF_PRESENT, ACCEPT",
    "valid, OFF, ACCEPT",
    "forged, REQUIRE, INVALID_SIGNATURE",
    "forged, ACCEPT_IF_PRESENT, INVALID_SIGNATURE",
    "forged, OFF, ACCEPT",
    "tampered, REQUIRE, INVALID_SIGNATURE",
    "tampered, ACCEPT_IF_PRESENT, INVALID_SIGNATURE",
    "garbage, ACCEPT_IF_PRESENT, INVALID_SIGNATURE",
    "missing, REQUIRE, MISSING_SIGNATURE",
    "missing, ACCEPT_IF_PRESENT, ACCEPT",
    "missing, OFF, ACCEPT",
    "unknown, REQUIRE, UNKNOWN_DEVICE_KEY",
    "unknown, ACCEPT_IF_PRESENT, ACCEPT",
    "unknown, OFF, ACCEPT",
    "unknownUnsigned, REQUIRE, MISSING_SIGNATURE",
    "senml, REQUIRE, MISSING_SIGNATURE",
    "senml, ACCEPT_IF_PRESENT, ACCEPT",
    "valid, REQUIRE_IF_PROVISIONED, ACCEPT",
    "forged, REQUIRE_IF_PROVISIONED, INVALID_SIGNATURE",
    "tampered, REQUIRE_IF_PROVISIONED, INVALID_SIGNATURE",
    "garbage, REQUIRE_IF_PROVISIONED, INVALID_SIGNATURE",
    "missing, REQUIRE_IF_PROVISIONED, MISSING_SIGNATURE",
    "unknown, REQUIRE_IF_PROVISIONED, ACCEPT",
    "unknownUnsigned, REQUIRE_IF_PROVISIONED, ACCEPT",
    "senml, REQUIRE_IF_PROVISIONED, MISSING_SIGNATURE",
    "unknownSenml, REQUIRE_IF_PROVISIONED, ACCEPT",
  })
  void shouldApplyThePolicy(String kind, DeviceSignaturePolicy policy, String expected) {
    SensorPayloads msg =
        switch (kind) {
          case "unknown", "unknownUnsigned" -> UNKNOWN;
          case "senml" -> aSensorMessage().device("known").senml();
          case "unknownSenml" -> aSensorMessage().device("stranger").senml();
          default -> KNOWN;
        };
    byte[] payload = payload(kind, msg);

    Optional<Rejection> verdict =
        new DeviceSignatureCheck(policy, KEYS).check(SensorTopic.parse(msg.topic()), payload);

    if (expected.equals("ACCEPT")) {
      assertThat(verdict).isEmpty();
    } else {
      assertThat(verdict).map(Rejection::reason).contains(RejectReason.valueOf(expected));
      assertThat(verdict.orElseThrow().detail()).isNotBlank();
    }
  }

  @Test
  void shouldExplainThatSenmlCannotBeSignedWhenRequired() {
    SensorPayloads senml = aSensorMessage().senml();

    Optional<Rejection> verdict =
        new DeviceSignatureCheck(DeviceSignaturePolicy.REQUIRE, KEYS)
            .check(SensorTopic.parse(senml.topic()), senml.payload());

    assertThat(verdict.orElseThrow().detail()).contains("SenML");
  }

  @Test
  void shouldRequireSignaturesOfProvisionedDevicesByDefault() {
    assertThat(DeviceSignatureConfig.defaults().policy())
        .isEqualTo(DeviceSignaturePolicy.REQUIRE_IF_PROVISIONED);
  }

  @Test
  void shouldNameTheProvisionedKeyWhenAnUnsignedPayloadIsRejected() {
    Optional<Rejection> verdict =
        new DeviceSignatureCheck(DeviceSignaturePolicy.REQUIRE_IF_PROVISIONED, KEYS)
            .check(SensorTopic.parse(KNOWN.topic()), KNOWN.payload());

    assertThat(verdict.orElseThrow().detail()).contains("known has a provisioned key");
  }

  @Test
  void shouldLeaveAPayloadThatIsNoJsonObjectToTheDecoder() {
    Optional<Rejection> verdict =
        new DeviceSignatureCheck(DeviceSignaturePolicy.REQUIRE, KEYS)
            .check(SensorTopic.parse(KNOWN.topic()), SensorPayloads.notJson());

    assertThat(verdict).isEmpty();
  }

  private static byte[] payload(String kind, SensorPayloads msg) {
    return switch (kind) {
      case "valid", "unknown" -> msg.signedPayload(DEVICE.getPrivate());
      case "forged" -> msg.signedPayload(FORGER.getPrivate());
      case "tampered" ->
          new String(msg.signedPayload(DEVICE.getPrivate()), StandardCharsets.UTF_8)
              .replace("8.0", "9.0")
              .getBytes(StandardCharsets.UTF_8);
      case "garbage" ->
          new String(msg.payload(), StandardCharsets.UTF_8)
              .replaceFirst("\\{", "{\"sig\":\"not base64!\",")
              .getBytes(StandardCharsets.UTF_8);
      default -> msg.payload();
    };
  }
}
