package dev.airtrace.topics.processor;

import dev.airtrace.core.SiteId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The value of {@code airtrace.processor.site-features.v1}: one site's hourly feature window, the
 * last {@code hours} closed hours ending with the newest, oldest → newest (schema {@code
 * schemas/site-features.v1.schema.json}). Immutable.
 *
 * @param siteId the site; also the record key
 * @param issueTime end of the newest hour, epoch ms UTC (the time a forecast from this window is
 *     issued for)
 * @param hours the window length in hours
 * @param hourStarts the start of every hour of the window, epoch ms UTC, oldest first, consecutive;
 *     the last is {@code issueTime - 1 h}
 * @param channels every {@link FeatureChannel}, each with {@code hours} values aligned with {@code
 *     hourStarts}; {@code null} where the hour had no value for the channel (no data at all, or not
 *     that quantity, or a channel the core does not define)
 * @param revision 0 for the first window of this site and issue time, +1 for each later one (a
 *     revised or backfilled hour inside the window); the highest revision wins
 */
public record SiteFeatures(
    String siteId,
    long issueTime,
    int hours,
    List<Long> hourStarts,
    Map<FeatureChannel, List<Double>> channels,
    int revision) {

  /** A first emission (revision 0). */
  public SiteFeatures(
      String siteId,
      long issueTime,
      int hours,
      List<Long> hourStarts,
      Map<FeatureChannel, List<Double>> channels) {
    this(siteId, issueTime, hours, hourStarts, channels, 0);
  }

  /** This window with {@code revision} instead of its own. */
  public SiteFeatures withRevision(int revision) {
    return new SiteFeatures(siteId, issueTime, hours, hourStarts, channels, revision);
  }

  /** The version written in every record's {@code schemaVersion}. */
  public static final int SCHEMA_VERSION = 1;

  private static final long HOUR_MS = 3_600_000L;

  public SiteFeatures {
    if (!SiteId.isValid(siteId)) {
      throw new IllegalArgumentException("invalid site id: " + siteId);
    }
    if (revision < 0) {
      throw new IllegalArgumentException("revision must be >= 0 but was " + revision);
    }
    if (hours < 1) {
      throw new IllegalArgumentException("hours must be >= 1 but was " + hours);
    }
    hourStarts = List.copyOf(hourStarts);
    if (hourStarts.size() != hours) {
      throw new IllegalArgumentException(
          hourStarts.size() + " hour starts for a window of " + hours + " hours");
    }
    for (int i = 0; i < hours; i++) {
      if (hourStarts.get(i) != issueTime - (hours - i) * HOUR_MS) {
        throw new IllegalArgumentException(
            "hour starts must be the consecutive hours ending at the issue time " + issueTime);
      }
    }
    Objects.requireNonNull(channels, "channels");
    Map<FeatureChannel, List<Double>> copy = new EnumMap<>(FeatureChannel.class);
    for (FeatureChannel c : FeatureChannel.values()) {
      List<Double> values = channels.get(c);
      if (values == null || values.size() != hours) {
        throw new IllegalArgumentException(
            "channel " + c.code() + " needs " + hours + " values (null for missing)");
      }
      for (Double v : values) {
        if (v != null && !Double.isFinite(v)) {
          throw new IllegalArgumentException("channel " + c.code() + " has a non-finite " + v);
        }
      }
      // ArrayList, not List.copyOf: null marks a missing hour.
      copy.put(c, Collections.unmodifiableList(new ArrayList<>(values)));
    }
    channels = Collections.unmodifiableMap(copy);
  }

  /** The values of {@code channel}, oldest first, {@code null} for a missing hour. */
  public List<Double> values(FeatureChannel channel) {
    return channels.get(channel);
  }
}
