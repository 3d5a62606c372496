package dev.airtrace.nab;

import java.util.Arrays;

/**
 * Corpus threshold optimisation in one sorted pass (nab-scoring.md §1.2): every scorable row is
 * sorted once by anomaly score, then for each profile the thresholds {1.1} ∪ {distinct scores} are
 * walked downward while S(θ) is updated incrementally — a row outside windows adds its weight, a
 * row inside a window replaces the window's contribution when it is worth more (an earlier row).
 * The first maximum wins, so ties go to the larger threshold as in NAB's own sweep.
 *
 * <p>Immutable after construction and thread-safe; {@link #optimise} allocates its own state.
 */
final class ThresholdSweep {
  /** The "no detection" candidate: above every anomaly score in [0, 1]. */
  static final double NO_DETECTION = 1.1;

  private final double[] distinctDescending;
  private final int[] groupEnd;
  private final double[] shape;
  private final int[] window;
  private final boolean[] inWindow;
  private final int windowCount;

  ThresholdSweep(PreparedScores prepared) {
    int scorable = 0;
    for (FileWeights w : prepared.weights) {
      scorable += w.rows() - w.probation();
    }
    double[] values = new double[scorable];
    int n = 0;
    for (int f = 0; f < prepared.files.size(); f++) {
      FileWeights w = prepared.weights.get(f);
      double[] s = prepared.scores.get(f);
      for (int i = w.probation(); i < w.rows(); i++) {
        values[n++] = s[i];
      }
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int distinct = 0;
    for (int i = 0; i < sorted.length; i++) {
      if (i == 0 || Double.compare(sorted[i], sorted[distinct - 1]) != 0) {
        sorted[distinct++] = sorted[i];
      }
    }
    double[] ascending = Arrays.copyOf(sorted, distinct);
    distinctDescending = new double[distinct];
    for (int d = 0; d < distinct; d++) {
      distinctDescending[d] = ascending[distinct - 1 - d];
    }
    // Counting sort of the rows into groups of equal score, highest score first.
    groupEnd = new int[distinct];
    int[] rank = new int[scorable];
    for (int i = 0; i < scorable; i++) {
      rank[i] = distinct - 1 - Arrays.binarySearch(ascending, values[i]);
      groupEnd[rank[i]]++;
    }
    for (int d = 1; d < distinct; d++) {
      groupEnd[d] += groupEnd[d - 1];
    }
    int[] next = new int[distinct];
    for (int d = 1; d < distinct; d++) {
      next[d] = groupEnd[d - 1];
    }
    shape = new double[scorable];
    window = new int[scorable];
    inWindow = new boolean[scorable];
    int row = 0;
    int windowOffset = 0;
    for (int f = 0; f < prepared.files.size(); f++) {
      FileWeights w = prepared.weights.get(f);
      for (int i = w.probation(); i < w.rows(); i++) {
        int slot = next[rank[row++]]++;
        shape[slot] = w.shape(i);
        inWindow[slot] = w.windowOf(i) >= 0;
        window[slot] = inWindow[slot] ? windowOffset + w.windowOf(i) : -1;
      }
      windowOffset += prepared.files.get(f).windows().size();
    }
    windowCount = windowOffset;
  }

  /**
   * @return θ* = the largest threshold that maximises S(θ) for the profile
   */
  double optimise(CostProfile profile) {
    double[] windowBest = new double[windowCount];
    Arrays.fill(windowBest, -profile.falseNegativeWeight());
    double current = -profile.falseNegativeWeight() * windowCount;
    double best = Double.NEGATIVE_INFINITY;
    double bestThreshold = NO_DETECTION;
    boolean noDetectionEvaluated = false;
    int from = 0;
    for (int d = 0; d < distinctDescending.length; d++) {
      double threshold = distinctDescending[d];
      if (!noDetectionEvaluated && threshold < NO_DETECTION) {
        noDetectionEvaluated = true;
        if (current > best) {
          best = current;
          bestThreshold = NO_DETECTION;
        }
      }
      for (int r = from; r < groupEnd[d]; r++) {
        if (inWindow[r]) {
          double weight = shape[r] * profile.truePositiveWeight();
          int k = window[r];
          if (weight > windowBest[k]) {
            current += weight - windowBest[k];
            windowBest[k] = weight;
          }
        } else {
          current += shape[r] * profile.falsePositiveWeight();
        }
      }
      from = groupEnd[d];
      if (threshold == NO_DETECTION) {
        noDetectionEvaluated = true;
      }
      if (current > best) {
        best = current;
        bestThreshold = threshold;
      }
    }
    if (!noDetectionEvaluated && current > best) {
      bestThreshold = NO_DETECTION;
    }
    return bestThreshold;
  }
}
