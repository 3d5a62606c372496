package dev.airtrace.gateway.testdata;

import dev.airtrace.core.DeviceId;
import dev.airtrace.core.GatewayId;
import dev.airtrace.core.Location;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.Reading;
import dev.airtrace.core.SiteId;
import java.util.EnumMap;
import java.util.Map;

/** Test-data builder for {@link Reading}s: sensible defaults, override what the test is about. */
public final class ReadingBuilder {
  /** 2026-11-25T08:00:00Z, a whole hour. */
  public static final long T0 = 1_795_593_600_000L;

  private String device = "dev-1";
  private String site = "site-a";
  private long eventTime = T0;
  private long sequence = 1;
  private final Map<Quantity, Double> values = new EnumMap<>(Quantity.class);
  private Location location;
  private String gateway = "gw-test";
  private Long receivedAt;

  private ReadingBuilder() {}

  public static ReadingBuilder aReading() {
    return new ReadingBuilder();
  }

  public ReadingBuilder device(String id) {
    this.device = id;
    return this;
  }

  public ReadingBuilder site(String id) {
    this.site = id;
    return this;
  }

  public ReadingBuilder at(long epochMillis) {
    this.eventTime = epochMillis;
    return this;
  }

  public ReadingBuilder sequence(long value) {
    this.sequence = value;
    return this;
  }

  public ReadingBuilder with(Quantity quantity, double value) {
    values.put(quantity, value);
    return this;
  }

  public ReadingBuilder location(Location value) {
    this.location = value;
    return this;
  }

  public ReadingBuilder gateway(String id) {
    this.gateway = id;
    return this;
  }

  public Reading build() {
    Map<Quantity, Double> v = values.isEmpty() ? Map.of(Quantity.PM2_5, 12.0) : values;
    return new Reading(
        new DeviceId(device),
        new SiteId(site),
        eventTime,
        sequence,
        v,
        location,
        new GatewayId(gateway),
        receivedAt == null ? eventTime : receivedAt);
  }
}
