package dev.airtrace.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class DirectionMeanTest {

  private static OptionalDouble meanOf(double... degrees) {
    double sin = 0;
    double cos = 0;
    for (double d : degrees) {
      sin += DirectionMean.sin(d);
      cos += DirectionMean.cos(d);
    }
    return DirectionMean.mean(sin, cos, degrees.length);
  }

  @Test
  void shouldAverageAcrossNorthToNorthNotSouth() {
    // the arithmetic mean of 350 and 10 would be 180, the opposite direction
    assertThat(meanOf(350, 10)).hasValue(0.0);
    assertThat(meanOf(0, 360)).hasValue(0.0);
  }

  @Test
  void shouldGiveTheVectorMeanOfDirectionsOnOneSide() {
    assertThat(meanOf(80, 100)).hasValue(90.0);
    assertThat(meanOf(270, 0)).hasValue(315.0);
    assertThat(meanOf(200)).hasValueCloseTo(200.0, within(1e-9));
    // three readings 10, 20, 90: atan2(sin10+sin20+sin90, cos10+cos20+cos90)
    double sin = Math.sin(Math.toRadians(10)) + Math.sin(Math.toRadians(20)) + 1;
    double cos = Math.cos(Math.toRadians(10)) + Math.cos(Math.toRadians(20)) + 0;
    assertThat(meanOf(10, 20, 90))
        .hasValueCloseTo(Math.toDegrees(Math.atan2(sin, cos)), within(1e-8));
  }

  @Test
  void shouldHaveNoMeanWhenDirectionsCancelOut() {
    assertThat(meanOf(90, 270)).isEmpty();
    assertThat(meanOf()).isEmpty();
  }
}
