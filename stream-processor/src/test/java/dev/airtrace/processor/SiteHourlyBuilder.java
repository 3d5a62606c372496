package dev.airtrace.processor;

import dev.airtrace.core.Quantity;
import dev.airtrace.topics.processor.SiteHourly;
import java.util.EnumMap;
import java.util.Map;

/**
 * Test-data builder for a closed hour's per-site means; hours count from {@link ReadingBuilder#T0}.
 * Every mean counts 60 readings from 2 devices. Not thread-safe.
 */
final class SiteHourlyBuilder {
  private String site = "site-a";
  private int hour;
  private final Map<Quantity, SiteHourly.QuantityMean> means = new EnumMap<>(Quantity.class);

  static SiteHourlyBuilder hourly(int hour) {
    SiteHourlyBuilder b = new SiteHourlyBuilder();
    b.hour = hour;
    return b;
  }

  SiteHourlyBuilder site(String id) {
    this.site = id;
    return this;
  }

  SiteHourlyBuilder pm25(double v) {
    return mean(Quantity.PM2_5, v);
  }

  SiteHourlyBuilder mean(Quantity q, double v) {
    means.put(q, new SiteHourly.QuantityMean(v, 60, 2));
    return this;
  }

  SiteHourly build() {
    return new SiteHourly(site, History.hour(hour), History.hour(hour + 1), means);
  }
}
