package dev.airtrace.sink.influx;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Test-data builders for the three record shapes of the airtrace preset. Each builder starts from a
 * small valid record; tests change only what they are about.
 */
final class SampleRecords {
  static final ObjectMapper JSON = new ObjectMapper();

  /** 2025-11-25T08:00:00Z. */
  static final long T0 = 1_764_057_600_000L;

  private SampleRecords() {}

  /** A 1-minute device aggregate with one quantity, pm2_5. */
  static ObjectNode aggregate(String deviceId, long windowStart) {
    ObjectNode root = JSON.createObjectNode();
    root.put("deviceId", deviceId)
        .put("siteId", "s1")
        .put("gatewayId", "gw1")
        .put("windowStart", windowStart)
        .put("windowEnd", windowStart + 60_000);
    root.putObject("quantities");
    return withQuantity(root, "pm2_5", "ug/m3", 6, 1.0, 3.0, 2.0, 2.5);
  }

  static ObjectNode withQuantity(
      ObjectNode aggregate,
      String quantity,
      String unit,
      int count,
      double min,
      double max,
      double mean,
      double last) {
    ((ObjectNode) aggregate.get("quantities"))
        .putObject(quantity)
        .put("unit", unit)
        .put("count", count)
        .put("min", min)
        .put("max", max)
        .put("mean", mean)
        .put("last", last);
    return aggregate;
  }

  /** An hourly site average with one quantity. */
  static ObjectNode siteHourly(String siteId, long windowStart, String quantity, double mean) {
    ObjectNode root = JSON.createObjectNode();
    root.put("siteId", siteId)
        .put("windowStart", windowStart)
        .put("windowEnd", windowStart + 3_600_000);
    root.putObject("quantities")
        .putObject(quantity)
        .put("unit", "ug/m3")
        .put("mean", mean)
        .put("count", 60)
        .put("devices", 5);
    return root;
  }

  /** A site AQI record: pm2_5 NowCast 17.4 -> AQI 66, Moderate. */
  static ObjectNode siteAqi(String siteId, long hourStart, int aqi) {
    ObjectNode root = JSON.createObjectNode();
    root.put("siteId", siteId)
        .put("hourStart", hourStart)
        .put("time", hourStart + 3_600_000)
        .put("aqi", aqi)
        .put("category", "Moderate")
        .put("dominant", "pm2_5");
    ObjectNode sub = root.putObject("subIndices");
    sub.putObject("pm2_5").put("aqi", aqi).put("concentration", 17.4).put("averaging", "nowcast");
    sub.putObject("pm10").put("aqi", 27).put("concentration", 30.0).put("averaging", "nowcast");
    root.putObject("nowcast").put("pm2_5", 17.4).put("pm10", 30.0);
    root.putObject("pm24h").put("pm2_5", 15.2).put("pm10", 28.0);
    return root;
  }

  /**
   * A reading as the gateway publishes it (encoded by {@code ReadingJson}): pm2_5 {@code pm25}
   * flagged fail by flat_line with a suspect spike verdict on the previous value and an anomaly
   * mark, temperature 21.5 passing every test.
   */
  static String reading(String deviceId, long eventTime, double pm25) {
    dev.airtrace.core.Reading r =
        new dev.airtrace.core.Reading(
            new dev.airtrace.core.DeviceId(deviceId),
            new dev.airtrace.core.SiteId("s1"),
            eventTime,
            42,
            java.util.Map.of(
                dev.airtrace.core.Quantity.PM2_5,
                pm25,
                dev.airtrace.core.Quantity.TEMPERATURE,
                21.5),
            null,
            new dev.airtrace.core.GatewayId("gw1"),
            eventTime + 123);
    java.util.List<dev.airtrace.topics.gateway.QcMark> qc =
        java.util.List.of(
            new dev.airtrace.topics.gateway.QcMark(
                dev.airtrace.core.Quantity.PM2_5,
                dev.airtrace.quality.QcFlag.FAIL,
                java.util.Map.of(
                    dev.airtrace.quality.QcTest.FLAT_LINE, dev.airtrace.quality.QcFlag.FAIL),
                dev.airtrace.quality.QcFlag.SUSPECT),
            new dev.airtrace.topics.gateway.QcMark(
                dev.airtrace.core.Quantity.TEMPERATURE,
                dev.airtrace.quality.QcFlag.PASS,
                java.util.Map.of(),
                dev.airtrace.quality.QcFlag.NOT_EVALUATED));
    java.util.List<dev.airtrace.core.AnomalyMark> anomalies =
        java.util.List.of(
            new dev.airtrace.core.AnomalyMark(
                dev.airtrace.core.Quantity.PM2_5, 4.5, 0.999, "anomaly-ae@1"));
    return new String(
        dev.airtrace.topics.gateway.ReadingJson.encode(r, null, anomalies, qc),
        java.nio.charset.StandardCharsets.UTF_8);
  }
}
