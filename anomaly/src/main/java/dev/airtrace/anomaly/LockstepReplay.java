package dev.airtrace.anomaly;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replays recorded series through a detector in lockstep: call k passes the k-th value of every
 * series that has one, so each model run batches across series exactly as a gateway batches across
 * sensors. Causal by construction: a value is never seen before the calls for the earlier values of
 * its series have returned.
 */
public final class LockstepReplay {
  /** The quantity name used in the replayed series' keys. */
  public static final String QUANTITY = "value";

  private LockstepReplay() {}

  /**
   * Runs every series through {@code detector} and returns the verdicts' likelihoods, one per
   * value, by series name (in the order given).
   */
  public static Map<String, double[]> likelihoods(
      StreamingAnomalyDetector detector, List<ReplaySeries> series) {
    Map<String, double[]> out = new LinkedHashMap<>();
    SeriesKey[] keys = new SeriesKey[series.size()];
    double[][] scores = new double[series.size()][];
    int longest = 0;
    for (int s = 0; s < series.size(); s++) {
      ReplaySeries r = series.get(s);
      keys[s] = new SeriesKey(r.name(), QUANTITY);
      scores[s] = new double[r.values().length];
      out.put(r.name(), scores[s]);
      longest = Math.max(longest, r.values().length);
    }
    List<Observation> batch = new ArrayList<>(series.size());
    int[] owner = new int[series.size()];
    for (int k = 0; k < longest; k++) {
      batch.clear();
      for (int s = 0; s < series.size(); s++) {
        ReplaySeries r = series.get(s);
        if (k < r.values().length) {
          owner[batch.size()] = s;
          batch.add(new Observation(keys[s], r.timesMillis()[k], r.values()[k]));
        }
      }
      List<AnomalyVerdict> verdicts = detector.observe(batch);
      for (int i = 0; i < verdicts.size(); i++) {
        scores[owner[i]][k] = verdicts.get(i).likelihood();
      }
    }
    return out;
  }
}
