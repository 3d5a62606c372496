package dev.airtrace.processor;

import dev.airtrace.core.aqi.Aqi;
import dev.airtrace.core.aqi.AqiResult;
import dev.airtrace.core.aqi.Averaging;
import dev.airtrace.core.aqi.NowCast;
import dev.airtrace.core.aqi.Pollutant;
import dev.airtrace.core.aqi.SubIndex;
import dev.airtrace.core.aqi.TrailingAverage;
import dev.airtrace.topics.processor.SiteAqi;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Computes a site's AQI for one closed hour from its recent hourly means (rules in {@code
 * docs/aqi.md}):
 *
 * <ul>
 *   <li>PM2.5, PM10: NowCast over the 12 hours ending with this one (2 of the 3 latest present);
 *   <li>O3: the larger of the 8-hour index (6 of 8 hours) and the 1-hour index (this hour);
 *   <li>CO: 8-hour average (6 of 8 hours);
 *   <li>NO2: this hour's mean; SO2: this hour's mean, with the 24-hour mean (18 of 24) above 200;
 *   <li>24-hour PM means (18 of 24 hours) are reported alongside, not folded into the index.
 * </ul>
 *
 * Pure function; stateless and thread-safe.
 */
final class SiteAqiCalculator {
  private SiteAqiCalculator() {}

  /**
   * The site AQI for the hour starting at {@code hourStart}.
   *
   * @return empty when no pollutant has enough data for a sub-index
   */
  static Optional<SiteAqi> compute(String siteId, long hourStart, SiteHistory history) {
    List<SubIndex> subIndices = new ArrayList<>();
    Map<Pollutant, Double> nowcast = new EnumMap<>(Pollutant.class);
    Map<Pollutant, Double> pm24h = new EnumMap<>(Pollutant.class);

    for (Pollutant pm : List.of(Pollutant.PM2_5, Pollutant.PM10)) {
      List<OptionalDouble> day = history.series(pm, hourStart, SiteHistory.HOURS_KEPT);
      List<OptionalDouble> last12 = day.subList(0, NowCast.HOURS);
      NowCast.of(pm, last12).ifPresent(v -> nowcast.put(pm, v));
      NowCast.subIndex(pm, last12).ifPresent(subIndices::add);
      TrailingAverage.TWENTY_FOUR_HOUR.of(day).ifPresent(v -> pm24h.put(pm, Aqi.truncate(pm, v)));
    }

    Aqi.ozone(
            TrailingAverage.EIGHT_HOUR.of(eightHours(history, Pollutant.O3, hourStart)),
            thisHour(history, Pollutant.O3, hourStart))
        .ifPresent(subIndices::add);

    OptionalDouble co8h =
        TrailingAverage.EIGHT_HOUR.of(eightHours(history, Pollutant.CO, hourStart));
    if (co8h.isPresent()) {
      Aqi.subIndex(Pollutant.CO, Averaging.HOURS_8, co8h.getAsDouble()).ifPresent(subIndices::add);
    }

    OptionalDouble no2 = thisHour(history, Pollutant.NO2, hourStart);
    if (no2.isPresent()) {
      Aqi.subIndex(Pollutant.NO2, Averaging.HOUR_1, no2.getAsDouble()).ifPresent(subIndices::add);
    }

    Aqi.sulphurDioxide(
            thisHour(history, Pollutant.SO2, hourStart),
            TrailingAverage.TWENTY_FOUR_HOUR.of(
                history.series(Pollutant.SO2, hourStart, SiteHistory.HOURS_KEPT)))
        .ifPresent(subIndices::add);

    return Aqi.overall(subIndices).map(r -> toSiteAqi(siteId, hourStart, r, nowcast, pm24h));
  }

  private static List<OptionalDouble> eightHours(SiteHistory h, Pollutant p, long hourStart) {
    return h.series(p, hourStart, TrailingAverage.EIGHT_HOUR.hours());
  }

  private static OptionalDouble thisHour(SiteHistory h, Pollutant p, long hourStart) {
    return h.series(p, hourStart, 1).get(0);
  }

  private static SiteAqi toSiteAqi(
      String siteId,
      long hourStart,
      AqiResult result,
      Map<Pollutant, Double> nowcast,
      Map<Pollutant, Double> pm24h) {
    Map<Pollutant, SubIndex> byPollutant = new EnumMap<>(Pollutant.class);
    result.subIndices().forEach(s -> byPollutant.put(s.pollutant(), s));
    return new SiteAqi(
        siteId,
        hourStart,
        hourStart + SiteHistory.HOUR_MS,
        result.aqi(),
        result.category(),
        result.dominantPollutant(),
        result.beyondIndex(),
        byPollutant,
        nowcast,
        pm24h);
  }
}
