package dev.airtrace.gateway.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airtrace.core.DeviceId;
import dev.airtrace.core.codec.PayloadFormat;
import dev.airtrace.core.codec.SensorTopic;
import dev.airtrace.core.deadletter.RejectReason;
import dev.airtrace.core.integrity.PayloadSignature;
import dev.airtrace.core.validation.Rejection;
import dev.airtrace.gateway.integrity.DeviceKeys;
import dev.airtrace.gateway.integrity.DeviceSignaturePolicy;
import java.security.PublicKey;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Applies a {@link DeviceSignaturePolicy} to one payload, before it is decoded. A payload that is
 * not a JSON object is left to the decoder, which rejects it with its own reason. Stateless after
 * construction; thread-safe.
 */
public final class DeviceSignatureCheck {
  private final DeviceSignaturePolicy policy;
  private final DeviceKeys keys;

  public DeviceSignatureCheck(DeviceSignaturePolicy policy, DeviceKeys keys) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.keys = Objects.requireNonNull(keys, "keys");
  }

  /** A check that accepts everything. */
  public static DeviceSignatureCheck off() {
    return new DeviceSignatureCheck(DeviceSignaturePolicy.OFF, DeviceKeys.none());
  }

  /** Why the payload is rejected, or empty if the policy lets it through. */
  public Optional<Rejection> check(SensorTopic topic, byte[] payload) {
    return check(topic, () -> PayloadSignature.parse(payload));
  }

  /**
   * Why the payload, already parsed by the caller ({@code null} when it is not JSON), is rejected,
   * or empty if the policy lets it through. The gateway parses each payload once and hands the same
   * tree to this check and to the decoder; {@code root} is not modified.
   */
  public Optional<Rejection> check(SensorTopic topic, JsonNode root) {
    return check(topic, () -> PayloadSignature.parse(root));
  }

  /** Whether this check looks at payloads at all (policy other than {@code OFF}). */
  public boolean inspectsPayloads() {
    return policy != DeviceSignaturePolicy.OFF;
  }

  private Optional<Rejection> check(SensorTopic topic, Supplier<PayloadSignature.Parsed> parse) {
    if (policy == DeviceSignaturePolicy.OFF) {
      return Optional.empty();
    }
    DeviceId device = topic.deviceId();
    Optional<PublicKey> key = keys.get(device);
    // REQUIRE_IF_PROVISIONED: a device with a key is held to REQUIRE, one without to
    // ACCEPT_IF_PRESENT, so a fleet can provision keys device by device.
    boolean require =
        policy == DeviceSignaturePolicy.REQUIRE
            || (policy == DeviceSignaturePolicy.REQUIRE_IF_PROVISIONED && key.isPresent());
    if (topic.format() == PayloadFormat.SENML) {
      return require
          ? reject(
              RejectReason.MISSING_SIGNATURE,
              "SenML payloads cannot carry device signatures; policy "
                  + policy
                  + " accepts signed airtrace JSON only"
                  + (key.isPresent() ? " from device " + device + ", which has a key" : ""))
          : Optional.empty();
    }
    PayloadSignature.Parsed parsed = parse.get();
    if (parsed instanceof PayloadSignature.NotAnObject) {
      return Optional.empty();
    }
    if (parsed instanceof PayloadSignature.Signed signed) {
      if (key.isEmpty()) {
        return require
            ? reject(
                RejectReason.UNKNOWN_DEVICE_KEY,
                "no public key is provisioned for device " + device)
            : Optional.empty();
      }
      return signed.verifies(key.get())
          ? Optional.empty()
          : reject(
              RejectReason.INVALID_SIGNATURE,
              signed.signature().isEmpty()
                  ? "sig is not a base64 string"
                  : "sig does not verify with the provisioned key of device " + device);
    }
    return require
        ? reject(
            RejectReason.MISSING_SIGNATURE,
            "payload carries no sig; policy "
                + policy
                + (key.isPresent() ? " and device " + device + " has a provisioned key" : ""))
        : Optional.empty();
  }

  private static Optional<Rejection> reject(RejectReason reason, String detail) {
    return Optional.of(new Rejection(reason, detail));
  }
}
