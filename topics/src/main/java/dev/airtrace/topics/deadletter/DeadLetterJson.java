package dev.airtrace.topics.deadletter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
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
 * consumer. Stateless and thread-safe.
 */
public final class DeadLetterJson {
  private DeadLetterJson() {}

  /** Encodes a dead letter as UTF-8 JSON. */
  public static byte[] encode(DeadLetter d) {
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("reason", d.reason().name());
    root.put("detail", d.detail());
    root.put("source", d.source());
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
      JsonNode n = Json.mapper().readTree(bytes);
      if (n == null || !n.isObject()) {
        throw new IllegalArgumentException("not a JSON object");
      }
      JsonNode device = n.get("deviceId");
      JsonNode rejectedAt = n.get("rejectedAt");
      if (rejectedAt == null || !rejectedAt.isIntegralNumber() || !rejectedAt.canConvertToLong()) {
        throw new IllegalArgumentException("rejectedAt is not an integer: " + rejectedAt);
      }
      return new DeadLetter(
          RejectReason.valueOf(text(n, "reason")),
          text(n, "detail"),
          text(n, "source"),
          Base64.getDecoder().decode(text(n, "payloadBase64")),
          device == null || device.isNull() ? null : text(n, "deviceId"),
          text(n, "gatewayId"),
          rejectedAt.longValue());
    } catch (IOException | RuntimeException e) {
      throw new CodecException(
          RejectReason.UNDECODABLE_RECORD, "not a dead-letter record: " + e, e);
    }
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
