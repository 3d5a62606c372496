package dev.airtrace.quality;

import dev.airtrace.core.Quantity;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Objects;

/**
 * The QC tests of a gateway: one {@link SeriesQc} per device and quantity, created on first sight
 * with the limits {@link QcConfig#limits} gives, at most {@link QcConfig#maxSeries()} of them (the
 * least recently seen is forgotten first, and starts afresh if it reports again). Memory: about 150
 * bytes per series with its map entry, so the default 16,000 series take about 2.4 MB.
 *
 * <p>Not thread-safe: one owner thread (the gateway's worker) calls every method.
 */
public final class QcEngine {
  private final QcConfig config;
  private final AbAgreement ab;
  private final LinkedHashMap<Key, SeriesQc> series = new LinkedHashMap<>(64, 0.75f, true);

  private record Key(String deviceId, Quantity quantity) {}

  /** An engine with the given configuration. */
  public QcEngine(QcConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.ab = new AbAgreement(config.abAgreement());
  }

  /**
   * Runs the series tests on one reading.
   *
   * @param deviceId the device
   * @param quantity what it measures
   * @param eventTimeMillis when, epoch milliseconds (each series in time order)
   * @param value canonical unit, {@code NaN} = missing
   * @return the reading's flags (spike verdict one reading late, see {@link QcResult})
   */
  public QcResult observe(String deviceId, Quantity quantity, long eventTimeMillis, double value) {
    Key key = new Key(deviceId, quantity);
    SeriesQc s = series.get(key);
    if (s == null) {
      s = new SeriesQc(config.limits(deviceId, quantity));
      series.put(key, s);
      if (series.size() > config.maxSeries()) {
        Iterator<Key> eldest = series.keySet().iterator();
        eldest.next();
        eldest.remove();
      }
    }
    return s.observe(eventTimeMillis, value);
  }

  /** The A/B agreement flag of one PurpleAir-type reading (channels A and B, µg/m³). */
  public QcFlag abAgreement(double channelA, double channelB) {
    return ab.test(channelA, channelB);
  }

  /** How many series have state. */
  public int seriesCount() {
    return series.size();
  }

  /** Drops a series' state (a decommissioned sensor). */
  public void forget(String deviceId, Quantity quantity) {
    series.remove(new Key(deviceId, quantity));
  }
}
