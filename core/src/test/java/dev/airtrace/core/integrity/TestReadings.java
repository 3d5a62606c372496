package dev.airtrace.core.integrity;

import dev.airtrace.core.DeviceId;
import dev.airtrace.core.GatewayId;
import dev.airtrace.core.Location;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.Reading;
import dev.airtrace.core.SiteId;
import java.util.EnumMap;
import java.util.Map;

/** Test-data builder for readings: a typical PM reading unless a test says otherwise. */
final class TestReadings {
  private String device = "dev-1";
  private String site = "site-a";
  private long eventTime = 1_764_057_600_000L;
  private long sequence = 42;
  private final Map<Quantity, Double> values = new EnumMap<>(Quantity.class);
  private Location location;
  private String gateway = "gw-1";
  private long receivedAt = 1_764_057_600_123L;

  private TestReadings() {
    values.put(Quantity.PM2_5, 12.3);
  }

  static TestReadings aReading() {
    return new TestReadings();
  }

  TestReadings device(String id) {
    this.device = id;
    return this;
  }

  TestReadings gateway(String id) {
    this.gateway = id;
    return this;
  }

  TestReadings eventTime(long ms) {
    this.eventTime = ms;
    return this;
  }

  TestReadings sequence(long seq) {
    this.sequence = seq;
    return this;
  }

  TestReadings receivedAt(long ms) {
    this.receivedAt = ms;
    return this;
  }

  TestReadings with(Quantity q, double v) {
    values.put(q, v);
    return this;
  }

  TestReadings at(double latitude, double longitude, Double altitude) {
    this.location = new Location(latitude, longitude, altitude);
    return this;
  }

  Reading build() {
    return new Reading(
        new DeviceId(device),
        new SiteId(site),
        eventTime,
        sequence,
        values,
        location,
        new GatewayId(gateway),
        receivedAt);
  }
}
