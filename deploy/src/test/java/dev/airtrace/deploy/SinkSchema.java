package dev.airtrace.deploy;

import dev.airtrace.core.Quantity;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The InfluxDB schema the airtrace sink writes (measurements, their tags and fields), as agreed for
 * the dashboards. Dashboards may only query what is listed here.
 */
final class SinkSchema {
  static final String SITE_AQI = "site_aqi";
  static final String SITE_HOURLY = "site_hourly";
  static final String DEVICE_1M = "device_1m";
  static final String SENSOR_QUALITY = "sensor_quality";
  static final String READING = "reading";
  static final String FORECAST_VERIFICATION = "forecast_verification";
  static final String FORECAST_SKILL = "forecast_skill";

  /** Pollutants that have an AQI sub-index, by quantity code. */
  static final List<String> AQI_POLLUTANTS = List.of("pm2_5", "pm10", "o3", "co", "no2", "so2");

  static final Map<String, Set<String>> TAGS =
      Map.of(
          SITE_AQI, Set.of("siteId", "dominant", "category"),
          SITE_HOURLY, Set.of("siteId", "quantity", "unit"),
          DEVICE_1M, Set.of("deviceId", "siteId", "gatewayId", "quantity", "unit"),
          SENSOR_QUALITY, Set.of("deviceId", "siteId", "quantity"),
          READING, Set.of("deviceId", "siteId", "gatewayId", "quantity", "unit"),
          FORECAST_VERIFICATION, Set.of("siteId", "model", "hours", "source"),
          FORECAST_SKILL, Set.of("siteId", "model", "hours", "decision"));

  static final Map<String, Set<String>> FIELDS =
      Map.of(
          SITE_AQI, siteAqiFields(),
          SITE_HOURLY, Set.of("mean", "count", "devices"),
          DEVICE_1M, Set.of("count", "min", "max", "mean", "last"),
          SENSOR_QUALITY,
              Set.of(
                  "score",
                  "received",
                  "expected",
                  "suspect",
                  "fail",
                  "anomalies",
                  "completeness",
                  "suspectShare",
                  "failShare",
                  "anomalyRate",
                  "neighbourDeviation"),
          READING,
              Set.of(
                  "value",
                  "qc_flag",
                  "qc_previousSpike",
                  "anomalies_rawScore",
                  "anomalies_likelihood"),
          FORECAST_VERIFICATION,
              Set.of(
                  "forecast",
                  "observed",
                  "modelPm2_5",
                  "correctedPm2_5",
                  "persistence",
                  "error",
                  "absError",
                  "persistenceError",
                  "persistenceAbsError",
                  "observedRevision"),
          FORECAST_SKILL,
              Set.of(
                  "count",
                  "windowHours",
                  "rmse",
                  "mae",
                  "bias",
                  "modelRmse",
                  "correctedRmse",
                  "persistenceRmse",
                  "persistenceMae",
                  "skill",
                  "modelSkill",
                  "correctedSkill",
                  "correction_offset",
                  "correction_scale",
                  "correction_forgetting",
                  "correction_updates"));

  private SinkSchema() {}

  /** Quantity codes the sink writes in the {@code quantity} tag. */
  static Set<String> quantityCodes() {
    Set<String> codes = new LinkedHashSet<>();
    Arrays.stream(Quantity.values()).map(Quantity::code).forEach(codes::add);
    return codes;
  }

  private static Set<String> siteAqiFields() {
    Set<String> fields =
        new LinkedHashSet<>(
            List.of("aqi", "nowcast_pm2_5", "nowcast_pm10", "pm24h_pm2_5", "pm24h_pm10"));
    for (String q : AQI_POLLUTANTS) {
      fields.add("subIndices_" + q + "_aqi");
      fields.add("subIndices_" + q + "_concentration");
    }
    return Set.copyOf(fields);
  }
}
