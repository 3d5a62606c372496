package dev.airtrace.gateway.aggregate;

import static dev.airtrace.gateway.testdata.ReadingBuilder.T0;
import static dev.airtrace.gateway.testdata.ReadingBuilder.aReading;
import static org.assertj.core.api.Assertions.assertThat;

import dev.airtrace.core.DeviceId;
import dev.airtrace.core.GatewayId;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.SiteId;
import dev.airtrace.topics.gateway.DeviceAggregate;
import dev.airtrace.topics.gateway.QuantityStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MinuteAggregatorTest {
  private static final long MINUTE = 60_000;
  private static final long GRACE = 10_000;
  private static final long IDLE = 120_000;
  private static final long NOW = 5_000_000_000_000L; // wall clock, unrelated to event time

  private final MinuteAggregator aggregator =
      new MinuteAggregator(
          new GatewayId("gw-1"),
          new AggregationConfig(Duration.ofMillis(GRACE), Duration.ofMillis(IDLE)));

  @Test
  void shouldComputeCountMinMaxMeanAndLastPerQuantity() {
    add(aReading().at(T0 + 1_000).sequence(1).with(Quantity.PM2_5, 1.0).with(Quantity.O3, 30));
    add(aReading().at(T0 + 20_000).sequence(2).with(Quantity.PM2_5, 3.0));
    add(aReading().at(T0 + 40_000).sequence(3).with(Quantity.PM2_5, 2.0).with(Quantity.O3, 34));

    List<DeviceAggregate> out = aggregator.flushAll();

    assertThat(out).hasSize(1);
    DeviceAggregate a = out.get(0);
    assertThat(a.deviceId()).isEqualTo(new DeviceId("dev-1"));
    assertThat(a.siteId()).isEqualTo(new SiteId("site-a"));
    assertThat(a.gatewayId()).isEqualTo(new GatewayId("gw-1"));
    assertThat(a.windowStart()).isEqualTo(T0);
    assertThat(a.windowEnd()).isEqualTo(T0 + MINUTE);
    assertThat(a.quantities().get(Quantity.PM2_5))
        .isEqualTo(new QuantityStats(3, 1.0, 3.0, 2.0, 2.0));
    assertThat(a.quantities().get(Quantity.O3)).isEqualTo(new QuantityStats(2, 30, 34, 32, 34));
  }

  @Test
  void shouldTakeLastFromHighestEventTimeNotFromArrivalOrder() {
    add(aReading().at(T0 + 50_000).sequence(5).with(Quantity.PM2_5, 9.0));
    add(aReading().at(T0 + 10_000).sequence(4).with(Quantity.PM2_5, 1.0));

    assertThat(aggregator.flushAll().get(0).quantities().get(Quantity.PM2_5).last()).isEqualTo(9.0);
  }

  @Test
  void shouldBreakEventTimeTiesByHighestSequence() {
    add(aReading().at(T0 + 5_000).sequence(8).with(Quantity.PM2_5, 8.0));
    add(aReading().at(T0 + 5_000).sequence(7).with(Quantity.PM2_5, 7.0));

    assertThat(aggregator.flushAll().get(0).quantities().get(Quantity.PM2_5).last()).isEqualTo(8.0);
  }

  @Test
  void shouldEmitMinuteOnlyOnceEventTimePassesEndPlusGrace() {
    add(aReading().at(T0 + 30_000).sequence(1));

    List<DeviceAggregate> beforeGrace = add(aReading().at(T0 + MINUTE + GRACE - 1).sequence(2));
    List<DeviceAggregate> atGrace = add(aReading().at(T0 + MINUTE + GRACE).sequence(3));

    assertThat(beforeGrace).isEmpty();
    assertThat(atGrace).extracting(DeviceAggregate::windowStart).containsExactly(T0);
    assertThat(atGrace.get(0).quantities().get(Quantity.PM2_5).count()).isEqualTo(1);
  }

  @Test
  void shouldCountReadingForAnEmittedMinuteAsLateAndNotAggregateIt() {
    add(aReading().at(T0 + 30_000).sequence(1));
    add(aReading().at(T0 + MINUTE + GRACE).sequence(2)); // closes [T0, T0+1m)

    List<DeviceAggregate> late = add(aReading().at(T0 + 59_000).sequence(3));

    assertThat(late).isEmpty();
    assertThat(aggregator.lateReadings()).isEqualTo(1);
    assertThat(aggregator.flushAll())
        .extracting(DeviceAggregate::windowStart)
        .containsExactly(T0 + MINUTE);
  }

  @Test
  void shouldStillAggregateOutOfOrderReadingWithinGrace() {
    add(aReading().at(T0 + 30_000).sequence(1).with(Quantity.PM2_5, 1.0));
    add(aReading().at(T0 + MINUTE + GRACE - 1).sequence(3).with(Quantity.PM2_5, 5.0));

    add(aReading().at(T0 + 50_000).sequence(2).with(Quantity.PM2_5, 3.0));

    assertThat(aggregator.lateReadings()).isZero();
    assertThat(aggregator.flushAll().get(0).quantities().get(Quantity.PM2_5).count()).isEqualTo(2);
  }

  @Test
  void shouldKeepDevicesApart() {
    add(aReading().device("a").at(T0 + 1_000).with(Quantity.PM2_5, 1.0));
    add(aReading().device("b").at(T0 + 2_000).with(Quantity.PM2_5, 5.0));

    List<DeviceAggregate> out = aggregator.flushAll();

    assertThat(out)
        .extracting(a -> a.deviceId().value() + "=" + a.quantities().get(Quantity.PM2_5).mean())
        .containsExactly("a=1.0", "b=5.0");
  }

  @Test
  void shouldFlushOnlyDevicesIdleForTheConfiguredWallClockTime() {
    aggregator.add(aReading().device("quiet").at(T0).build(), NOW);
    aggregator.add(aReading().device("busy").at(T0).build(), NOW + 60_000);

    List<DeviceAggregate> tooEarly = aggregator.flushIdle(NOW + IDLE - 1);
    List<DeviceAggregate> idle = aggregator.flushIdle(NOW + IDLE);

    assertThat(tooEarly).isEmpty();
    assertThat(idle).extracting(a -> a.deviceId().value()).containsExactly("quiet");
    assertThat(aggregator.openWindows()).isEqualTo(1);
  }

  @Test
  void shouldTreatMinuteFlushedWhileIdleAsClosed() {
    aggregator.add(aReading().at(T0 + 1_000).sequence(1).build(), NOW);
    aggregator.flushIdle(NOW + IDLE);

    aggregator.add(aReading().at(T0 + 2_000).sequence(2).build(), NOW + IDLE + 1);

    assertThat(aggregator.lateReadings()).isEqualTo(1);
    assertThat(aggregator.flushAll()).isEmpty();
  }

  @Test
  void shouldEmitSeveralClosedMinutesOldestFirst() {
    add(aReading().at(T0 + 1_000).sequence(1));
    add(aReading().at(T0 + MINUTE + 1_000).sequence(2));

    List<DeviceAggregate> out = add(aReading().at(T0 + 3 * MINUTE + GRACE).sequence(3));

    assertThat(out).extracting(DeviceAggregate::windowStart).containsExactly(T0, T0 + MINUTE);
    assertThat(aggregator.openWindows()).isEqualTo(1);
  }

  @Test
  void shouldTakeSiteOfTheMinutesLatestReading() {
    add(aReading().site("old").at(T0 + 1_000).sequence(1));
    add(aReading().site("new").at(T0 + 9_000).sequence(3));
    add(aReading().site("older").at(T0 + 5_000).sequence(2));

    assertThat(aggregator.flushAll().get(0).siteId()).isEqualTo(new SiteId("new"));
  }

  private List<DeviceAggregate> add(dev.airtrace.gateway.testdata.ReadingBuilder reading) {
    return new ArrayList<>(aggregator.add(reading.build(), NOW));
  }
}
