package dev.airtrace.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class EwmNormaliserTest {
  private static final WindowSpec SPEC = new WindowSpec(8, 100, 8.0, 0.001);

  @Test
  void shouldLearnMeanAndSpreadOfStationarySeries() {
    EwmNormaliser n = new EwmNormaliser(SPEC);
    Random r = new Random(7);
    for (int i = 0; i < 5000; i++) {
      n.update(50 + 4 * r.nextGaussian());
    }
    assertThat(n.mean()).isCloseTo(50, within(1.0));
    assertThat(n.std()).isCloseTo(4, within(0.8));
    assertThat(n.normalise(58)).isCloseTo(2, within(0.5));
  }

  @Test
  void shouldAdaptToLevelShiftWithinAFewHalfLives() {
    EwmNormaliser n = new EwmNormaliser(SPEC);
    Random r = new Random(8);
    for (int i = 0; i < 2000; i++) {
      n.update(10 + r.nextGaussian());
    }
    for (int i = 0; i < 1000; i++) {
      n.update(100 + r.nextGaussian());
    }
    assertThat(n.mean()).isCloseTo(100, within(1.0));
    assertThat(Math.abs(n.normalise(100))).isLessThan(1.0);
  }

  @Test
  void shouldClipAndStayFiniteOnFlatSeries() {
    EwmNormaliser n = new EwmNormaliser(SPEC);
    for (int i = 0; i < 500; i++) {
      n.update(5.0);
    }
    assertThat(n.normalise(5.0)).isZero();
    assertThat(n.normalise(6.0)).isEqualTo(8.0);
    assertThat(n.normalise(-1e9)).isEqualTo(-8.0);
  }

  @Test
  void shouldUseRunningMeanWeightsWhileYoung() {
    EwmNormaliser n = new EwmNormaliser(SPEC);
    n.update(1);
    n.update(3);
    assertThat(n.mean()).isEqualTo(2.0);
  }
}
