package dev.airtrace.serving.kafka;

import java.util.Map;
import java.util.Objects;

/**
 * One site's hourly feature window as read from the features topic: per channel (names from the
 * forecast vocabulary: {@code pm2_5, pm10, temperature, relative_humidity, dew_point, pressure,
 * wind_speed, wind_direction}) the values of the last closed hours, oldest first, NaN for a missing
 * hour.
 *
 * @param siteId the site
 * @param issueTime the end of the newest hour in the window, epoch milliseconds UTC: the forecast's
 *     issue time
 * @param channels channel name → hourly values, every array the same length; owned by this object
 */
public record FeatureWindow(String siteId, long issueTime, Map<String, double[]> channels) {
  public FeatureWindow {
    Objects.requireNonNull(siteId, "siteId");
    channels = Map.copyOf(channels);
  }

  /** Hours in the window (0 when it has no channel). */
  public int hours() {
    return channels.values().stream().findFirst().map(v -> v.length).orElse(0);
  }
}
