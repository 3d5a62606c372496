package dev.airtrace.processor;

import dev.airtrace.core.Quantity;
import dev.airtrace.topics.processor.FeatureChannel;
import dev.airtrace.topics.processor.SiteHourly;
import java.util.EnumMap;
import java.util.Map;

/**
 * Maps a closed hour's per-site means onto the {@link FeatureChannel} vocabulary: each channel
 * takes the mean of the quantity with its code; the dew point, when not measured, is derived from
 * the hour's mean temperature and relative humidity ({@link DewPoint}). Deriving it from the means
 * instead of averaging per-reading dew points is a deliberate approximation: readings of
 * temperature and humidity need not come from the same device or instant. Stateless.
 */
final class HourFeatures {
  private HourFeatures() {}

  /** The channel values of {@code hour}; channels without a value are absent. */
  static Map<FeatureChannel, Double> of(SiteHourly hour) {
    Map<FeatureChannel, Double> values = new EnumMap<>(FeatureChannel.class);
    Map<Quantity, SiteHourly.QuantityMean> means = hour.quantities();
    for (FeatureChannel c : FeatureChannel.values()) {
      c.quantity().map(means::get).ifPresent(m -> values.put(c, m.mean()));
    }
    if (!values.containsKey(FeatureChannel.DEW_POINT)) {
      Double t = values.get(FeatureChannel.TEMPERATURE);
      Double rh = values.get(FeatureChannel.RELATIVE_HUMIDITY);
      if (t != null && rh != null) {
        DewPoint.celsius(t, rh).ifPresent(td -> values.put(FeatureChannel.DEW_POINT, td));
      }
    }
    return values;
  }
}
