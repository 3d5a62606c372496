package dev.airtrace.serving.kafka;

import dev.airtrace.topics.processor.SiteFeatures;
import dev.airtrace.topics.processor.SiteFeaturesJson;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The forecaster's input for one site: what it needs of a {@link SiteFeatures} record (the value of
 * the site-features topic), per channel (names from the forecast vocabulary: {@code pm2_5, pm10,
 * temperature, relative_humidity, dew_point, pressure, wind_speed, wind_direction}) the values of
 * the last closed hours as a {@code double[]}, oldest first, NaN for a missing hour.
 *
 * @param siteId the site
 * @param issueTime the end of the newest hour in the window, epoch milliseconds UTC: the forecast's
 *     issue time
 * @param channels channel name → hourly values, every array the same length; owned by this object
 */
public record ForecastWindow(String siteId, long issueTime, Map<String, double[]> channels) {
  public ForecastWindow {
    Objects.requireNonNull(siteId, "siteId");
    channels = Map.copyOf(channels);
  }

  /** The forecaster's view of a site-features record: every channel by name, null as NaN. */
  public static ForecastWindow of(SiteFeatures features) {
    Map<String, double[]> channels = new LinkedHashMap<>();
    features
        .channels()
        .forEach(
            (channel, values) -> {
              double[] v = new double[values.size()];
              for (int i = 0; i < v.length; i++) {
                Double x = values.get(i);
                v[i] = x == null ? Double.NaN : x;
              }
              channels.put(channel.code(), v);
            });
    return new ForecastWindow(features.siteId(), features.issueTime(), channels);
  }

  /**
   * Decodes a site-features record ({@link SiteFeaturesJson}) into the forecaster's view.
   *
   * @throws IllegalArgumentException naming the member when the bytes are not a feature window
   */
  public static ForecastWindow decode(byte[] bytes) {
    return of(SiteFeaturesJson.decode(bytes));
  }

  /** Hours in the window (0 when it has no channel). */
  public int hours() {
    return channels.values().stream().findFirst().map(v -> v.length).orElse(0);
  }
}
