package dev.airtrace.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Hand-computed vectors. Neighbourhood "s": B, C, D, E report 9, 10, 10, 11 (each round in that
 * order, then A), A reports 10. In steady state every neighbour median is 10 (A's neighbours 9, 10,
 * 10, 11), so the deviations are B −1, C 0, D 0, E +1, A 0. The first round evaluates D (neighbours
 * 9 and 10: median 9.5, deviation 0.5), E (9, 10, 10: deviation 1) and A (0): with warm-up 3 the
 * typical spread is frozen (half-life of a million readings) at 1.2533 × mean(0.5, 1, 0) = 0.6267.
 */
class SpatialConsistencyTest {
  private static final double S = 1.2533 * 0.5;
  private static final long MINUTE = 60_000;

  private static SpatialConfig config() {
    return SpatialConfig.builder()
        .window(8)
        .threshold(3)
        .warmUp(3)
        .stuckReadings(3)
        .scaleHalfLife(1_000_000)
        // the spike and noise tests have their own vectors below; this fleet's first rounds
        // (arrival-order deviations, then none) would make any change look rough
        .spikeFactor(0)
        .noiseFactor(0)
        .build();
  }

  /** One round at minute k; returns A's finding (and asserts nobody else alarms). */
  private static SpatialFinding round(SpatialConsistency sc, int k, double b, double a) {
    long t = k * MINUTE;
    double[] others = {b, 10 + (b - 9), 10 + (b - 9), 11 + (b - 9)};
    String[] names = {"B", "C", "D", "E"};
    for (int i = 0; i < 4; i++) {
      assertThat(sc.observe("s", names[i], "pm2_5", t, others[i]))
          .as(names[i] + " at " + k)
          .isNull();
    }
    return sc.observe("s", "A", "pm2_5", t, a);
  }

  private static List<SpatialFinding> run(SpatialConsistency sc, double[] a) {
    List<SpatialFinding> out = new ArrayList<>();
    for (int k = 0; k < a.length; k++) {
      out.add(round(sc, k, 9, a[k]));
    }
    return out;
  }

  @Test
  void shouldNotEvaluateWithFewerThanThreeDevices() {
    SpatialConsistency sc = new SpatialConsistency(config());
    for (int k = 0; k < 50; k++) {
      assertThat(sc.observe("s", "A", "no2", k * MINUTE, 10)).isNull();
      assertThat(sc.observe("s", "B", "no2", k * MINUTE, k % 2 == 0 ? 100 : 0)).isNull();
    }
    assertThat(sc.notEvaluated()).isEqualTo(100);
  }

  @Test
  void shouldNotCountNeighboursWhoseLatestValueIsStale() {
    SpatialConsistency sc =
        new SpatialConsistency(config().toBuilder().maxAge(Duration.ofMinutes(10)).build());
    sc.observe("s", "B", "no2", 0, 10);
    sc.observe("s", "C", "no2", 0, 10);
    sc.observe("s", "A", "no2", 11 * MINUTE, 10);
    // B: no neighbour; C: one; A: B and C are 11 minutes old
    assertThat(sc.notEvaluated()).isEqualTo(3);
  }

  @Test
  void shouldNameAStepAgainstTheNeighboursALevelShift() {
    double[] a = new double[20];
    for (int k = 0; k < a.length; k++) {
      a[k] = k < 12 ? 10 : 13;
    }
    List<SpatialFinding> found = run(new SpatialConsistency(config()), a);
    // A's deviations: 0 until round 11, then 3. Window of 8 with k shifted values has median
    // (0 + 3) / 2 = 1.5 for k = 4 (z = 2.39) and 3 for k = 5 (round 16): z = 3 / 0.6267 = 4.787
    for (int k = 0; k < 16; k++) {
      assertThat(found.get(k)).as("round %d", k).isNull();
    }
    SpatialFinding f = found.get(16);
    assertThat(f.fault()).isEqualTo(SuspectedFault.LEVEL_SHIFT);
    assertThat(f.deviation()).isEqualTo(3);
    assertThat(f.neighbourMedian()).isEqualTo(10);
    assertThat(f.neighbours()).isEqualTo(4);
    assertThat(f.z()).isCloseTo(3 / S, within(1e-3));
    // older half 0, 0, 0, 3: median 0; newer half 3, 3, 3, 3: step 3 >= 0.6 × 3
    assertThat(f.score()).isCloseTo(1 - 0.5 * 3 / (3 / S), within(1e-3));
    assertThat(f.modelId()).isEqualTo("spatial@1");
    assertThat(f.evidence()).contains("4 neighbours").contains("neighbour median 10.00");
    // one event per episode
    assertThat(found.subList(17, 20)).containsOnlyNulls();
  }

  @Test
  void shouldNameAGradualDepartureADriftWhenItCrossesTheThreshold() {
    double[] a = new double[26];
    for (int k = 0; k < a.length; k++) {
      a[k] = k < 10 ? 10 : 10 + 0.25 * (k - 9);
    }
    List<SpatialFinding> found = run(new SpatialConsistency(config()), a);
    // j = 12 (round 21): window 0.25 × (5..12), median (2 + 2.25) / 2 = 2.125, z = 3.391;
    // older half median 0.25 × 6.5 = 1.625, newer 0.25 × 10.5 = 2.625: step 1 < 0.6 × 2.625
    for (int k = 0; k < 21; k++) {
      assertThat(found.get(k)).as("round %d", k).isNull();
    }
    SpatialFinding f = found.get(21);
    assertThat(f.fault()).isEqualTo(SuspectedFault.DRIFT);
    assertThat(f.deviation()).isCloseTo(2.125, within(1e-9));
    assertThat(f.z()).isCloseTo(2.125 / S, within(1e-3));
    assertThat(f.evidence()).contains("older half 1.625").contains("newer half 2.625");
  }

  @Test
  void shouldRaiseAgainAfterTheDeviceAgreedWithItsNeighboursAgain() {
    double[] a = new double[50];
    for (int k = 0; k < a.length; k++) {
      a[k] = (k >= 12 && k < 25) || k >= 37 ? 13 : 10;
    }
    List<SpatialFinding> found = run(new SpatialConsistency(config()), a);
    assertThat(found.stream().filter(f -> f != null).map(SpatialFinding::fault).toList())
        .containsExactly(SuspectedFault.LEVEL_SHIFT, SuspectedFault.LEVEL_SHIFT);
    assertThat(found.get(16)).isNotNull();
    assertThat(found.get(41)).isNotNull();
  }

  @Test
  void shouldFlagAStuckDeviceWhileItsNeighboursChange() {
    SpatialConsistency sc = new SpatialConsistency(config());
    List<SpatialFinding> found = new ArrayList<>();
    for (int k = 0; k < 16; k++) {
      double wiggle = 0.2 * (k % 2);
      // A wiggles like its neighbours until round 9 (10.2), then stays at 10.2
      found.add(round(sc, k, 9 + wiggle, k < 10 ? 10 + wiggle : 10.2));
    }
    // A's run of equal values: round 10 is the 2nd, round 11 the 3rd → stuck once
    assertThat(found.subList(0, 11)).containsOnlyNulls();
    SpatialFinding f = found.get(11);
    assertThat(f.fault()).isEqualTo(SuspectedFault.STUCK);
    assertThat(f.score()).isEqualTo(0.999);
    assertThat(f.evidence())
        .startsWith("3 readings equal to 10.20 while 4 of 4 neighbours changed");
    assertThat(found.subList(12, 16)).containsOnlyNulls();
  }

  @Test
  void shouldNotCallADeviceStuckWhenTheWholeNeighbourhoodIsFlat() {
    double[] a = new double[30];
    java.util.Arrays.fill(a, 10);
    // every device constant: all runs long, nobody changed
    assertThat(run(new SpatialConsistency(config()), a)).containsOnlyNulls();
  }

  @Test
  void shouldUseAConfiguredNeighbourhoodInsteadOfTheSite() {
    SpatialConsistency sc =
        new SpatialConsistency(
            config().toBuilder().neighbourhoods(Map.of("X", "s", "Y", "s", "Z", "s")).build());
    sc.observe("site-1", "X", "o3", 0, 10);
    sc.observe("site-2", "Y", "o3", 0, 10);
    sc.observe("site-3", "Z", "o3", 0, 10);
    // Z is the third device of neighbourhood "s": evaluated
    assertThat(sc.notEvaluated()).isEqualTo(2);
    assertThat(sc.seriesCount()).isEqualTo(3);
  }

  @Test
  void shouldComputeTheMedianOfTheFirstValues() {
    assertThat(SpatialConsistency.median(new double[] {3, 1, 2, 99}, 3)).isEqualTo(2);
    assertThat(SpatialConsistency.median(new double[] {4, 1, 3, 2}, 4)).isEqualTo(2.5);
  }

  @Test
  void shouldSelectTheMedianOfLongArraysWithTiesAsASortWould() {
    // 20 values past the insertion-sort cut-off: 0..9 twice, reversed; sorted positions 9 and 10
    // are 4 and 5, so the median is 4.5
    double[] v = new double[20];
    for (int i = 0; i < 20; i++) {
      v[i] = 9 - (i % 10);
    }
    assertThat(SpatialConsistency.median(v, 20)).isEqualTo(4.5);
    // 31 values: 15 of 7, the middle value 3, 15 of −2 (interleaved): the median is 3
    double[] w = new double[31];
    for (int i = 0; i < 15; i++) {
      w[2 * i] = 7;
      w[2 * i + 1] = -2;
    }
    w[30] = 3;
    assertThat(SpatialConsistency.median(w, 31)).isEqualTo(3);
  }

  @Test
  void shouldOrderNegativeZeroBeforeZeroLikeASort() {
    // sorted: −1, −0.0, 0.0, 0.0, 1 — the middle is +0.0, and with four values (−1, −0.0, 0.0, 1)
    // the two middle ones are −0.0 and 0.0, whose mean is +0.0
    assertThat(SpatialConsistency.median(new double[] {0.0, 1, -0.0, -1, 0.0}, 5))
        .isEqualTo(0.0)
        .matches(x -> Double.doubleToRawLongBits(x) == 0L, "positive zero");
    assertThat(
            Double.doubleToRawLongBits(
                SpatialConsistency.median(new double[] {-0.0, -1, 1, -0.0}, 4)))
        .as("median of −1, −0.0, −0.0, 1 is −0.0")
        .isEqualTo(Double.doubleToRawLongBits(-0.0));
  }

  @Test
  void shouldAgreeWithSortingOnEveryPrefixOfARandomArray() {
    java.util.Random random = new java.util.Random(42);
    for (int trial = 0; trial < 2_000; trial++) {
      int n = 1 + random.nextInt(64);
      double[] v = new double[n];
      for (int i = 0; i < n; i++) {
        // few distinct values, so ties are common (quantised sensors)
        v[i] = random.nextInt(8) - 4 + (random.nextBoolean() ? 0.0 : 0.5);
        if (v[i] == 0 && random.nextBoolean()) {
          v[i] = -0.0; // signed zeros, which a sort orders and selection's < does not
        }
      }
      double[] sorted = v.clone();
      java.util.Arrays.sort(sorted);
      double expected = n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
      assertThat(Double.doubleToRawLongBits(SpatialConsistency.median(v, n)))
          .as("trial " + trial)
          .isEqualTo(Double.doubleToRawLongBits(expected));
    }
  }

  /**
   * Neighbourhood "n": B, C, D, E hold 10 (their neighbour median is 10 whatever A reports, so
   * their deviations and changes are 0), A reports {@code a[k]} and its deviation is {@code a[k] −
   * 10}. Warm-up 3: the spread is frozen after round 0 (D 0, E 0, A |11 − 10| = 1: s = 1.2533 / 3)
   * and the typical change after round 1's three changes (D 0, E 0, A |0 − 1| = 1: g = 1/3).
   */
  private static List<SpatialFinding> runQuiet(SpatialConsistency sc, double[] a) {
    List<SpatialFinding> out = new ArrayList<>();
    String[] names = {"B", "C", "D", "E"};
    for (int k = 0; k < a.length; k++) {
      for (String name : names) {
        assertThat(sc.observe("n", name, "pm2_5", k * MINUTE, 10)).as(name + " at " + k).isNull();
      }
      out.add(sc.observe("n", "A", "pm2_5", k * MINUTE, a[k]));
    }
    return out;
  }

  private static SpatialConfig.Builder quiet() {
    return config().toBuilder().roughnessHalfLife(1_000_000).noiseHalfLife(1);
  }

  @Test
  void shouldNameASpikeAgainstTheNeighboursWithTheNextReading() {
    // A alternates 11, 10 (deviation 1, 0: steps of 1 = 3 typical changes, below 5); 14 at k = 20
    double[] a = new double[30];
    for (int k = 0; k < a.length; k++) {
      a[k] = k % 2 == 0 ? 11 : 10;
    }
    a[20] = 14;
    a[21] = 10;
    SpatialConsistency sc = new SpatialConsistency(quiet().spikeFactor(5).noiseFactor(0).build());

    List<SpatialFinding> found = runQuiet(sc, a);

    for (int k = 0; k < a.length; k++) {
      if (k != 21) {
        assertThat(found.get(k)).as("k=" + k).isNull();
      }
    }
    SpatialFinding spike = found.get(21);
    assertThat(spike.fault()).isEqualTo(SuspectedFault.SPIKE);
    // deviations 0 (k=19), 4 (k=20), 0 (k=21): both steps 4 = 12 typical changes of 1/3
    assertThat(spike.deviation()).isEqualTo(4.0);
    // the frozen EWMs still move by about 1e-5 over 20 rounds (half-life 10^6)
    assertThat(spike.score()).isCloseTo(1 - 0.5 * 5 / 12.0, within(1e-4));
    assertThat(spike.z()).isCloseTo(4 / (1.2533 / 3), within(1e-3));
    assertThat(spike.evidence()).contains("a step of 12.0 typical changes 0.3333");
  }

  @Test
  void shouldNotCallAStepThatStaysASpike() {
    // 10, 10, ... then 14 for good: the step up has no step back
    double[] a = new double[30];
    for (int k = 0; k < a.length; k++) {
      a[k] = k == 0 ? 11 : k % 2 == 0 ? 10.5 : 10;
    }
    for (int k = 20; k < a.length; k++) {
      a[k] = 14;
    }
    SpatialConsistency sc =
        new SpatialConsistency(quiet().spikeFactor(5).noiseFactor(0).threshold(1000).build());

    assertThat(runQuiet(sc, a)).allMatch(f -> f == null);
  }

  @Test
  void shouldNameANoiseBurstOnceWhenItsMeanChangeReachesTheFactor() {
    // A alternates 11, 10: mean change 1 = 3 typical changes of 1/3, below the factor 4;
    // from k = 20 to 29 it alternates 13, 10: change 3, and the EWM (half-life 1) goes 1 -> 2,
    // i.e. 6 typical changes at k = 20
    double[] a = new double[40];
    for (int k = 0; k < a.length; k++) {
      a[k] = k % 2 == 0 ? (k >= 20 && k < 30 ? 13 : 11) : 10;
    }
    SpatialConsistency sc =
        new SpatialConsistency(quiet().spikeFactor(0).noiseFactor(4).threshold(1000).build());

    List<SpatialFinding> found = runQuiet(sc, a);

    for (int k = 0; k < a.length; k++) {
      if (k != 20) {
        assertThat(found.get(k)).as("k=" + k).isNull();
      }
    }
    SpatialFinding noise = found.get(20);
    assertThat(noise.fault()).isEqualTo(SuspectedFault.NOISE);
    assertThat(noise.score()).isCloseTo(1 - 0.5 * 4 / 6.0, within(1e-4));
    assertThat(noise.evidence()).contains("2.000 = 6.0 typical changes 0.3333");
  }
}
