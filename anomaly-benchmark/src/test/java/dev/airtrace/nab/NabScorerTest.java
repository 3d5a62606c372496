package dev.airtrace.nab;

import static dev.airtrace.nab.CorpusBuilder.UNIT_COSTS;
import static dev.airtrace.nab.CorpusBuilder.corpus;
import static dev.airtrace.nab.CorpusBuilder.detectionsAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class NabScorerTest {
  private static final String KEY = "synthetic/series.csv";
  private final NabScorer unitScorer = new NabScorer(ScoringRules.NO_PROBATION);

  @Test
  void shouldReproduceNabUnitVectorWithTwoWindowsAndThreeDetections() {
    NabCorpus corpus = corpus().file(KEY, 100, 30, 34, 65, 69).build();

    ProfileResult result =
        unitScorer.scoreAt(corpus, Map.of(KEY, detectionsAt(100, 30, 31, 37)), UNIT_COSTS, 0.5);

    // Window 1 detected at its first row (+A_TP), window 2 missed (-A_FN), row 37 is a false
    // positive 3 rows after a 5-row window: y = 3 / (5 - 1).
    double expected = 1 - 1 + (2 / (1 + Math.exp(5 * 0.75)) - 1);
    assertThat(result.rawScore()).isCloseTo(expected, within(1e-12));
    assertThat(result.rawScore()).isCloseTo(-0.9540, within(5e-5));
    assertThat(result.counts()).isEqualTo(new DetectionCounts(2, 1, 8, 89));
  }

  @Test
  void shouldScoreExactlyTruePositiveWeightForDetectionAtWindowStart() {
    NabCorpus corpus = corpus().file(KEY, 100, 40, 59).build();
    CostProfile generousTp = new CostProfile("tp", 2.5, 1.0, 0.11);

    double[] scores = detectionsAt(100, 40);
    assertThat(unitScorer.scoreAt(corpus, Map.of(KEY, scores), UNIT_COSTS, 0.5).rawScore())
        .isEqualTo(1.0);
    assertThat(unitScorer.scoreAt(corpus, Map.of(KEY, scores), generousTp, 0.5).rawScore())
        .isEqualTo(2.5);
  }

  @Test
  void shouldCostExactlyFalsePositiveWeightForDetectionInFileWithoutWindows() {
    NabCorpus corpus = corpus().file(KEY, 100).build();
    CostProfile standard = new CostProfile(CostProfile.STANDARD, 1.0, 1.0, 0.11);

    ProfileResult result =
        unitScorer.scoreAt(corpus, Map.of(KEY, detectionsAt(100, 50)), standard, 0.5);

    assertThat(result.rawScore()).isEqualTo(-0.11);
    assertThat(result.counts()).isEqualTo(new DetectionCounts(0, 1, 0, 99));
  }

  @Test
  void shouldCountOnlyTheEarliestDetectionInsideAWindow() {
    NabCorpus corpus = corpus().file(KEY, 100, 40, 59).build();

    double early =
        unitScorer.scoreAt(corpus, Map.of(KEY, detectionsAt(100, 45)), UNIT_COSTS, 0.5).rawScore();
    double earlyAndLate =
        unitScorer
            .scoreAt(corpus, Map.of(KEY, detectionsAt(100, 45, 50, 58)), UNIT_COSTS, 0.5)
            .rawScore();
    double late =
        unitScorer.scoreAt(corpus, Map.of(KEY, detectionsAt(100, 58)), UNIT_COSTS, 0.5).rawScore();

    assertThat(earlyAndLate).isEqualTo(early);
    assertThat(late).isPositive().isLessThan(early);
  }

  @Test
  void shouldChargeFalseNegativeWeightForEachMissedWindow() {
    NabCorpus corpus = corpus().file(KEY, 100, 20, 29, 60, 69).build();
    CostProfile lowFn = new CostProfile(CostProfile.REWARD_LOW_FN, 1.0, 2.0, 0.11);

    ProfileResult result = unitScorer.scoreAt(corpus, Map.of(KEY, new double[100]), lowFn, 0.5);

    assertThat(result.rawScore()).isEqualTo(-4.0);
    assertThat(result.counts()).isEqualTo(new DetectionCounts(0, 0, 20, 80));
  }

  @Test
  void shouldChargeAlmostNothingForFalsePositiveRightAfterAWindowAndFullCostLater() {
    NabCorpus corpus = corpus().file(KEY, 400, 100, 149).build();
    CostProfile costs = new CostProfile("fp", 1.0, 0.0, 1.0);

    double justAfter =
        unitScorer.scoreAt(corpus, Map.of(KEY, detectionsAt(400, 150)), costs, 0.5).rawScore();
    double farAfter =
        unitScorer.scoreAt(corpus, Map.of(KEY, detectionsAt(400, 399)), costs, 0.5).rawScore();

    assertThat(justAfter).isNegative().isGreaterThan(-0.1);
    assertThat(farAfter).isEqualTo(-1.0);
  }

  @Test
  void shouldIgnoreRowsInsideTheProbationaryPeriod() {
    NabCorpus corpus = corpus().file(KEY, 1000, 500, 549).build();
    NabScorer nabScorer = NabScorer.standard();

    ProfileResult result =
        nabScorer.scoreAt(corpus, Map.of(KEY, detectionsAt(1000, 10, 149, 500)), UNIT_COSTS, 0.5);

    // P = floor(0.15 * 1000) = 150: rows 10 and 149 are neither scored nor counted.
    assertThat(result.rawScore()).isEqualTo(1.0);
    assertThat(result.counts()).isEqualTo(new DetectionCounts(1, 0, 49, 800));
  }

  @Test
  void shouldNormaliseNullDetectorToZeroAndPerfectDetectorToHundred() {
    CostProfile lowFn = new CostProfile(CostProfile.REWARD_LOW_FN, 1.0, 2.0, 0.11);

    assertThat(NabScorer.normalise(-2 * 116, lowFn, 116)).isEqualTo(0.0);
    assertThat(NabScorer.normalise(116, lowFn, 116)).isEqualTo(100.0);
    assertThat(NabScorer.normalise(26.6345, lowFn, 116)).isCloseTo(74.32, within(0.005));
  }

  @Test
  void shouldRejectScoresWhoseLengthDiffersFromTheDataFile() {
    NabCorpus corpus = corpus().file(KEY, 100).build();

    assertThatThrownBy(
            () -> unitScorer.scoreAt(corpus, Map.of(KEY, new double[99]), UNIT_COSTS, 0.5))
        .isInstanceOf(NabCorpusException.class)
        .hasMessageContaining(KEY)
        .hasMessageContaining("99 scores for 100 rows");
  }

  @Test
  void shouldRejectNaNScores() {
    NabCorpus corpus = corpus().file(KEY, 10).build();
    double[] scores = new double[10];
    scores[3] = Double.NaN;

    assertThatThrownBy(() -> unitScorer.scoreAt(corpus, Map.of(KEY, scores), UNIT_COSTS, 0.5))
        .isInstanceOf(NabCorpusException.class)
        .hasMessageContaining("row 3 is NaN");
  }

  @Test
  void shouldRejectScoresThatMissACorpusFileOrNameAnUnknownOne() {
    NabCorpus corpus = corpus().file(KEY, 10).file("synthetic/other.csv", 10).build();

    assertThatThrownBy(
            () -> unitScorer.scoreAt(corpus, Map.of(KEY, new double[10]), UNIT_COSTS, 0.5))
        .isInstanceOf(NabCorpusException.class)
        .hasMessageContaining("no scores for corpus file synthetic/other.csv");
    assertThatThrownBy(
            () ->
                unitScorer.scoreAt(
                    corpus,
                    Map.of(
                        KEY,
                        new double[10],
                        "synthetic/other.csv",
                        new double[10],
                        "x/unknown.csv",
                        new double[10]),
                    UNIT_COSTS,
                    0.5))
        .isInstanceOf(NabCorpusException.class)
        .hasMessageContaining("x/unknown.csv");
  }
}
