package dev.airtrace.core.codec;

/** Renders untrusted input into error messages: quoted, control characters escaped, truncated. */
final class Texts {
  /** Longest excerpt of an offending value that goes into a message. */
  static final int MAX_EXCERPT = 64;

  private Texts() {}

  /** {@code "value"} with control characters escaped, or {@code "abc…" (truncated)}. */
  static String quote(String value) {
    if (value == null) {
      return "null";
    }
    StringBuilder sb = new StringBuilder(Math.min(value.length(), MAX_EXCERPT) + 16).append('"');
    int end = Math.min(value.length(), MAX_EXCERPT);
    if (end < value.length() && Character.isHighSurrogate(value.charAt(end - 1))) {
      end--; // never split a surrogate pair: half of one is not valid text
    }
    for (int i = 0; i < end; i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        sb.append(String.format("\\u%04x", (int) c));
      } else if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else {
        sb.append(c);
      }
    }
    sb.append('"');
    if (end < value.length()) {
      sb.append("… (").append(value.length()).append(" chars)");
    }
    return sb.toString();
  }
}
