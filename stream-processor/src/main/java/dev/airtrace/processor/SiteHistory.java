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
 * The recent hourly means of the AQI pollutants at one site, keyed by hour start (epoch ms), and
 * the closed hours with the revision of the AQI last published for each. An hour that is absent
 * from the means had no data for that pollutant: a missing hour, never a zero. Immutable; the value
 * of the {@code site-aqi-history-store}.
 */
final class SiteHistory {
  static final long HOUR_MS = ProcessorConfig.HOURLY_WINDOW.toMillis();

  /** The longest look-back of an AQI: the 24-hour PM average. */
  static final int HOURS_KEPT = 24;

  /** Revision of a closed hour for which no AQI was published yet. */
  static final int NOT_PUBLISHED = -1;

  static final SiteHistory EMPTY = new SiteHistory(new TreeMap<>(), new TreeMap<>());

  private final NavigableMap<Long, Map<Pollutant, Double>> hours;
  private final NavigableMap<Long, Integer> closed;

  private SiteHistory(
      NavigableMap<Long, Map<Pollutant, Double>> hours, NavigableMap<Long, Integer> closed) {
    this.hours = Collections.unmodifiableNavigableMap(hours);
    this.closed = Collections.unmodifiableNavigableMap(closed);
  }

  /**
   * A copy with {@code hourStart}'s means set (replacing any earlier value for that hour), keeping
   * only the {@value #HOURS_KEPT} hours that end with the latest hour held.
   */
  SiteHistory with(long hourStart, Map<Pollutant, Double> means) {
    return with(hourStart, means, HOURS_KEPT);
  }

  /**
   * A copy with {@code hourStart} closed and its means set (replacing any earlier value for that
   * hour), keeping only the {@code keptHours} hours that end with the latest hour held.
   */
  SiteHistory with(long hourStart, Map<Pollutant, Double> means, int keptHours) {
    TreeMap<Long, Map<Pollutant, Double>> copy = new TreeMap<>(hours);
    TreeMap<Long, Integer> closedCopy = new TreeMap<>(closed);
    if (!means.isEmpty()) {
      copy.put(hourStart, Collections.unmodifiableMap(new EnumMap<>(means)));
    }
    closedCopy.putIfAbsent(hourStart, NOT_PUBLISHED);
    long newest = closedCopy.lastKey();
    if (!copy.isEmpty()) {
      newest = Math.max(newest, copy.lastKey());
    }
    long oldestKept = newest - (keptHours - 1) * HOUR_MS;
    copy.headMap(oldestKept, false).clear();
    closedCopy.headMap(oldestKept, false).clear();
    return new SiteHistory(copy, closedCopy);
  }

  /** A copy that records {@code revision} as the AQI published for the closed hour {@code hour}. */
  SiteHistory withPublished(long hour, int revision) {
    TreeMap<Long, Integer> closedCopy = new TreeMap<>(closed);
    closedCopy.put(hour, revision);
    return new SiteHistory(new TreeMap<>(hours), closedCopy);
  }

  /**
   * The closed hours from {@code from} to {@code to} (inclusive), oldest first, each with the
   * revision of the AQI last published for it ({@value #NOT_PUBLISHED} for none).
   */
  NavigableMap<Long, Integer> closedHours(long from, long to) {
    return closed.subMap(from, true, to, true);
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

  /**
   * {@code {"hours":{"<hourStart>":{"pm2_5":12.3,...},...},"closed":{"<hourStart>":0,...}}}. {@link
   * #decode} also reads the format before revisions, {@code {"<hourStart>":{...},...}}, and takes
   * each of its hours as closed with revision 0 published.
   */
  static byte[] encode(SiteHistory h) {
    ObjectNode root = Json.mapper().createObjectNode();
    ObjectNode hours = root.putObject("hours");
    h.hours.forEach(
        (hour, means) -> {
          ObjectNode n = hours.putObject(Long.toString(hour));
          means.forEach((p, v) -> n.put(p.code(), v));
        });
    ObjectNode closed = root.putObject("closed");
    h.closed.forEach((hour, rev) -> closed.put(Long.toString(hour), rev));
    return StateSerdes.write(root);
  }

  static SiteHistory decode(byte[] bytes) {
    JsonNode root = StateSerdes.read(bytes);
    boolean legacy = !root.has("closed");
    JsonNode hoursNode = legacy ? root : root.get("hours");
    TreeMap<Long, Map<Pollutant, Double>> hours = new TreeMap<>();
    TreeMap<Long, Integer> closed = new TreeMap<>();
    for (Map.Entry<String, JsonNode> e : hoursNode.properties()) {
      Map<Pollutant, Double> means = new EnumMap<>(Pollutant.class);
      for (Map.Entry<String, JsonNode> v : e.getValue().properties()) {
        means.put(
            Pollutant.fromCode(v.getKey())
                .orElseThrow(() -> new IllegalArgumentException("unknown pollutant " + v.getKey())),
            v.getValue().doubleValue());
      }
      long hour = Long.parseLong(e.getKey());
      hours.put(hour, Collections.unmodifiableMap(means));
      if (legacy) {
        closed.put(hour, 0);
      }
    }
    if (!legacy) {
      for (Map.Entry<String, JsonNode> e : root.get("closed").properties()) {
        closed.put(Long.parseLong(e.getKey()), e.getValue().intValue());
      }
    }
    return new SiteHistory(hours, closed);
  }
}
