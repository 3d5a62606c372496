package dev.airtrace.e2e;

import dev.airtrace.core.Quantity;
import dev.airtrace.core.SiteId;
import dev.airtrace.core.aqi.Aqi;
import dev.airtrace.core.aqi.AqiResult;
import dev.airtrace.core.aqi.Averaging;
import dev.airtrace.core.aqi.NowCast;
import dev.airtrace.core.aqi.Pollutant;
import dev.airtrace.core.aqi.SubIndex;
import dev.airtrace.core.aqi.TrailingAverage;
import dev.airtrace.simulator.PlannedMessage;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * The test's own oracle: hourly site means and the site AQI computed straight from the simulator's
 * plan, independent of the pipeline (no MQTT, Kafka, Streams windows, dedup or state stores). It
 * applies the rules of {@code docs/aqi.md} with the EPA functions of {@code core.aqi}, which have
 * their own tests against EPA's published vectors.
 */
final class ExpectedAqi {
  static final long HOUR_MS = 3_600_000L;

  /** Decimal sums, as the processor keeps them, so that truncation sees the exact mean. */
  private static final class Sum {
    BigDecimal total = BigDecimal.ZERO;
    long count;

    void add(double v) {
      total = total.add(new BigDecimal(Double.toString(v)));
      count++;
    }

    double mean() {
      return total.divide(BigDecimal.valueOf(count), MathContext.DECIMAL128).doubleValue();
    }
  }

  /** site -> hourStart -> quantity -> mean. */
  final Map<SiteId, TreeMap<Long, Map<Quantity, Double>>> hourly =
      new TreeMap<>(java.util.Comparator.comparing(SiteId::value));

  /** site -> hourStart -> quantity -> number of readings. */
  final Map<SiteId, TreeMap<Long, Map<Quantity, Long>>> counts =
      new TreeMap<>(java.util.Comparator.comparing(SiteId::value));

  ExpectedAqi(Collection<PlannedMessage> counted) {
    Map<SiteId, TreeMap<Long, Map<Quantity, Sum>>> sums =
        new TreeMap<>(java.util.Comparator.comparing(SiteId::value));
    for (PlannedMessage m : counted) {
      long hour = Math.floorDiv(m.eventTime(), HOUR_MS) * HOUR_MS;
      Map<Quantity, Sum> q =
          sums.computeIfAbsent(m.siteId(), s -> new TreeMap<>())
              .computeIfAbsent(hour, h -> new EnumMap<>(Quantity.class));
      m.values().forEach((quantity, v) -> q.computeIfAbsent(quantity, x -> new Sum()).add(v));
    }
    sums.forEach(
        (site, hours) -> {
          TreeMap<Long, Map<Quantity, Double>> means = new TreeMap<>();
          TreeMap<Long, Map<Quantity, Long>> n = new TreeMap<>();
          hours.forEach(
              (hour, q) -> {
                Map<Quantity, Double> mq = new EnumMap<>(Quantity.class);
                Map<Quantity, Long> nq = new EnumMap<>(Quantity.class);
                q.forEach(
                    (quantity, s) -> {
                      mq.put(quantity, s.mean());
                      nq.put(quantity, s.count);
                    });
                means.put(hour, mq);
                n.put(hour, nq);
              });
          hourly.put(site, means);
          counts.put(site, n);
        });
  }

  /**
   * The hourly means of {@code p} for the {@code hours} hours ending with {@code hourStart}, newest
   * first.
   */
  private List<OptionalDouble> series(SiteId site, Pollutant p, long hourStart, int hours) {
    List<OptionalDouble> out = new ArrayList<>(hours);
    for (int i = 0; i < hours; i++) {
      Map<Quantity, Double> h = hourly.get(site).get(hourStart - i * HOUR_MS);
      Double v = h == null ? null : h.get(p.quantity());
      out.add(v == null ? OptionalDouble.empty() : OptionalDouble.of(v));
    }
    return out;
  }

  /** The site AQI for the closed hour starting at {@code hourStart}. */
  Optional<AqiResult> aqi(SiteId site, long hourStart) {
    List<SubIndex> subs = new ArrayList<>();
    for (Pollutant pm : List.of(Pollutant.PM2_5, Pollutant.PM10)) {
      NowCast.subIndex(pm, series(site, pm, hourStart, NowCast.HOURS)).ifPresent(subs::add);
    }
    Aqi.ozone(
            TrailingAverage.EIGHT_HOUR.of(series(site, Pollutant.O3, hourStart, 8)),
            series(site, Pollutant.O3, hourStart, 1).get(0))
        .ifPresent(subs::add);
    OptionalDouble co = TrailingAverage.EIGHT_HOUR.of(series(site, Pollutant.CO, hourStart, 8));
    if (co.isPresent()) {
      Aqi.subIndex(Pollutant.CO, Averaging.HOURS_8, co.getAsDouble()).ifPresent(subs::add);
    }
    OptionalDouble no2 = series(site, Pollutant.NO2, hourStart, 1).get(0);
    if (no2.isPresent()) {
      Aqi.subIndex(Pollutant.NO2, Averaging.HOUR_1, no2.getAsDouble()).ifPresent(subs::add);
    }
    Aqi.sulphurDioxide(
            series(site, Pollutant.SO2, hourStart, 1).get(0),
            TrailingAverage.TWENTY_FOUR_HOUR.of(series(site, Pollutant.SO2, hourStart, 24)))
        .ifPresent(subs::add);
    return Aqi.overall(subs);
  }

  /** The PM NowCast for the hour, as the site-aqi record reports it. */
  OptionalDouble nowcast(SiteId site, Pollutant pm, long hourStart) {
    return NowCast.of(pm, series(site, pm, hourStart, NowCast.HOURS));
  }
}
