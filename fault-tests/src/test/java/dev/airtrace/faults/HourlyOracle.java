package dev.airtrace.faults;

import dev.airtrace.core.Quantity;
import dev.airtrace.core.Reading;
import dev.airtrace.topics.processor.SiteHourly;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The hourly means a run without a fault gives: per site, hour and quantity the decimal sum, count
 * and devices of every distinct reading the gateway delivered, averaged exactly as the processor's
 * {@code HourAccumulator} does ({@code sum / count} in {@link MathContext#DECIMAL128}, then {@code
 * doubleValue()}). A decimal sum does not depend on the order readings arrive in, so the outcome of
 * the run with the outage (backfill after live data, revisions) must equal it exactly. Not for the
 * circular wind direction (a sum of doubles), which the simulator does not emit. Not thread-safe.
 */
final class HourlyOracle {
  private static final long HOUR_MS = Duration.ofHours(1).toMillis();

  private static final class Sum {
    BigDecimal total = BigDecimal.ZERO;
    long count;
    final SortedSet<String> devices = new TreeSet<>();
  }

  private final Map<String, TreeMap<Long, Map<Quantity, Sum>>> sites = new HashMap<>();
  private final Map<String, Long> siteClock = new HashMap<>();

  /** Adds one distinct reading (the caller drops copies). */
  void add(Reading r) {
    String site = r.siteId().value();
    long t = r.eventTime();
    long hour = Math.floorDiv(t, HOUR_MS) * HOUR_MS;
    Map<Quantity, Sum> sums =
        sites
            .computeIfAbsent(site, k -> new TreeMap<>())
            .computeIfAbsent(hour, k -> new EnumMap<>(Quantity.class));
    r.values()
        .forEach(
            (q, v) -> {
              Sum s = sums.computeIfAbsent(q, k -> new Sum());
              s.total = s.total.add(BigDecimal.valueOf(v));
              s.count++;
              s.devices.add(r.deviceId().value());
            });
    siteClock.merge(site, t, Math::max);
  }

  /**
   * Site → hour start → expected record (revision 0) of every hour the processor publishes: those
   * whose end plus {@code settle} is at or before the site's newest event time (the processor's
   * closing rule, per site).
   */
  Map<String, Map<Long, SiteHourly>> closedHours(Duration settle) {
    Map<String, Map<Long, SiteHourly>> out = new TreeMap<>();
    sites.forEach(
        (site, hours) -> {
          long clock = siteClock.get(site);
          Map<Long, SiteHourly> closed = new TreeMap<>();
          hours.forEach(
              (start, sums) -> {
                if (start + HOUR_MS + settle.toMillis() <= clock) {
                  Map<Quantity, SiteHourly.QuantityMean> means = new EnumMap<>(Quantity.class);
                  sums.forEach(
                      (q, s) ->
                          means.put(
                              q,
                              new SiteHourly.QuantityMean(
                                  s.total
                                      .divide(BigDecimal.valueOf(s.count), MathContext.DECIMAL128)
                                      .doubleValue(),
                                  s.count,
                                  s.devices.size())));
                  closed.put(start, new SiteHourly(site, start, start + HOUR_MS, means));
                }
              });
          out.put(site, closed);
        });
    return out;
  }
}
