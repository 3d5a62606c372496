package dev.airtrace.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fault rules on short hand-made series. Every series starts with a warm-up that alternates 10,
 * 11, 10, … so the typical change d is exactly 1 and the longest normal flat run is 1.
 */
class FaultRulesTest {
  private static final int WARM_UP = 200;

  private static FaultRules rules(FaultRuleConfig config) {
    FaultRules r = new FaultRules(config, WARM_UP);
    for (int i = 0; i < WARM_UP; i++) {
      assertThat(r.observe(i % 2 == 0 ? 10 : 11)).isNull();
    }
    return r; // last value 11, d = 1
  }

  private static List<FaultRules.Hit> feed(FaultRules r, double... values) {
    List<FaultRules.Hit> hits = new ArrayList<>();
    for (double v : values) {
      hits.add(r.observe(v));
    }
    return hits;
  }

  @Test
  void stuckShouldFireOnceWhenTheRunReachesTheMinimumRun() {
    FaultRules r = rules(FaultRuleConfig.defaults());
    // limit = max(stuckMinRun 6, 1.5 x longest normal run 1) = 6 equal readings
    List<FaultRules.Hit> hits = feed(r, 15, 15, 15, 15, 15, 15, 15, 15);
    for (int i = 0; i < 5; i++) {
      assertThat(hits.get(i)).as("reading %d", i).isNull();
    }
    assertThat(hits.get(5).fault()).isEqualTo(SuspectedFault.STUCK);
    assertThat(hits.get(5).evidence()).contains("6 readings equal to 15.00");
    assertThat(hits.get(5).score()).isEqualTo(FaultRules.CERTAIN);
    assertThat(hits.get(6)).isNull(); // one alarm per run
    assertThat(hits.get(7)).isNull();
  }

  @Test
  void stuckLimitShouldGrowWithTheLongestNormalFlatRun() {
    FaultRules r = rules(FaultRuleConfig.defaults());
    // a normal run of 8 equal readings (the 6th would fire at limit 6: turn the rule into one with
    // a longer minimum first)
    FaultRules longer = rules(FaultRuleConfig.builder().stuckMinRun(9).build());
    feed(longer, 12, 12, 12, 12, 12, 12, 12, 12, 13); // run of 8 ends unalarmed
    // now limit = max(9, 1.5 x 8 = 12): a run of 11 passes, the 12th fires
    List<FaultRules.Hit> hits = feed(longer, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14);
    assertThat(hits.subList(0, 11)).containsOnlyNulls();
    assertThat(hits.get(11).fault()).isEqualTo(SuspectedFault.STUCK);
    assertThat(r).isNotNull();
  }

  @Test
  void dropoutShouldFireOnTheFirstZeroFarFromTheLevel() {
    FaultRules r = rules(FaultRuleConfig.defaults());
    // 11 -> 0: |11| > 4 x d = 4 and no zero seen before
    List<FaultRules.Hit> hits = feed(r, 0, 0, 0);
    assertThat(hits.get(0).fault()).isEqualTo(SuspectedFault.DROPOUT);
    assertThat(hits.get(1)).isNull();
    assertThat(hits.get(2)).isNull();
  }

  @Test
  void zeroCloseToTheLevelShouldNotBeADropout() {
    FaultRules r = new FaultRules(FaultRuleConfig.defaults(), WARM_UP);
    for (int i = 0; i < WARM_UP; i++) {
      r.observe(i % 2 == 0 ? 1 : 2); // d = 1, last value 2
    }
    assertThat(r.observe(0)).isNull(); // |2| <= 4 x d
  }

  @Test
  void spikeShouldBeNamedWithTheNextReadingAndScoredByItsSize() {
    FaultRules r = rules(FaultRuleConfig.builder().noiseFactor(0).build());
    List<FaultRules.Hit> hits = feed(r, 10, 30, 10);
    assertThat(hits.get(0)).isNull();
    assertThat(hits.get(1)).isNull(); // the spike itself: its right neighbour is not known yet
    FaultRules.Hit spike = hits.get(2);
    assertThat(spike.fault()).isEqualTo(SuspectedFault.SPIKE);
    // d after the spike entered: 30 - 10 = 20 clipped at 5 x d, so d = 1 + a (5 - 1) with a =
    // max(1 - 0.5^(1/168), 1/n) = 1/201 (201 readings before it); limit 6 d; strength
    // min(|30 - 10|, |30 - 10|) = 20
    double a = 1.0 / 201;
    double d = 1 + a * (5 - 1);
    assertThat(spike.score()).isCloseTo(1 - 0.5 * 6 * d / 20, within(1e-9));
  }

  @Test
  void stepThatHoldsShouldBeALevelShiftAfterTheHoldReadings() {
    FaultRules r = rules(FaultRuleConfig.builder().noiseFactor(0).build());
    // base 11, step to 40, held by 41, 40, 41 (hold 3)
    List<FaultRules.Hit> hits = feed(r, 40, 41, 40, 41);
    assertThat(hits.subList(0, 3)).containsOnlyNulls();
    assertThat(hits.get(3).fault()).isEqualTo(SuspectedFault.LEVEL_SHIFT);
    assertThat(hits.get(3).evidence()).contains("step +29");
  }

  @Test
  void stepThatReturnsShouldNotBeALevelShift() {
    FaultRules r = rules(FaultRuleConfig.builder().noiseFactor(0).spikeFactor(0).build());
    assertThat(feed(r, 40, 41, 11, 10)).containsOnlyNulls();
  }

  @Test
  void wayBackFromASpikeShouldNotBeALevelShift() {
    FaultRules r = rules(FaultRuleConfig.builder().noiseFactor(0).spikeFactor(0).build());
    // 11 -> 400 -> 10, 11, 10: the step 400 -> 10 is held, but its base 400 was itself a jump
    assertThat(feed(r, 400, 10, 11, 10, 11)).containsOnlyNulls();
  }

  @Test
  void burstOfLargeChangesShouldBeNoiseButASingleStepShouldNot() {
    FaultRules step = rules(FaultRuleConfig.builder().levelShiftFactor(0).build());
    assertThat(feed(step, 40, 41, 40, 41, 40)).containsOnlyNulls();
    FaultRules burst = rules(FaultRuleConfig.builder().spikeFactor(0).build());
    List<FaultRules.Hit> hits = feed(burst, 18, 4, 19, 3, 17);
    assertThat(hits).extracting(h -> h == null ? null : h.fault()).contains(SuspectedFault.NOISE);
  }

  @Test
  void rulesShouldStayQuietDuringWarmUp() {
    FaultRules r = new FaultRules(FaultRuleConfig.defaults(), 50);
    for (int i = 0; i < 49; i++) {
      assertThat(r.observe(5)).isNull(); // flat from the start, but still warming up
    }
  }

  @Test
  void offConfigurationShouldNeverFire() {
    FaultRules r = rules(FaultRuleConfig.off());
    assertThat(feed(r, 0, 0, 0, 0, 0, 0, 0, 0, 50, 10, 90, 90, 90, 90)).containsOnlyNulls();
  }
}
