package dev.airtrace.nab;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The NAB scorer (nab-scoring.md §1.2): scores a detector's per-row anomaly scores against a
 * corpus, at a given threshold or at the corpus-optimal one, and normalises against the null and
 * perfect detectors.
 *
 * <p>Scores are given as {@code Map<"<category>/<file>.csv", double[]>} with one score per data row
 * in file order; every corpus file must be present and no other. A row is detected when its score
 * is {@code >= threshold}. Immutable and thread-safe; each call works on its own copies.
 */
public final class NabScorer {
  private final ScoringRules rules;

  /**
   * @param rules probationary period rules ({@link ScoringRules#NAB} for the published scoreboard)
   */
  public NabScorer(ScoringRules rules) {
    this.rules = Objects.requireNonNull(rules, "rules");
  }

  /**
   * @return a scorer with the rules of the published NAB scoreboard
   */
  public static NabScorer standard() {
    return new NabScorer(ScoringRules.NAB);
  }

  /**
   * Scores every profile of the corpus, each at its own optimal threshold.
   *
   * @param detector name shown in reports
   * @param corpus the corpus
   * @param scores per-file anomaly scores
   * @return one result per corpus profile, in corpus order
   * @throws NabCorpusException when the scores do not match the corpus
   */
  public NabReport scoreAll(String detector, NabCorpus corpus, Map<String, double[]> scores) {
    PreparedScores prepared = new PreparedScores(corpus, scores, rules);
    ThresholdSweep sweep = new ThresholdSweep(prepared);
    List<ProfileResult> results = new ArrayList<>();
    for (CostProfile profile : corpus.profiles()) {
      results.add(scoreAt(prepared, profile, sweep.optimise(profile)));
    }
    return new NabReport(detector, prepared.windowCount, results);
  }

  /**
   * Scores every profile of the corpus at given thresholds (as official runs read them from {@code
   * config/thresholds.json}).
   *
   * @param detector name shown in reports
   * @param corpus the corpus
   * @param scores per-file anomaly scores
   * @param thresholds threshold per profile name; every corpus profile must have one
   * @return one result per corpus profile, in corpus order
   */
  public NabReport scoreAllAt(
      String detector,
      NabCorpus corpus,
      Map<String, double[]> scores,
      Map<String, Double> thresholds) {
    PreparedScores prepared = new PreparedScores(corpus, scores, rules);
    List<ProfileResult> results = new ArrayList<>();
    for (CostProfile profile : corpus.profiles()) {
      Double threshold = thresholds.get(profile.name());
      if (threshold == null) {
        throw new NabCorpusException("no threshold for profile " + profile.name());
      }
      results.add(scoreAt(prepared, profile, threshold));
    }
    return new NabReport(detector, prepared.windowCount, results);
  }

  /**
   * @param corpus the corpus
   * @param scores per-file anomaly scores
   * @param profile the cost profile
   * @return the result at the corpus-optimal threshold θ* (ties to the larger threshold)
   */
  public ProfileResult score(NabCorpus corpus, Map<String, double[]> scores, CostProfile profile) {
    PreparedScores prepared = new PreparedScores(corpus, scores, rules);
    return scoreAt(prepared, profile, new ThresholdSweep(prepared).optimise(profile));
  }

  /**
   * @param corpus the corpus
   * @param scores per-file anomaly scores
   * @param profile the cost profile
   * @return θ*, the largest threshold among {1.1} ∪ {distinct scores of scorable rows} that
   *     maximises the corpus raw score
   */
  public double optimalThreshold(
      NabCorpus corpus, Map<String, double[]> scores, CostProfile profile) {
    return new ThresholdSweep(new PreparedScores(corpus, scores, rules)).optimise(profile);
  }

  /**
   * @param corpus the corpus
   * @param scores per-file anomaly scores
   * @param profile the cost profile
   * @param threshold rows with a score {@code >= threshold} are detections
   * @return the result at that threshold
   */
  public ProfileResult scoreAt(
      NabCorpus corpus, Map<String, double[]> scores, CostProfile profile, double threshold) {
    return scoreAt(new PreparedScores(corpus, scores, rules), profile, threshold);
  }

  private static ProfileResult scoreAt(
      PreparedScores prepared, CostProfile profile, double threshold) {
    List<FileScore> files = new ArrayList<>(prepared.files.size());
    double raw = 0;
    DetectionCounts counts = DetectionCounts.ZERO;
    for (int f = 0; f < prepared.files.size(); f++) {
      FileScore file =
          scoreFile(
              prepared.files.get(f),
              prepared.weights.get(f),
              prepared.scores.get(f),
              profile,
              threshold);
      files.add(file);
      raw += file.rawScore();
      counts = counts.plus(file.counts());
    }
    return new ProfileResult(
        profile, threshold, raw, normalise(raw, profile, prepared.windowCount), counts, files);
  }

  private static FileScore scoreFile(
      NabDataFile file,
      FileWeights weights,
      double[] scores,
      CostProfile profile,
      double threshold) {
    int windows = file.windows().size();
    double[] windowBest = new double[windows];
    boolean[] windowHit = new boolean[windows];
    double outside = 0;
    long tp = 0;
    long fp = 0;
    long fn = 0;
    long tn = 0;
    for (int i = weights.probation(); i < weights.rows(); i++) {
      boolean detected = scores[i] >= threshold;
      int k = weights.windowOf(i);
      if (k < 0) {
        if (detected) {
          fp++;
          outside += weights.weight(i, profile);
        } else {
          tn++;
        }
      } else if (detected) {
        tp++;
        double weight = weights.weight(i, profile);
        // Only the earliest detection counts: the weight falls across a window.
        if (!windowHit[k] || weight > windowBest[k]) {
          windowBest[k] = weight;
          windowHit[k] = true;
        }
      } else {
        fn++;
      }
    }
    double raw = outside;
    for (int k = 0; k < windows; k++) {
      raw += windowHit[k] ? windowBest[k] : -profile.falseNegativeWeight();
    }
    return new FileScore(file.key(), raw, new DetectionCounts(tp, fp, fn, tn));
  }

  /**
   * @param raw a corpus raw score S
   * @param profile the profile it was scored under
   * @param windowCount N_win, windows in the labels file
   * @return 100·(S − S_null)/(S_perfect − S_null) with S_null = −A_FN·N_win and S_perfect =
   *     A_TP·N_win; NaN when that denominator is zero
   */
  public static double normalise(double raw, CostProfile profile, int windowCount) {
    double nullScore = -profile.falseNegativeWeight() * windowCount;
    double perfectScore = profile.truePositiveWeight() * windowCount;
    double range = perfectScore - nullScore;
    return range == 0 ? Double.NaN : 100.0 * (raw - nullScore) / range;
  }
}
