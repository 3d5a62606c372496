package dev.airtrace.sink.influx;

import java.util.Map;

/**
 * Encodes {@link Point}s as InfluxDB line protocol with millisecond precision. A field is written
 * as a float unless its mapping names it an integer ({@link Point#integers()}, e.g. a QC flag
 * {@code 4i}); either way one field keeps one type, since InfluxDB rejects a change between integer
 * and float as a field type conflict. Stateless and thread-safe.
 */
final class LineProtocol {
  private LineProtocol() {}

  /**
   * Returns the line for {@code point}, without a trailing newline.
   *
   * @throws IllegalArgumentException for a non-finite field value, or a name or tag value that line
   *     protocol cannot carry (a line break, or a trailing backslash that would escape the
   *     following delimiter)
   */
  static String encode(Point point) {
    StringBuilder line = new StringBuilder(128);
    appendEscaped(line, point.measurement(), false, "measurement");
    for (Map.Entry<String, String> tag : point.tags().entrySet()) {
      line.append(',');
      appendEscaped(line, tag.getKey(), true, "tag key");
      line.append('=');
      appendEscaped(line, tag.getValue(), true, "tag value");
    }
    char separator = ' ';
    for (Map.Entry<String, Double> field : point.fields().entrySet()) {
      double value = field.getValue();
      if (!Double.isFinite(value)) {
        throw new IllegalArgumentException(
            "field '" + field.getKey() + "' is " + value + "; InfluxDB stores only finite numbers");
      }
      line.append(separator);
      appendEscaped(line, field.getKey(), true, "field key");
      line.append('=');
      if (point.integers().contains(field.getKey())) {
        line.append((long) value).append('i');
      } else {
        line.append(value);
      }
      separator = ',';
    }
    return line.append(' ').append(point.timeMs()).toString();
  }

  /**
   * Measurements escape commas and spaces; keys and tag values also escape equals signs.
   * Backslashes elsewhere are literal in line protocol and need no escaping.
   */
  private static void appendEscaped(
      StringBuilder out, String text, boolean escapeEquals, String what) {
    if (text.isEmpty()) {
      throw new IllegalArgumentException(what + " must not be empty");
    }
    if (text.endsWith("\\")) {
      throw new IllegalArgumentException(what + " '" + text + "' ends with a backslash");
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\n', '\r' ->
            throw new IllegalArgumentException(what + " '" + text + "' contains a line break");
        case ',', ' ' -> out.append('\\').append(c);
        case '=' -> {
          if (escapeEquals) {
            out.append('\\');
          }
          out.append(c);
        }
        default -> out.append(c);
      }
    }
  }
}
