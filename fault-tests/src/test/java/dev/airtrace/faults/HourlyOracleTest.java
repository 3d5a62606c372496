package dev.airtrace.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airtrace.core.DeviceId;
import dev.airtrace.core.GatewayId;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.Reading;
import dev.airtrace.core.SiteId;
import dev.airtrace.topics.processor.SiteHourly;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HourlyOracleTest {
  private static final long HOUR = 3_600_000;
  private static final long T0 = 1_700_000_000_000L / HOUR * HOUR; // an hour start

  private static Reading pm25(String device, long eventTime, double value) {
    return new Reading(
        new DeviceId(device),
        new SiteId("s1"),
        eventTime,
        eventTime / 1000,
        Map.of(Quantity.PM2_5, value),
        null,
        new GatewayId("gw"),
        eventTime);
  }

  @Test
  void shouldAverageDecimallyWhateverTheOrderReadingsArriveIn() {
    HourlyOracle inOrder = new HourlyOracle();
    HourlyOracle backfilledLast = new HourlyOracle();
    Reading a = pm25("d1", T0 + 60_000, 9.1);
    Reading b = pm25("d2", T0 + 120_000, 9.1);
    Reading c = pm25("d1", T0 + 180_000, 9.1);
    Reading clock = pm25("d1", T0 + HOUR + 600_000, 1.0); // site clock at end + 10 min
    for (Reading r : new Reading[] {a, b, c, clock}) {
      inOrder.add(r);
    }
    for (Reading r : new Reading[] {clock, c, a, b}) {
      backfilledLast.add(r);
    }

    Map<Long, SiteHourly> hours = inOrder.closedHours(Duration.ofMinutes(10)).get("s1");
    // (9.1 + 9.1 + 9.1) / 3 = 9.1 exactly in decimal; 9.099999999999998 in double arithmetic.
    assertThat(hours)
        .containsExactly(
            Map.entry(
                T0,
                new SiteHourly(
                    "s1",
                    T0,
                    T0 + HOUR,
                    Map.of(Quantity.PM2_5, new SiteHourly.QuantityMean(9.1, 3, 2)))));
    assertThat(backfilledLast.closedHours(Duration.ofMinutes(10)))
        .isEqualTo(inOrder.closedHours(Duration.ofMinutes(10)));
  }

  @Test
  void shouldCloseAnHourOnlyOnceTheSiteClockPassedItsEndPlusTheSettleDelay() {
    HourlyOracle oracle = new HourlyOracle();
    oracle.add(pm25("d1", T0, 4.0));
    oracle.add(pm25("d1", T0 + HOUR + 599_999, 6.0)); // 1 ms short of end + 10 min

    assertThat(oracle.closedHours(Duration.ofMinutes(10)).get("s1")).isEmpty();
    assertThat(oracle.closedHours(Duration.ofMinutes(9)).get("s1")).containsOnlyKeys(T0);
  }
}
