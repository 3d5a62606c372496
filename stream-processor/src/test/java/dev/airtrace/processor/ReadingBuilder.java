package dev.airtrace.processor;

import dev.airtrace.core.DeviceId;
import dev.airtrace.core.GatewayId;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.Reading;
import dev.airtrace.core.SiteId;
import dev.airtrace.topics.gateway.ReadingJson;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/** Test-data builder for readings; every field has a sensible default. Not thread-safe. */
final class ReadingBuilder {
  /** An hour-aligned instant every test counts from. */
  static final Instant T0 = Instant.parse("2025-01-15T00:00:00Z");

  private String device = "dev-1";
  private String site = "site-a";
  private Instant eventTime = T0;
  private long sequence = 1;
  private final Map<Quantity, Double> values = new EnumMap<>(Quantity.class);

  static ReadingBuilder reading() {
    return new ReadingBuilder();
  }

  /** {@code T0 + hours h + minutes min}. */
  static Instant at(int hours, int minutes) {
    return T0.plus(Duration.ofHours(hours)).plus(Duration.ofMinutes(minutes));
  }

  ReadingBuilder device(String id) {
    this.device = id;
    return this;
  }

  ReadingBuilder site(String id) {
    this.site = id;
    return this;
  }

  ReadingBuilder at(Instant time) {
    this.eventTime = time;
    return this;
  }

  ReadingBuilder seq(long n) {
    this.sequence = n;
    return this;
  }

  ReadingBuilder pm25(double v) {
    return value(Quantity.PM2_5, v);
  }

  ReadingBuilder pm10(double v) {
    return value(Quantity.PM10, v);
  }

  ReadingBuilder no2(double v) {
    return value(Quantity.NO2, v);
  }

  ReadingBuilder value(Quantity q, double v) {
    values.put(q, v);
    return this;
  }

  Reading build() {
    long t = eventTime.toEpochMilli();
    return new Reading(
        new DeviceId(device),
        new SiteId(site),
        t,
        sequence,
        values.isEmpty() ? Map.of(Quantity.PM2_5, 10.0) : values,
        null,
        new GatewayId("gw-1"),
        t + 250);
  }

  byte[] bytes() {
    return ReadingJson.encode(build());
  }
}
