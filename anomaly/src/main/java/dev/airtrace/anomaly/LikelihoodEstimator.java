package dev.airtrace.anomaly;

import java.util.Arrays;

/**
 * Turns one series' raw scores into a calibrated anomaly likelihood, after Numenta's anomaly
 * likelihood (Ahmad et al. 2017): the mean of the last few raw scores is compared with the
 * distribution (mean, standard deviation) of such short averages over the series' recent history;
 * the Gaussian tail probability {@code p} of that average is reported on a log scale, {@code log(p
 * + 1e-10) / log(1e-10)} in {@code [0, 1]} (0.5 means one in 100,000, 1 means one in ten billion).
 * The baseline adapts online: old scores leave the history as new ones arrive. Not thread-safe.
 *
 * <p>Memory: the baseline needs only the sum and the sum of squares of the averages in it, so the
 * history is kept as {@link #BLOCKS} block sums rather than one value per average: the averages
 * join a current block of {@code ceil(historyLength / BLOCKS)}; when it is full it joins the ring
 * of complete blocks, and the oldest block leaves once the complete blocks hold {@code
 * historyLength} averages. The baseline therefore covers the last {@code historyLength} to {@code
 * historyLength + block - 1} averages (4,000 to 4,099 by default) instead of exactly {@code
 * historyLength}: under 1 KB per estimator instead of 32 KB, the same for a young and an old
 * series, and sums that are recomputed from the blocks (no drift from subtracting old values). The
 * ring grows with the history, so a young series holds a few blocks.
 */
final class LikelihoodEstimator {
  /** Scores needed in the history before any likelihood above 0 is reported. */
  static final int MIN_HISTORY = 10;

  /** Complete blocks that make up a full history. */
  static final int BLOCKS = 40;

  private static final double LOG_EPSILON = Math.log(1e-10);

  private final double[] shortRing;
  private final int block;
  private final int blocks;
  private final double stdFloorFraction;
  private final double stdFloorAbsolute;
  private int shortNext;
  private int shortSize;
  private double shortSum;

  /** Complete blocks, a ring: sums and sums of squares; oldest at {@code blockNext} once full. */
  private double[] blockSums = new double[4];

  private double[] blockSquares = new double[4];
  private int blockNext;
  private int blockCount;

  /** Sum and sum of squares over the complete blocks, recomputed whenever a block joins. */
  private double completeSum;

  private double completeSquares;

  /** The current (incomplete) block. */
  private double partSum;

  private double partSquares;
  private int partSize;

  LikelihoodEstimator(int shortAverage, int historyLength, double stdFloorFraction, double floor) {
    this.shortRing = new double[shortAverage];
    this.block = (historyLength + BLOCKS - 1) / BLOCKS;
    this.blocks = (historyLength + block - 1) / block;
    this.stdFloorFraction = stdFloorFraction;
    this.stdFloorAbsolute = floor;
  }

  /**
   * Adds a raw score and returns the likelihood of the recent scores before it joined the baseline.
   */
  double update(double raw) {
    if (shortSize == shortRing.length) {
      shortSum -= shortRing[shortNext];
    } else {
      shortSize++;
    }
    shortRing[shortNext] = raw;
    if (++shortNext == shortRing.length) {
      shortNext = 0;
    }
    shortSum += raw;
    double average = shortSum / shortSize;

    double likelihood = 0;
    int historySize = blockCount * block + partSize;
    if (historySize >= MIN_HISTORY) {
      double mean = (completeSum + partSum) / historySize;
      double variance = Math.max(0, (completeSquares + partSquares) / historySize - mean * mean);
      double std =
          Math.max(Math.sqrt(variance), stdFloorFraction * Math.abs(mean) + stdFloorAbsolute);
      double tail = TailProbability.upper((average - mean) / std);
      likelihood = Math.max(0, Math.min(1, Math.log(tail + 1e-10) / LOG_EPSILON));
    }
    addToHistory(average);
    return likelihood;
  }

  private void addToHistory(double average) {
    partSum += average;
    partSquares += average * average;
    if (++partSize < block) {
      return;
    }
    if (blockCount < blocks) {
      if (blockCount == blockSums.length) {
        // not yet wrapped (blockNext == blockCount): a longer copy keeps the order
        int length = Math.min(blocks, 2 * blockSums.length);
        blockSums = Arrays.copyOf(blockSums, length);
        blockSquares = Arrays.copyOf(blockSquares, length);
      }
      blockCount++;
    }
    blockSums[blockNext] = partSum;
    blockSquares[blockNext] = partSquares;
    if (++blockNext == blocks) {
      blockNext = 0;
    }
    partSum = 0;
    partSquares = 0;
    partSize = 0;
    completeSum = 0;
    completeSquares = 0;
    for (int i = 0; i < blockCount; i++) {
      completeSum += blockSums[i];
      completeSquares += blockSquares[i];
    }
  }

  /** Averages in the baseline now (for tests). */
  int historySize() {
    return blockCount * block + partSize;
  }
}
