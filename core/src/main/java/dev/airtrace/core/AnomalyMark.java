package dev.airtrace.core;

import java.util.Objects;

/**
 * The gateway's verdict that one value of a reading is anomalous, as written next to the reading on
 * the readings topic ({@code "anomalies"}). It is an annotation, not a measurement: it is derived
 * from the device's history by a model that may change, so it is not part of the reading's Merkle
 * leaf (a re-scored reading keeps its proof). Immutable.
 *
 * @param quantity the flagged value's quantity
 * @param rawScore the detector's raw score (higher = more anomalous), finite
 * @param likelihood the calibrated anomaly likelihood in {@code [0, 1]}
 * @param model {@code name@version} of the model that scored it
 */
public record AnomalyMark(Quantity quantity, double rawScore, double likelihood, String model) {
  public AnomalyMark {
    Objects.requireNonNull(quantity, "quantity");
    Objects.requireNonNull(model, "model");
    if (!Double.isFinite(rawScore)) {
      throw new IllegalArgumentException("rawScore must be finite but was " + rawScore);
    }
    if (!(likelihood >= 0 && likelihood <= 1)) {
      throw new IllegalArgumentException("likelihood must be in [0, 1] but was " + likelihood);
    }
  }
}
