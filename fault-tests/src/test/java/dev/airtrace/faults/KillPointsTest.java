package dev.airtrace.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class KillPointsTest {
  @Test
  void shouldDrawThreeDistinctSortedPointsBetweenTenAndNinetyPercentOfTheStream() {
    for (long seed = 0; seed < 200; seed++) {
      long[] points = GatewayKillIT.killPoints(new Random(seed), 2_160);

      assertThat(points).hasSize(3).isSorted().doesNotHaveDuplicates();
      // 10 % of 2,160 = 216; 216 + 80 % of 2,160 (1,728) = 1,944, exclusive.
      assertThat(points[0]).isGreaterThanOrEqualTo(216L);
      assertThat(points[2]).isLessThanOrEqualTo(1_943L);
    }
  }

  @Test
  void shouldRepeatTheSamePointsForTheSameSeed() {
    assertThat(GatewayKillIT.killPoints(new Random(42), 2_160))
        .containsExactly(GatewayKillIT.killPoints(new Random(42), 2_160));
  }
}
