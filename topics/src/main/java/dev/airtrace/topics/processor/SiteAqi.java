package dev.airtrace.topics.processor;

import dev.airtrace.core.SiteId;
import dev.airtrace.core.aqi.AqiCategory;
import dev.airtrace.core.aqi.Pollutant;
import dev.airtrace.core.aqi.SubIndex;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The value of {@code airtrace.processor.site-aqi.v1}: a site's EPA AQI for one closed hour (schema
 * {@code schemas/site-aqi.v1.schema.json}; rules in {@code docs/aqi.md}). Immutable.
 *
 * @param siteId the site
 * @param hourStart start of the hour the values are for, epoch ms UTC
 * @param time end of that hour, epoch ms UTC: the instant the values describe
 * @param aqi overall index, the largest sub-index
 * @param category the category of {@code aqi}
 * @param dominant the pollutant responsible for {@code aqi}
 * @param beyondIndex whether the responsible pollutant is beyond the AQI (clamped to 500)
 * @param subIndices every sub-index computable for the hour
 * @param nowcast the truncated NowCast concentration per PM pollutant (ug/m3), where valid
 * @param pm24h the truncated 24-hour mean per PM pollutant (ug/m3), where at least 18 of the 24
 *     hours have data
 * @param revision 0 for the hour's first AQI, +1 for each later emission for the same site and hour
 *     (a revised or backfilled hourly mean changed its inputs); the highest revision wins
 */
public record SiteAqi(
    String siteId,
    long hourStart,
    long time,
    int aqi,
    AqiCategory category,
    Pollutant dominant,
    boolean beyondIndex,
    Map<Pollutant, SubIndex> subIndices,
    Map<Pollutant, Double> nowcast,
    Map<Pollutant, Double> pm24h,
    int revision) {

  /** A first emission (revision 0). */
  public SiteAqi(
      String siteId,
      long hourStart,
      long time,
      int aqi,
      AqiCategory category,
      Pollutant dominant,
      boolean beyondIndex,
      Map<Pollutant, SubIndex> subIndices,
      Map<Pollutant, Double> nowcast,
      Map<Pollutant, Double> pm24h) {
    this(
        siteId,
        hourStart,
        time,
        aqi,
        category,
        dominant,
        beyondIndex,
        subIndices,
        nowcast,
        pm24h,
        0);
  }

  /** This AQI with {@code revision} instead of its own. */
  public SiteAqi withRevision(int revision) {
    return new SiteAqi(
        siteId,
        hourStart,
        time,
        aqi,
        category,
        dominant,
        beyondIndex,
        subIndices,
        nowcast,
        pm24h,
        revision);
  }

  public SiteAqi {
    if (revision < 0) {
      throw new IllegalArgumentException("revision must be >= 0 but was " + revision);
    }
    if (!SiteId.isValid(siteId)) {
      throw new IllegalArgumentException("invalid site id: " + siteId);
    }
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(dominant, "dominant");
    subIndices = copy(subIndices);
    nowcast = copy(nowcast);
    pm24h = copy(pm24h);
    SubIndex responsible = subIndices.get(dominant);
    if (responsible == null || responsible.aqi() != aqi || AqiCategory.of(aqi) != category) {
      throw new IllegalArgumentException(
          "aqi " + aqi + " (" + category + ") is not the sub-index of " + dominant.code());
    }
  }

  private static <V> Map<Pollutant, V> copy(Map<Pollutant, V> map) {
    Objects.requireNonNull(map);
    return map.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(map));
  }
}
