package dev.airtrace.processor;

import dev.airtrace.core.aqi.Pollutant;
import dev.airtrace.topics.processor.SiteAqi;
import dev.airtrace.topics.processor.SiteHourly;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The AQI a run without a fault gives for a site's closed hours: every hour's final AQI computed in
 * one pass over the complete hourly means, with the processor's own calculator ({@link
 * SiteAqiCalculator}, on {@code core}'s NowCast and breakpoints). The fault scenarios compare the
 * latest AQI revision per hour with it, which checks that revisions reached every affected hour,
 * not the AQI arithmetic (the processor's and core's unit tests do that). In this package because
 * the calculator is package-private; test code only.
 */
public final class ExpectedAqi {
  /** More hours than any scenario holds, so the history drops none. */
  private static final int KEEP_EVERY_HOUR = 100_000;

  private ExpectedAqi() {}

  /**
   * Hour start → AQI (revision 0) of every closed hour of one site for which an AQI can be
   * computed, from {@code hours}: the site's complete, final hourly means.
   */
  public static Map<Long, SiteAqi> of(String siteId, Collection<SiteHourly> hours) {
    SiteHistory history = SiteHistory.EMPTY;
    TreeMap<Long, SiteHourly> ordered = new TreeMap<>();
    hours.forEach(h -> ordered.put(h.windowStart(), h));
    for (SiteHourly h : ordered.values()) {
      Map<Pollutant, Double> means = new EnumMap<>(Pollutant.class);
      h.quantities().forEach((q, m) -> Pollutant.of(q).ifPresent(p -> means.put(p, m.mean())));
      history = history.with(h.windowStart(), means, KEEP_EVERY_HOUR);
    }
    Map<Long, SiteAqi> out = new TreeMap<>();
    for (long hour : ordered.keySet()) {
      Optional<SiteAqi> aqi = SiteAqiCalculator.compute(siteId, hour, history);
      aqi.ifPresent(a -> out.put(hour, a));
    }
    return out;
  }
}
