package dev.airtrace.deploy;

import dev.airtrace.core.Quantity;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * A deterministic set of points in the sink's schema, laid out relative to a given "now": three
 * sites with two devices each, {@code site_aqi} and {@code site_hourly} for the current and the
 * previous hour, and {@code device_1m} for every quantity in each of the last 60 minutes. Reading
 * counts vary by minute, device and quantity so that weighting and "a reading counts once" mistakes
 * change the results. The expectation methods compute what the panels should show directly from the
 * same recipe.
 */
final class SeedData {
  static final List<String> SITES = List.of("site-a", "site-b", "site-c");
  static final int DEVICES_PER_SITE = 2;
  static final int MINUTES = 60;
  static final String GATEWAY = "gw-it-1";

  /** An aligned 10-minute window, well inside the seeded minutes, for exact expectations. */
  static final Duration WINDOW = Duration.ofMinutes(10);

  final Instant currentHour;
  final Instant firstMinute;
  final Instant windowStart;

  SeedData(Instant now) {
    this.currentHour = now.truncatedTo(ChronoUnit.HOURS);
    Instant lastMinute = now.truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(1));
    this.firstMinute = lastMinute.minus(Duration.ofMinutes(MINUTES - 1));
    long windowMillis = WINDOW.toMillis();
    long start = (now.minus(Duration.ofMinutes(30)).toEpochMilli() / windowMillis) * windowMillis;
    this.windowStart = Instant.ofEpochMilli(start);
  }

  static String device(String site, int index) {
    return site + "-dev-" + (index + 1);
  }

  /** AQI of a site in hour 0 (previous) or 1 (current). */
  static int aqi(int site, int hour) {
    return 20 + 45 * site + 7 * hour;
  }

  static String category(int aqi) {
    return aqi <= 50 ? "good" : aqi <= 100 ? "moderate" : "unhealthy_for_sensitive_groups";
  }

  /** PM2.5 1-minute mean of a device in seeded minute {@code m}. */
  static double pm25Mean(int site, int device, int m) {
    return 5 + 4 * site + 3 * device + (m % 7);
  }

  static double pm25Min(int site, int device, int m) {
    return pm25Mean(site, device, m) - 1 - (m % 3);
  }

  static double pm25Max(int site, int device, int m) {
    return pm25Mean(site, device, m) + 2 + (m % 5);
  }

  /** Readings a device made of a quantity in minute m: varies, and temperature has one extra. */
  static long count(int device, int m, Quantity q) {
    return 1 + (m + device) % 4 + (q == Quantity.TEMPERATURE ? 1 : 0);
  }

  List<String> lines() {
    List<String> lines = new ArrayList<>();
    for (int s = 0; s < SITES.size(); s++) {
      String site = SITES.get(s);
      for (int h = 0; h < 2; h++) {
        Instant hour = currentHour.minus(Duration.ofHours(1 - h));
        lines.add(siteAqi(site, s, h).at(hour));
        for (Quantity q : Quantity.values()) {
          lines.add(
              LinePoint.of(SinkSchema.SITE_HOURLY)
                  .tag("siteId", site)
                  .tag("quantity", q.code())
                  .tag("unit", q.unit().symbol())
                  .field("mean", typical(q) + s + h)
                  .field("count", 120L + s)
                  .field("devices", (long) DEVICES_PER_SITE)
                  .at(hour));
        }
      }
      for (int d = 0; d < DEVICES_PER_SITE; d++) {
        for (int m = 0; m < MINUTES; m++) {
          Instant minute = firstMinute.plus(Duration.ofMinutes(m));
          for (Quantity q : Quantity.values()) {
            boolean pm = q == Quantity.PM2_5;
            double mean = pm ? pm25Mean(s, d, m) : typical(q);
            lines.add(
                LinePoint.of(SinkSchema.DEVICE_1M)
                    .tag("deviceId", device(site, d))
                    .tag("siteId", site)
                    .tag("gatewayId", GATEWAY)
                    .tag("quantity", q.code())
                    .tag("unit", q.unit().symbol())
                    .field("count", count(d, m, q))
                    .field("min", pm ? pm25Min(s, d, m) : mean)
                    .field("max", pm ? pm25Max(s, d, m) : mean)
                    .field("mean", mean)
                    .field("last", mean)
                    .at(minute));
          }
        }
      }
    }
    return lines;
  }

  private static LinePoint siteAqi(String site, int s, int h) {
    int aqi = aqi(s, h);
    LinePoint point =
        LinePoint.of(SinkSchema.SITE_AQI)
            .tag("siteId", site)
            .tag("dominant", "pm2_5")
            .tag("category", category(aqi))
            .field("aqi", (long) aqi)
            .field("nowcast_pm2_5", 3.0 + aqi / 10.0)
            .field("nowcast_pm10", 10.0 + aqi / 5.0)
            .field("pm24h_pm2_5", 2.5 + aqi / 12.0)
            .field("pm24h_pm10", 9.0 + aqi / 6.0);
    for (String pollutant : SinkSchema.AQI_POLLUTANTS) {
      point.field(
          "subIndices_" + pollutant + "_aqi", (long) (pollutant.equals("pm2_5") ? aqi : aqi / 2));
      point.field("subIndices_" + pollutant + "_concentration", aqi / 4.0);
    }
    return point;
  }

  private static double typical(Quantity q) {
    return q.plausibleMin() + (q.plausibleMax() - q.plausibleMin()) / 10;
  }

  /** Seeded minute indexes inside the window. */
  private List<Integer> windowMinutes() {
    List<Integer> minutes = new ArrayList<>();
    for (int m = 0; m < MINUTES; m++) {
      Instant t = firstMinute.plus(Duration.ofMinutes(m));
      if (!t.isBefore(windowStart) && t.isBefore(windowStart.plus(WINDOW))) {
        minutes.add(m);
      }
    }
    return minutes;
  }

  /** Count-weighted PM2.5 mean of a device over the window. */
  double windowPm25Mean(int site, int device) {
    double weighted = 0;
    long readings = 0;
    for (int m : windowMinutes()) {
      long n = count(device, m, Quantity.PM2_5);
      weighted += pm25Mean(site, device, m) * n;
      readings += n;
    }
    return weighted / readings;
  }

  double windowPm25Min(int site, int device) {
    return windowMinutes().stream().mapToDouble(m -> pm25Min(site, device, m)).min().orElseThrow();
  }

  double windowPm25Max(int site, int device) {
    return windowMinutes().stream().mapToDouble(m -> pm25Max(site, device, m)).max().orElseThrow();
  }

  /** Unweighted mean of the minute means: what a naive panel would show. */
  double windowPm25MeanOfMeans(int site, int device) {
    return windowMinutes().stream()
        .mapToDouble(m -> pm25Mean(site, device, m))
        .average()
        .orElseThrow();
  }

  /** Readings per minute of a site over the window: per device the readings of a minute. */
  double windowReadingsPerMinute() {
    double total = 0;
    for (int m : windowMinutes()) {
      for (int d = 0; d < DEVICES_PER_SITE; d++) {
        long readings = 0;
        for (Quantity q : Quantity.values()) {
          readings = Math.max(readings, count(d, m, q));
        }
        total += readings;
      }
    }
    return total / windowMinutes().size();
  }

  /** Readings per minute if every quantity value were counted as a reading. */
  double windowQuantityValuesPerMinute() {
    double total = 0;
    for (int m : windowMinutes()) {
      for (int d = 0; d < DEVICES_PER_SITE; d++) {
        for (Quantity q : Quantity.values()) {
          total += count(d, m, q);
        }
      }
    }
    return total / windowMinutes().size();
  }

  int windowMinuteCount() {
    return windowMinutes().size();
  }
}
