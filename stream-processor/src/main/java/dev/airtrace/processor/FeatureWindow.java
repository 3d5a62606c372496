package dev.airtrace.processor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airtrace.core.codec.Json;
import dev.airtrace.topics.processor.FeatureChannel;
import dev.airtrace.topics.processor.SiteFeatures;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The closed hours of one site that a feature window can still see: hour start (epoch ms) → the
 * hour's {@link FeatureChannel} values. A held hour with an empty map closed with data outside the
 * vocabulary (e.g. only NO2); an hour that is not held had no data at all. Immutable; the value of
 * the {@code site-features-store}.
 */
final class FeatureWindow {
  static final long HOUR_MS = ProcessorConfig.HOURLY_WINDOW.toMillis();

  static final FeatureWindow EMPTY = new FeatureWindow(new TreeMap<>());

  private final NavigableMap<Long, Map<FeatureChannel, Double>> hours;

  private FeatureWindow(NavigableMap<Long, Map<FeatureChannel, Double>> hours) {
    this.hours = Collections.unmodifiableNavigableMap(hours);
  }

  /** The start of the newest hour held, empty when none is. */
  OptionalLong newestHour() {
    return hours.isEmpty() ? OptionalLong.empty() : OptionalLong.of(hours.lastKey());
  }

  /** Hour starts held, oldest first. */
  List<Long> hourStarts() {
    return new ArrayList<>(hours.keySet());
  }

  /**
   * A copy with {@code hourStart} set to {@code values} (replacing an earlier value for that hour),
   * keeping only the {@code windowHours} hours that end with the newest hour held. An hour older
   * than that is not added; a newer hour more than {@code windowHours} after the newest drops every
   * older hour (the window starts over).
   */
  FeatureWindow with(long hourStart, Map<FeatureChannel, Double> values, int windowHours) {
    TreeMap<Long, Map<FeatureChannel, Double>> copy = new TreeMap<>(hours);
    copy.put(hourStart, Collections.unmodifiableMap(copyOf(values)));
    long oldestKept = copy.lastKey() - (windowHours - 1) * HOUR_MS;
    copy.headMap(oldestKept, false).clear();
    return new FeatureWindow(copy);
  }

  /** Whether any held hour has a value for {@code channel}. */
  boolean has(FeatureChannel channel) {
    return hours.values().stream().anyMatch(v -> v.containsKey(channel));
  }

  /**
   * The {@code windowHours} hours that end with the newest hour held, as a record; {@code null}
   * where an hour is not held or has no value for a channel.
   *
   * @throws IllegalStateException when no hour is held
   */
  SiteFeatures toSiteFeatures(String siteId, int windowHours) {
    if (hours.isEmpty()) {
      throw new IllegalStateException("no hours held for " + siteId);
    }
    long newest = hours.lastKey();
    List<Long> starts = new ArrayList<>(windowHours);
    Map<FeatureChannel, List<Double>> channels = new EnumMap<>(FeatureChannel.class);
    for (FeatureChannel c : FeatureChannel.values()) {
      channels.put(c, new ArrayList<>(windowHours));
    }
    for (int i = windowHours - 1; i >= 0; i--) {
      long start = newest - i * HOUR_MS;
      starts.add(start);
      Map<FeatureChannel, Double> hour = hours.get(start);
      channels.forEach((c, values) -> values.add(hour == null ? null : hour.get(c)));
    }
    return new SiteFeatures(siteId, newest + HOUR_MS, windowHours, starts, channels);
  }

  private static Map<FeatureChannel, Double> copyOf(Map<FeatureChannel, Double> values) {
    return values.isEmpty() ? Map.of() : new EnumMap<>(values);
  }

  /** {@code {"<hourStart>":{"pm2_5":12.3,...},...}} */
  static byte[] encode(FeatureWindow w) {
    ObjectNode root = Json.mapper().createObjectNode();
    w.hours.forEach(
        (hour, values) -> {
          ObjectNode n = root.putObject(Long.toString(hour));
          values.forEach((c, v) -> n.put(c.code(), v));
        });
    return StateSerdes.write(root);
  }

  static FeatureWindow decode(byte[] bytes) {
    TreeMap<Long, Map<FeatureChannel, Double>> hours = new TreeMap<>();
    for (Map.Entry<String, JsonNode> e : StateSerdes.read(bytes).properties()) {
      Map<FeatureChannel, Double> values = new EnumMap<>(FeatureChannel.class);
      for (Map.Entry<String, JsonNode> v : e.getValue().properties()) {
        values.put(
            FeatureChannel.fromCode(v.getKey())
                .orElseThrow(() -> new IllegalArgumentException("unknown channel " + v.getKey())),
            v.getValue().doubleValue());
      }
      hours.put(Long.parseLong(e.getKey()), Collections.unmodifiableMap(values));
    }
    return new FeatureWindow(hours);
  }
}
