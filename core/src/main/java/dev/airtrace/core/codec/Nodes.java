package dev.airtrace.core.codec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airtrace.core.deadletter.RejectReason;

/** Typed access to JSON tree nodes with classified, operator-readable failures. */
final class Nodes {
  private Nodes() {}

  /** A short rendering of a node for messages: its JSON text, truncated. */
  static String show(JsonNode node) {
    if (node == null) {
      return "nothing";
    }
    String text = node.toString();
    if (text.length() <= Texts.MAX_EXCERPT) {
      return text;
    }
    int end = Texts.MAX_EXCERPT;
    if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end) + "… (" + text.length() + " chars)";
  }

  static CodecException schema(String message) {
    return new CodecException(RejectReason.SCHEMA_VIOLATION, message);
  }

  /** A JSON number that is an integer in the range of {@code long}. */
  static long integer(JsonNode node, String field) {
    if (node == null || !node.isNumber()) {
      throw schema(field + " must be an integer but was " + show(node));
    }
    if (!node.canConvertToExactIntegral() || !node.canConvertToLong()) {
      throw schema(field + " must be an integer in the 64-bit range but was " + show(node));
    }
    return node.longValue();
  }

  /**
   * A JSON number as a double.
   *
   * @throws CodecException {@link RejectReason#SCHEMA_VIOLATION} when not a number, {@link
   *     RejectReason#OUT_OF_RANGE} when it overflows a double
   */
  static double number(JsonNode node, String field) {
    if (node == null || !node.isNumber()) {
      throw schema(field + " must be a number but was " + show(node));
    }
    double v = node.doubleValue();
    if (!Double.isFinite(v)) {
      throw new CodecException(
          RejectReason.OUT_OF_RANGE, field + " is not a finite number: " + show(node));
    }
    return v;
  }

  /** A JSON string. */
  static String text(JsonNode node, String field) {
    if (node == null || !node.isTextual()) {
      throw schema(field + " must be a string but was " + show(node));
    }
    return node.textValue();
  }
}
