package dev.airtrace.processor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airtrace.core.aqi.Pollutant;
import dev.airtrace.core.codec.Json;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * The recent hourly means of the AQI pollutants at one site, keyed by hour start (epoch ms). An
 * hour that is absent had no data for that pollutant: a missing hour, never a zero. Immutable; the
 * value of the {@code site-aqi-history-store}.
 */
final class SiteHistory {
  static final long HOUR_MS = ProcessorConfig.HOURLY_WINDOW.toMillis();

  /** Hours kept: the 24-hour PM average is the longest look-back. */
  static final int HOURS_KEPT = 24;

  static final SiteHistory EMPTY = new SiteHistory(new TreeMap<>());

  private final NavigableMap<Long, Map<Pollutant, Double>> hours;

  private SiteHistory(NavigableMap<Long, Map<Pollutant, Double>> hours) {
    this.hours = Collections.unmodifiableNavigableMap(hours);
  }

  /**
   * A copy with {@code hourStart}'s means set (replacing any earlier value for that hour), keeping
   * only the {@value #HOURS_KEPT} hours that end with the latest hour held.
   */
  SiteHistory with(long hourStart, Map<Pollutant, Double> means) {
    TreeMap<Long, Map<Pollutant, Double>> copy = new TreeMap<>(hours);
    if (!means.isEmpty()) {
      copy.put(hourStart, Collections.unmodifiableMap(new EnumMap<>(means)));
    }
    if (!copy.isEmpty()) {
      long oldestKept = copy.lastKey() - (HOURS_KEPT - 1) * HOUR_MS;
      copy.headMap(oldestKept, false).clear();
    }
    return new SiteHistory(copy);
  }

  /** Hour starts held, oldest first. */
  List<Long> hourStarts() {
    return new ArrayList<>(hours.keySet());
  }

  /**
   * The hourly means of {@code pollutant} for the {@code n} hours ending with {@code hourStart},
   * most recent first; empty where the hour had no data.
   */
  List<OptionalDouble> series(Pollutant pollutant, long hourStart, int n) {
    List<OptionalDouble> series = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Map<Pollutant, Double> hour = hours.get(hourStart - i * HOUR_MS);
      Double v = hour == null ? null : hour.get(pollutant);
      series.add(v == null ? OptionalDouble.empty() : OptionalDouble.of(v));
    }
    return series;
  }

  /** {@code {"<hourStart>":{"pm2_5":12.3,...},...}} */
  static byte[] encode(SiteHistory h) {
    ObjectNode root = Json.mapper().createObjectNode();
    h.hours.forEach(
        (hour, means) -> {
          ObjectNode n = root.putObject(Long.toString(hour));
          means.forEach((p, v) -> n.put(p.code(), v));
        });
    return StateSerdes.write(root);
  }

  static SiteHistory decode(byte[] bytes) {
    TreeMap<Long, Map<Pollutant, Double>> hours = new TreeMap<>();
    for (Map.Entry<String, JsonNode> e : StateSerdes.read(bytes).properties()) {
      Map<Pollutant, Double> means = new EnumMap<>(Pollutant.class);
      for (Map.Entry<String, JsonNode> v : e.getValue().properties()) {
        means.put(
            Pollutant.fromCode(v.getKey())
                .orElseThrow(() -> new IllegalArgumentException("unknown pollutant " + v.getKey())),
            v.getValue().doubleValue());
      }
      hours.put(Long.parseLong(e.getKey()), Collections.unmodifiableMap(means));
    }
    return new SiteHistory(hours);
  }
}
