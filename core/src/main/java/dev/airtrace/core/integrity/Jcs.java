package dev.airtrace.core.integrity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.airtrace.core.codec.Json;
import java.io.IOException;
import org.erdtman.jcs.JsonCanonicalizer;

/**
 * RFC 8785 JSON Canonicalization Scheme (JCS): the one byte form of a JSON value that is hashed or
 * signed. Delegates to the maintained {@code java-json-canonicalization} library. Stateless and
 * thread-safe.
 *
 * <p>JCS numbers are IEEE-754 doubles, so integers beyond {@link #MAX_SAFE_INTEGER} cannot pass
 * through it unchanged; callers that write integers check them with {@link #requireSafeInteger}.
 */
public final class Jcs {
  /** {@code 2^53 - 1}: the largest integer every JCS implementation writes back unchanged. */
  public static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

  private Jcs() {}

  /**
   * The canonical UTF-8 bytes of {@code json}; throws {@link IllegalArgumentException} if not JSON.
   */
  public static byte[] canonicalize(String json) {
    try {
      return new JsonCanonicalizer(json).getEncodedUTF8();
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("not canonicalisable JSON: " + e.getMessage(), e);
    }
  }

  /** The canonical UTF-8 bytes of a Jackson tree. */
  public static byte[] canonicalize(JsonNode json) {
    try {
      return canonicalize(Json.mapper().writeValueAsString(json));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write JSON: " + e.getMessage(), e);
    }
  }

  /**
   * Returns {@code value} if its magnitude is at most {@link #MAX_SAFE_INTEGER}.
   *
   * @throws IllegalArgumentException naming {@code field} otherwise
   */
  public static long requireSafeInteger(String field, long value) {
    if (value > MAX_SAFE_INTEGER || value < -MAX_SAFE_INTEGER) {
      throw new IllegalArgumentException(
          field + " must be within +-(2^53-1) to survive RFC 8785 but was " + value);
    }
    return value;
  }
}
