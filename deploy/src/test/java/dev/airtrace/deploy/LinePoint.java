package dev.airtrace.deploy;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Builds one InfluxDB line-protocol point (tags sorted, as InfluxDB prefers). */
final class LinePoint {
  private final String measurement;
  private final Map<String, String> tags = new TreeMap<>();
  private final Map<String, String> fields = new TreeMap<>();

  private LinePoint(String measurement) {
    this.measurement = measurement;
  }

  static LinePoint of(String measurement) {
    return new LinePoint(measurement);
  }

  LinePoint tag(String key, String value) {
    tags.put(escape(key), escape(value));
    return this;
  }

  LinePoint field(String key, double value) {
    fields.put(escape(key), String.format(Locale.ROOT, "%s", value));
    return this;
  }

  LinePoint field(String key, long value) {
    fields.put(escape(key), value + "i");
    return this;
  }

  /** The line, timestamp in milliseconds (write with precision=ms). */
  String at(Instant time) {
    StringBuilder line = new StringBuilder(escape(measurement));
    tags.forEach((k, v) -> line.append(',').append(k).append('=').append(v));
    line.append(' ');
    String sep = "";
    for (Map.Entry<String, String> f : fields.entrySet()) {
      line.append(sep).append(f.getKey()).append('=').append(f.getValue());
      sep = ",";
    }
    return line.append(' ').append(time.toEpochMilli()).toString();
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace(",", "\\,").replace("=", "\\=").replace(" ", "\\ ");
  }
}
