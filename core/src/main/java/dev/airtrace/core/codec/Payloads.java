package dev.airtrace.core.codec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airtrace.core.deadletter.RejectReason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Turns raw MQTT payload bytes into a JSON tree, classifying every failure as {@link
 * RejectReason#MALFORMED_PAYLOAD}. Stateless and thread-safe.
 */
final class Payloads {
  private static final char BYTE_ORDER_MARK = '\uFEFF';

  private Payloads() {}

  /**
   * Parses {@code payload} as one UTF-8 JSON document.
   *
   * <p>Bytes other than plain ASCII are decoded strictly as UTF-8 first, so that Jackson's encoding
   * detection never reads them as UTF-16 or UTF-32; plain ASCII goes to Jackson as it is. A leading
   * byte-order mark is tolerated.
   *
   * @param maxBytes larger payloads are refused as {@link RejectReason#PAYLOAD_TOO_LARGE} unread
   */
  static JsonNode parse(byte[] payload, int maxBytes) {
    if (payload == null || payload.length == 0) {
      throw new CodecException(RejectReason.MALFORMED_PAYLOAD, "payload is empty");
    }
    if (payload.length > maxBytes) {
      throw new CodecException(RejectReason.PAYLOAD_TOO_LARGE, tooLarge(payload.length, maxBytes));
    }
    JsonNode root;
    try {
      // Most payloads are plain ASCII (no byte 0x00, none above 0x7F): Jackson then reads them as
      // UTF-8 whatever its encoding detection guesses, so the bytes go to its byte parser directly
      // and the strict decode into a String, a second pass and a copy, is skipped (issue #13).
      root =
          plainAscii(payload)
              ? Json.mapper().readTree(payload)
              : Json.mapper().readTree(strictUtf8(payload));
    } catch (IOException | RuntimeException e) {
      if (e instanceof CodecException c) {
        throw c;
      }
      // RuntimeException: Jackson reports some limits (number length, nesting) unchecked.
      throw new CodecException(
          RejectReason.MALFORMED_PAYLOAD, "payload is not JSON: " + firstLine(e.getMessage()), e);
    }
    if (root == null || root.isMissingNode()) {
      throw new CodecException(RejectReason.MALFORMED_PAYLOAD, "payload holds no JSON value");
    }
    return root;
  }

  /** Whether every byte is in 0x01..0x7F: ASCII that no encoding detection can misread. */
  static boolean plainAscii(byte[] payload) {
    for (byte b : payload) {
      if (b <= 0) { // 0x00, or 0x80..0xFF as a signed byte
        return false;
      }
    }
    return true;
  }

  /**
   * The payload decoded strictly as UTF-8 (so that Jackson's encoding detection never reads it as
   * UTF-16 or UTF-32), without a leading byte-order mark.
   */
  private static String strictUtf8(byte[] payload) {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(payload))
              .toString();
    } catch (CharacterCodingException e) {
      throw new CodecException(
          RejectReason.MALFORMED_PAYLOAD, "payload is not valid UTF-8: " + e.getMessage(), e);
    }
    return !text.isEmpty() && text.charAt(0) == BYTE_ORDER_MARK ? text.substring(1) : text;
  }

  /** The detail of a payload over the limit. */
  static String tooLarge(long size, int maxBytes) {
    return "payload has " + size + " bytes, more than the limit of " + maxBytes + " bytes";
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int nl = message.indexOf('\n');
    String line = nl < 0 ? message : message.substring(0, nl);
    return line.length() > 200 ? line.substring(0, 200) + "…" : line;
  }
}
