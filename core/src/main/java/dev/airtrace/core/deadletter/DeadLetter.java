package dev.airtrace.core.deadletter;

import java.util.Arrays;
import java.util.Objects;

/**
 * A rejected input: the reason, a human-readable detail, where it came from, and the original bytes
 * exactly as received (so it can be inspected and replayed).
 *
 * <p>Immutable; the payload array is copied in and out.
 *
 * @param reason machine-readable reason code
 * @param detail one sentence an operator can act on, e.g. {@code "pm2_5 = -3.0 ug/m3 is below 0"}
 * @param source where the bytes came from: {@code mqtt:<topic>} or {@code
 *     kafka:<topic>/<partition>/<offset>}
 * @param payload the original bytes
 * @param deviceId the device, when it could be determined, else {@code null}
 * @param gatewayId the gateway (or application) that rejected the input
 * @param rejectedAt when it was rejected, epoch milliseconds UTC
 */
public record DeadLetter(
    RejectReason reason,
    String detail,
    String source,
    byte[] payload,
    String deviceId,
    String gatewayId,
    long rejectedAt) {

  public DeadLetter {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(gatewayId, "gatewayId");
    payload = payload == null ? new byte[0] : payload.clone();
  }

  @Override
  public byte[] payload() {
    return payload.clone();
  }

  /** The source string for an MQTT message. */
  public static String mqttSource(String topic) {
    return "mqtt:" + topic;
  }

  /** The source string for a Kafka record. */
  public static String kafkaSource(String topic, int partition, long offset) {
    return "kafka:" + topic + "/" + partition + "/" + offset;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DeadLetter d
        && reason == d.reason
        && detail.equals(d.detail)
        && source.equals(d.source)
        && Arrays.equals(payload, d.payload)
        && Objects.equals(deviceId, d.deviceId)
        && gatewayId.equals(d.gatewayId)
        && rejectedAt == d.rejectedAt;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        reason, detail, source, Arrays.hashCode(payload), deviceId, gatewayId, rejectedAt);
  }

  @Override
  public String toString() {
    return "DeadLetter["
        + reason
        + " from "
        + source
        + ": "
        + detail
        + " ("
        + payload.length
        + " bytes)]";
  }
}
