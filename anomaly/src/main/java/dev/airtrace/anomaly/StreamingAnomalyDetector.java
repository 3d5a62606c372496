package dev.airtrace.anomaly;

import java.util.List;

/**
 * Causal streaming anomaly detection over many series at once (one detector per gateway, or per NAB
 * run). For each observation it updates that series' state (online normaliser, window, raw score
 * baseline) and returns a verdict; no verdict ever depends on a later observation.
 *
 * <p><b>Batching.</b> {@link #observe} scores every series of the batch that has a full window in
 * one model run, so a gateway that collects the readings of many sensors into one call pays one
 * inference per call, not one per reading. The verdict of an observation does not depend on which
 * other series share its batch: feeding series one by one gives the same verdicts.
 *
 * <p><b>Ordering.</b> Observations of one series are processed in the order they appear in the
 * batch (and in call order across calls). A batch may hold several observations of the same series;
 * they are then processed in rounds (the k-th observation of each series in the k-th model run),
 * which gives the same verdicts as separate calls. Event times are carried, not used for ordering:
 * the caller delivers each series in time order.
 *
 * <p><b>Models.</b> The detector leases the current version of its {@link
 * dev.airtrace.inference.LiveModel} for each model run, so a new model version dropped into the
 * repository is used from the next call without a restart; every verdict names the model and
 * accelerator that produced it.
 *
 * <p><b>Threading.</b> Not thread-safe: one owner thread calls {@link #observe}, {@link #forget}
 * and {@link #close}. The live model may be reloaded concurrently by its repository's thread.
 */
public interface StreamingAnomalyDetector extends AutoCloseable {

  /**
   * Processes one batch.
   *
   * @param batch observations, any number of series, possibly several per series (see ordering)
   * @return one verdict per observation, in the batch's order
   * @throws dev.airtrace.inference.InferenceException when the model run fails; the state of every
   *     series is then unchanged, so the caller may retry the batch
   */
  List<AnomalyVerdict> observe(List<Observation> batch);

  /** How many series the detector currently keeps state for. */
  int seriesCount();

  /**
   * Series whose state was released so far because they were idle ({@link
   * AnomalyConfig#idleRelease()}) or beyond {@link AnomalyConfig#maxSeries()}; each re-learns from
   * scratch if it is observed again.
   */
  long seriesReleased();

  /** Drops the state of a series (a decommissioned sensor); its next observation starts afresh. */
  void forget(SeriesKey key);

  /** Releases what the detector holds; the live model stays open (its owner closes it). */
  @Override
  void close();
}
