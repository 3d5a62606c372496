package dev.airtrace.topics.deadletter;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airtrace.core.codec.CodecException;
import dev.airtrace.core.codec.Json;
import dev.airtrace.core.deadletter.DeadLetter;
import dev.airtrace.core.deadletter.RejectReason;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The JSON value of the dead-letter topics; schema in {@code schemas/dead-letter.v1.schema.json}.
 *
 * <p>The original bytes travel base64-encoded in {@code payloadBase64}; when they are valid UTF-8
 * they are also copied into {@code payloadText} so an operator can read them with a console
 * consumer.
 *
 * <p>Every record is bounded, whatever it rejects, so that writing a dead letter can never fail
 * with Kafka's {@code RecordTooLargeException} (which would stop the writer and make the broker
 * redeliver the same poison message for ever): at most {@link #MAX_STORED_PAYLOAD_BYTES} of the
 * payload are kept (a longer one keeps its prefix plus {@code originalSize} and {@code
 * originalSha256} of the whole), {@code detail} at most {@link #MAX_DETAIL_CHARS} characters and
 * {@code source} at most {@link #MAX_SOURCE_CHARS}. The encoding is then at most {@link
 * #MAX_ENCODED_BYTES}, half of Kafka's default 1 MiB limit. Stateless and thread-safe.
 */
public final class DeadLetterJson {
  /** Most payload bytes a record keeps: {@link DeadLetter#DEFAULT_MAX_STORED_PAYLOAD_BYTES}. */
  public static final int MAX_STORED_PAYLOAD_BYTES = DeadLetter.DEFAULT_MAX_STORED_PAYLOAD_BYTES;

  /** Longest detail a record keeps, in UTF-16 characters; longer ones are cut with a marker. */
  public static final int MAX_DETAIL_CHARS = 2_000;

  /** Longest source a record keeps (an MQTT topic may be 65,535 bytes). */
  public static final int MAX_SOURCE_CHARS = 1_000;

  /**
   * Upper bound of an encoded record: 512 KiB. Worst case: 64 KiB of control characters, escaped to
   * 6 bytes each in {@code payloadText} (384 KiB) plus their base64 (88 KiB), plus detail and
   * source escaped the same way (18 KiB), plus the fixed members.
   */
  public static final int MAX_ENCODED_BYTES = 512 * 1024;

  /**
   * The reader of dead-letter records: {@link Json#mapper()}'s rules, but strings up to 256 Ki
   * characters, because the base64 of a kept 64 KiB payload (88 Ki characters) is longer than the
   * shared reader's bound for sensor payloads.
   */
  private static final ObjectMapper READER =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(8)
                          .maxStringLength(256 * 1024)
                          .maxNumberLength(64)
                          .build())
                  .build())
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
          .build();

  private DeadLetterJson() {}

  /**
   * Encodes a dead letter as UTF-8 JSON of at most {@link #MAX_ENCODED_BYTES}, cutting payload,
   * detail and source to their bounds.
   */
  public static byte[] encode(DeadLetter dead) {
    DeadLetter d = dead.boundedTo(MAX_STORED_PAYLOAD_BYTES);
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("reason", d.reason().name());
    root.put("detail", cut(d.detail(), MAX_DETAIL_CHARS));
    root.put("source", cut(d.source(), MAX_SOURCE_CHARS));
    if (d.deviceId() != null) {
      root.put("deviceId", d.deviceId());
    }
    root.put("gatewayId", d.gatewayId());
    root.put("rejectedAt", d.rejectedAt());
    byte[] payload = d.payload();
    root.put("payloadBase64", Base64.getEncoder().encodeToString(payload));
    String text = utf8OrNull(payload);
    if (text != null) {
      root.put("payloadText", text);
    }
    if (d.truncation() != null) {
      root.put("originalSize", d.truncation().originalSize());
      root.put("originalSha256", d.truncation().originalSha256());
    }
    try {
      return Json.mapper().writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode dead letter", e);
    }
  }

  /**
   * Decodes a dead-letter record.
   *
   * @throws CodecException with {@link RejectReason#UNDECODABLE_RECORD} when the bytes are not a
   *     dead-letter record of the documented shape
   */
  public static DeadLetter decode(byte[] bytes) {
    try {
      JsonNode n = READER.readTree(bytes);
      if (n == null || !n.isObject()) {
        throw new IllegalArgumentException("not a JSON object");
      }
      JsonNode device = n.get("deviceId");
      JsonNode rejectedAt = n.get("rejectedAt");
      if (rejectedAt == null || !rejectedAt.isIntegralNumber() || !rejectedAt.canConvertToLong()) {
        throw new IllegalArgumentException("rejectedAt is not an integer: " + rejectedAt);
      }
      DeadLetter.Truncation truncation = null;
      JsonNode size = n.get("originalSize");
      if (size != null || n.has("originalSha256")) {
        if (size == null || !size.isIntegralNumber() || !size.canConvertToLong()) {
          throw new IllegalArgumentException("originalSize is not an integer: " + size);
        }
        truncation = new DeadLetter.Truncation(size.longValue(), text(n, "originalSha256"));
      }
      return new DeadLetter(
          RejectReason.valueOf(text(n, "reason")),
          text(n, "detail"),
          text(n, "source"),
          Base64.getDecoder().decode(text(n, "payloadBase64")),
          device == null || device.isNull() ? null : text(n, "deviceId"),
          text(n, "gatewayId"),
          rejectedAt.longValue(),
          truncation);
    } catch (IOException | RuntimeException e) {
      throw new CodecException(
          RejectReason.UNDECODABLE_RECORD, "not a dead-letter record: " + e, e);
    }
  }

  /** {@code s}, or its first {@code max} characters (never half a surrogate pair) and a marker. */
  private static String cut(String s, int max) {
    if (s.length() <= max) {
      return s;
    }
    int end = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
    return s.substring(0, end) + "… (" + s.length() + " chars)";
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException(field + " is not a string: " + v);
    }
    return v.textValue();
  }

  private static String utf8OrNull(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
