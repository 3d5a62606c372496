package dev.airtrace.processor;

import static dev.airtrace.processor.History.hour;
import static dev.airtrace.processor.ReadingBuilder.at;
import static dev.airtrace.processor.ReadingBuilder.reading;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.airtrace.core.Quantity;
import dev.airtrace.topics.processor.SiteHourly;
import org.junit.jupiter.api.Test;

class HourAccumulatorTest {

  @Test
  void shouldGiveTheDoubleClosestToTheExactMean() {
    HourAccumulator a = new HourAccumulator();
    a.add(reading().device("d1").seq(1).at(at(0, 1)).pm25(10.0).build());
    a.add(reading().device("d1").seq(2).at(at(0, 2)).pm25(10.0).build());
    a.add(reading().device("d2").seq(1).at(at(0, 3)).pm25(17.0).build());

    // 37 / 3 = 12.333...; a 16-digit decimal quotient would round to 12.33333333333333 instead
    double mean =
        a.toSiteHourly("site-a", hour(0), hour(1)).quantities().get(Quantity.PM2_5).mean();
    assertThat(mean).isEqualTo(37.0 / 3);
  }

  @Test
  void shouldCountDistinctDevicesPerQuantity() {
    HourAccumulator a = new HourAccumulator();
    a.add(reading().device("d1").seq(1).pm25(1.0).value(Quantity.CO, 0.4).build());
    a.add(reading().device("d2").seq(1).pm25(2.0).build());
    a.add(reading().device("d1").seq(2).pm25(3.0).build());

    SiteHourly h = a.toSiteHourly("site-a", hour(0), hour(1));
    assertThat(h.quantities().get(Quantity.PM2_5))
        .isEqualTo(new SiteHourly.QuantityMean(2.0, 3, 2));
    assertThat(h.quantities().get(Quantity.CO)).isEqualTo(new SiteHourly.QuantityMean(0.4, 1, 1));
  }

  @Test
  void shouldAverageWindDirectionAsAUnitVectorAcrossTheStore() {
    assumeThat(HourAccumulator.WIND_DIRECTION).as("core defines wind_direction").isPresent();
    Quantity direction = HourAccumulator.WIND_DIRECTION.get();
    HourAccumulator a = new HourAccumulator();
    a.add(reading().device("d1").seq(1).value(direction, 350).build());
    HourAccumulator b = HourAccumulator.decode(HourAccumulator.encode(a));
    b.add(reading().device("d2").seq(1).value(direction, 10).build());

    // arithmetic (350 + 10) / 2 = 180 is south; the vector mean is north
    assertThat(b.toSiteHourly("site-a", hour(0), hour(1)).quantities().get(direction))
        .isEqualTo(new SiteHourly.QuantityMean(0, 2, 2));
  }

  @Test
  void shouldOmitTheWindDirectionOfAnHourWhoseDirectionsCancelOut() {
    assumeThat(HourAccumulator.WIND_DIRECTION).as("core defines wind_direction").isPresent();
    Quantity direction = HourAccumulator.WIND_DIRECTION.get();
    HourAccumulator a = new HourAccumulator();
    a.add(reading().device("d1").seq(1).pm25(4.0).value(direction, 90).build());
    a.add(reading().device("d1").seq(2).pm25(6.0).value(direction, 270).build());

    assertThat(a.toSiteHourly("site-a", hour(0), hour(1)).quantities())
        .containsOnlyKeys(Quantity.PM2_5);
  }
}
