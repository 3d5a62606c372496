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
 * hour's {@link FeatureChannel} values, and for each closed hour the revision of the window last
 * published with that hour as its newest ({@value #NOT_PUBLISHED} for none). A held hour with an
 * empty map closed with data outside the vocabulary (e.g. only NO2); an hour that is not held had
 * no data at all. Immutable; the value of the {@code site-features-store}.
 */
final class FeatureWindow {
  static final long HOUR_MS = ProcessorConfig.HOURLY_WINDOW.toMillis();

  /** Revision of a closed hour whose window was not published yet. */
  static final int NOT_PUBLISHED = -1;

  static final FeatureWindow EMPTY = new FeatureWindow(new TreeMap<>(), new TreeMap<>());

  private final NavigableMap<Long, Map<FeatureChannel, Double>> hours;
  private final NavigableMap<Long, Integer> published;

  private FeatureWindow(
      NavigableMap<Long, Map<FeatureChannel, Double>> hours,
      NavigableMap<Long, Integer> published) {
    this.hours = Collections.unmodifiableNavigableMap(hours);
    this.published = Collections.unmodifiableNavigableMap(published);
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
   * keeping only the {@code keptHours} hours that end with the newest hour held. An hour older than
   * that is not added.
   */
  FeatureWindow with(long hourStart, Map<FeatureChannel, Double> values, int keptHours) {
    TreeMap<Long, Map<FeatureChannel, Double>> copy = new TreeMap<>(hours);
    TreeMap<Long, Integer> pub = new TreeMap<>(published);
    copy.put(hourStart, Collections.unmodifiableMap(copyOf(values)));
    pub.putIfAbsent(hourStart, NOT_PUBLISHED);
    long oldestKept = copy.lastKey() - (keptHours - 1) * HOUR_MS;
    copy.headMap(oldestKept, false).clear();
    pub.headMap(oldestKept, false).clear();
    return new FeatureWindow(copy, pub);
  }

  /** A copy that records {@code revision} as published for the window ending with {@code hour}. */
  FeatureWindow withPublished(long hour, int revision) {
    TreeMap<Long, Integer> pub = new TreeMap<>(published);
    pub.put(hour, revision);
    return new FeatureWindow(new TreeMap<>(hours), pub);
  }

  /**
   * The held hours from {@code from} to {@code to} (inclusive), oldest first, each with the
   * revision of the window last published with it as its newest hour.
   */
  NavigableMap<Long, Integer> heldHours(long from, long to) {
    return published.subMap(from, true, to, true);
  }

  /** Whether any held hour has a value for {@code channel}. */
  boolean has(FeatureChannel channel) {
    return hours.values().stream().anyMatch(v -> v.containsKey(channel));
  }

  /**
   * Whether any of the {@code windowHours} hours ending with {@code newest} has a value for {@code
   * channel}.
   */
  boolean has(FeatureChannel channel, long newest, int windowHours) {
    return hours.subMap(newest - (windowHours - 1) * HOUR_MS, true, newest, true).values().stream()
        .anyMatch(v -> v.containsKey(channel));
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
    return toSiteFeatures(siteId, windowHours, hours.lastKey());
  }

  /**
   * The {@code windowHours} hours that end with the hour starting at {@code newest}, as a record;
   * {@code null} where an hour is not held or has no value for a channel.
   */
  SiteFeatures toSiteFeatures(String siteId, int windowHours, long newest) {
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

  /**
   * {@code {"hours":{"<hourStart>":{"pm2_5":12.3,...},...},"published":{"<hourStart>":0,...}}}.
   * {@link #decode} also reads the format before revisions, {@code {"<hourStart>":{...},...}}, and
   * takes each of its hours as published with revision 0.
   */
  static byte[] encode(FeatureWindow w) {
    ObjectNode root = Json.mapper().createObjectNode();
    ObjectNode hours = root.putObject("hours");
    w.hours.forEach(
        (hour, values) -> {
          ObjectNode n = hours.putObject(Long.toString(hour));
          values.forEach((c, v) -> n.put(c.code(), v));
        });
    ObjectNode pub = root.putObject("published");
    w.published.forEach((hour, rev) -> pub.put(Long.toString(hour), rev));
    return StateSerdes.write(root);
  }

  static FeatureWindow decode(byte[] bytes) {
    JsonNode root = StateSerdes.read(bytes);
    boolean legacy = !root.has("published");
    JsonNode hoursNode = legacy ? root : root.get("hours");
    TreeMap<Long, Map<FeatureChannel, Double>> hours = new TreeMap<>();
    TreeMap<Long, Integer> published = new TreeMap<>();
    for (Map.Entry<String, JsonNode> e : hoursNode.properties()) {
      Map<FeatureChannel, Double> values = new EnumMap<>(FeatureChannel.class);
      for (Map.Entry<String, JsonNode> v : e.getValue().properties()) {
        values.put(
            FeatureChannel.fromCode(v.getKey())
                .orElseThrow(() -> new IllegalArgumentException("unknown channel " + v.getKey())),
            v.getValue().doubleValue());
      }
      long hour = Long.parseLong(e.getKey());
      hours.put(hour, Collections.unmodifiableMap(values));
      if (legacy) {
        published.put(hour, 0);
      }
    }
    if (!legacy) {
      for (Map.Entry<String, JsonNode> e : root.get("published").properties()) {
        published.put(Long.parseLong(e.getKey()), e.getValue().intValue());
      }
    }
    return new FeatureWindow(hours, published);
  }
}
