package dev.airtrace.core.deadletter;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A rejected input: the reason, a human-readable detail, where it came from, and the original bytes
 * exactly as received (so it can be inspected and replayed) — or, when they were too large to keep,
 * a bounded prefix of them with the size and SHA-256 of the whole ({@link #truncation()}).
 *
 * <p>Immutable; the payload array is copied in and out.
 *
 * @param reason machine-readable reason code
 * @param detail one sentence an operator can act on, e.g. {@code "pm2_5 = -3.0 ug/m3 is below 0"}
 * @param source where the bytes came from: {@code mqtt:<topic>} or {@code
 *     kafka:<topic>/<partition>/<offset>}
 * @param payload the original bytes, or their first bytes when {@code truncation} is present
 * @param deviceId the device, when it could be determined, else {@code null}
 * @param gatewayId the gateway (or application) that rejected the input
 * @param rejectedAt when it was rejected, epoch milliseconds UTC
 * @param truncation the whole input's size and hash when {@code payload} is only its prefix, else
 *     {@code null}
 */
public record DeadLetter(
    RejectReason reason,
    String detail,
    String source,
    byte[] payload,
    String deviceId,
    String gatewayId,
    long rejectedAt,
    Truncation truncation) {

  /**
   * Default bound on the payload bytes a dead letter keeps: 64 KiB, the largest payload the
   * decoders accept by default, so every payload a gateway could have accepted is kept whole, and a
   * dead-letter record stays far below Kafka's default 1 MiB record limit.
   */
  public static final int DEFAULT_MAX_STORED_PAYLOAD_BYTES = 64 * 1024;

  /**
   * What a truncated dead letter says about the whole input it was cut from.
   *
   * @param originalSize the whole input's length in bytes, larger than the kept prefix
   * @param originalSha256 the whole input's SHA-256, 64 lower-case hex digits
   */
  public record Truncation(long originalSize, String originalSha256) {
    public Truncation {
      if (originalSize < 0) {
        throw new IllegalArgumentException("originalSize must be >= 0 but was " + originalSize);
      }
      Objects.requireNonNull(originalSha256, "originalSha256");
      if (!originalSha256.matches("[0-9a-f]{64}")) {
        throw new IllegalArgumentException(
            "originalSha256 must be 64 lower-case hex digits but was " + originalSha256);
      }
    }
  }

  public DeadLetter {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(gatewayId, "gatewayId");
    payload = payload == null ? new byte[0] : payload.clone();
    if (truncation != null && truncation.originalSize() <= payload.length) {
      throw new IllegalArgumentException(
          "a truncated payload must be shorter than the original: kept "
              + payload.length
              + " of "
              + truncation.originalSize()
              + " bytes");
    }
  }

  /** A dead letter that keeps the whole input. */
  public DeadLetter(
      RejectReason reason,
      String detail,
      String source,
      byte[] payload,
      String deviceId,
      String gatewayId,
      long rejectedAt) {
    this(reason, detail, source, payload, deviceId, gatewayId, rejectedAt, null);
  }

  /**
   * A dead letter that keeps at most {@code maxStoredBytes} of {@code payload}: the whole input
   * when it fits, else its prefix (cut before a UTF-8 continuation byte, so a text payload stays
   * text) with its size and SHA-256. Copies only what it keeps, so a huge input is not duplicated.
   *
   * @throws IllegalArgumentException if {@code maxStoredBytes < 4}
   */
  public static DeadLetter bounded(
      RejectReason reason,
      String detail,
      String source,
      byte[] payload,
      String deviceId,
      String gatewayId,
      long rejectedAt,
      int maxStoredBytes) {
    byte[] bytes = payload == null ? new byte[0] : payload;
    if (maxStoredBytes < 4) {
      throw new IllegalArgumentException("maxStoredBytes must be >= 4 but was " + maxStoredBytes);
    }
    if (bytes.length <= maxStoredBytes) {
      return new DeadLetter(reason, detail, source, bytes, deviceId, gatewayId, rejectedAt, null);
    }
    int cut = maxStoredBytes;
    // At most 3 steps back: a UTF-8 sequence has at most 3 continuation bytes.
    for (int i = 0; i < 3 && (bytes[cut] & 0xC0) == 0x80; i++) {
      cut--;
    }
    return new DeadLetter(
        reason,
        detail,
        source,
        Arrays.copyOf(bytes, cut),
        deviceId,
        gatewayId,
        rejectedAt,
        new Truncation(bytes.length, sha256Hex(bytes)));
  }

  /**
   * This dead letter, keeping at most {@code maxStoredBytes} payload bytes (see {@link #bounded});
   * itself when the payload fits.
   */
  public DeadLetter boundedTo(int maxStoredBytes) {
    if (payload.length <= maxStoredBytes) {
      return this;
    }
    if (truncation != null) {
      // Already a prefix: cut it further but keep the size and hash of the whole input.
      DeadLetter shorter =
          bounded(reason, detail, source, payload, deviceId, gatewayId, rejectedAt, maxStoredBytes);
      return new DeadLetter(
          reason, detail, source, shorter.payload, deviceId, gatewayId, rejectedAt, truncation);
    }
    return bounded(
        reason, detail, source, payload, deviceId, gatewayId, rejectedAt, maxStoredBytes);
  }

  /** A copy with another detail. */
  public DeadLetter withDetail(String newDetail) {
    return new DeadLetter(
        reason, newDetail, source, payload, deviceId, gatewayId, rejectedAt, truncation);
  }

  @Override
  public byte[] payload() {
    return payload.clone();
  }

  /** The length of the kept payload bytes, without copying them. */
  public int payloadLength() {
    return payload.length;
  }

  /** The size of the whole input: the kept payload's length unless it was truncated. */
  public long originalSize() {
    return truncation == null ? payload.length : truncation.originalSize();
  }

  /** The source string for an MQTT message. */
  public static String mqttSource(String topic) {
    return "mqtt:" + topic;
  }

  /** The source string for a Kafka record. */
  public static String kafkaSource(String topic, int partition, long offset) {
    return "kafka:" + topic + "/" + partition + "/" + offset;
  }

  /** SHA-256 of {@code bytes} as 64 lower-case hex digits. */
  public static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
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
        && rejectedAt == d.rejectedAt
        && Objects.equals(truncation, d.truncation);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        reason,
        detail,
        source,
        Arrays.hashCode(payload),
        deviceId,
        gatewayId,
        rejectedAt,
        truncation);
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
        + (truncation == null
            ? payload.length + " bytes"
            : payload.length + " of " + truncation.originalSize() + " bytes kept")
        + ")]";
  }
}
