package dev.airtrace.nab;

import static dev.airtrace.nab.CorpusBuilder.UNIT_COSTS;
import static dev.airtrace.nab.CorpusBuilder.corpus;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ThresholdSweepTest {
  private static final String KEY = "synthetic/series.csv";
  private final NabScorer scorer = new NabScorer(ScoringRules.NO_PROBATION);

  @Test
  void shouldPreferTheLargerThresholdWhenTwoThresholdsScoreTheSame() {
    NabCorpus corpus = corpus().file(KEY, 100, 30, 34).build();
    double[] scores = new double[100];
    scores[30] = 0.9;
    scores[31] = 0.8; // a second detection in the same window is free: S(0.8) == S(0.9)

    assertThat(scorer.optimalThreshold(corpus, Map.of(KEY, scores), UNIT_COSTS)).isEqualTo(0.9);
  }

  @Test
  void shouldChooseNoDetectionWhenEveryDetectionCosts() {
    NabCorpus corpus = corpus().file(KEY, 100).build();
    double[] scores = new double[100];
    scores[10] = 0.7;

    assertThat(scorer.optimalThreshold(corpus, Map.of(KEY, scores), UNIT_COSTS))
        .isEqualTo(ThresholdSweep.NO_DETECTION);
  }

  @Test
  void shouldLowerTheThresholdWhenThatCatchesAnotherWindow() {
    NabCorpus corpus = corpus().file(KEY, 100, 30, 34, 65, 69).build();
    double[] scores = new double[100];
    scores[30] = 0.9;
    scores[65] = 0.4;
    scores[80] = 0.6; // a false positive (about -A_FP) that must be paid to reach row 65

    double threshold = scorer.optimalThreshold(corpus, Map.of(KEY, scores), UNIT_COSTS);

    assertThat(threshold).isEqualTo(0.4);
  }

  @Test
  void shouldFindTheSameThresholdAsAnExhaustiveSearchOnRandomCorpora() {
    Random random = new Random(20261125L);
    CostProfile[] profiles = {
      new CostProfile(CostProfile.STANDARD, 1.0, 1.0, 0.11),
      new CostProfile(CostProfile.REWARD_LOW_FP, 1.0, 1.0, 0.22),
      new CostProfile(CostProfile.REWARD_LOW_FN, 1.0, 2.0, 0.11)
    };
    for (int trial = 0; trial < 60; trial++) {
      CorpusBuilder builder = corpus();
      Map<String, double[]> scores = new LinkedHashMap<>();
      for (int f = 0; f < 3; f++) {
        int rows = 80 + random.nextInt(120);
        int first = 20 + random.nextInt(rows / 3);
        int last = Math.min(rows - 1, first + 1 + random.nextInt(15));
        String key = "random/file" + f + ".csv";
        if (random.nextBoolean()) {
          builder.file(key, rows, first, last);
        } else {
          builder.file(key, rows);
        }
        double[] fileScores = new double[rows];
        for (int i = 0; i < rows; i++) {
          // Few distinct levels so that ties between thresholds are common.
          fileScores[i] = random.nextInt(12) / 10.0;
        }
        scores.put(key, fileScores);
      }
      NabCorpus corpus = builder.build();
      NabScorer nab = NabScorer.standard();
      for (CostProfile profile : profiles) {
        assertThat(nab.optimalThreshold(corpus, scores, profile))
            .as("trial %d, %s", trial, profile.name())
            .isEqualTo(exhaustiveBest(nab, corpus, scores, profile));
      }
    }
  }

  /** Scores every candidate directly, walking down and keeping the first maximum. */
  private static double exhaustiveBest(
      NabScorer scorer, NabCorpus corpus, Map<String, double[]> scores, CostProfile profile) {
    TreeSet<Double> candidates = new TreeSet<>();
    candidates.add(ThresholdSweep.NO_DETECTION);
    for (NabDataFile file : corpus.files().values()) {
      int probation = ScoringRules.NAB.probationaryRows(file.rowCount());
      double[] fileScores = scores.get(file.key());
      for (int i = probation; i < fileScores.length; i++) {
        candidates.add(fileScores[i]);
      }
    }
    double best = Double.NEGATIVE_INFINITY;
    double bestThreshold = Double.NaN;
    for (double threshold : candidates.descendingSet()) {
      double raw = scorer.scoreAt(corpus, scores, profile, threshold).rawScore();
      if (raw > best + 1e-12) {
        best = raw;
        bestThreshold = threshold;
      }
    }
    return bestThreshold;
  }
}
