package dev.airtrace.anomaly;

import java.util.Objects;

/**
 * The detector's verdict on one {@link Observation}. Every observation gets exactly one verdict; a
 * flagged reading is marked, never dropped.
 *
 * @param key the series
 * @param eventTimeMillis the observation's event time, epoch milliseconds
 * @param value the observed value
 * @param rawScore the combined raw anomaly score of this observation ({@code >= 0}, higher = more
 *     unusual; the model's window score mixed with the statistical evidence), {@code 0} while the
 *     series has no full window yet
 * @param likelihood the verdict's anomaly score in {@code [0, 1]}, the larger of two: a fault
 *     rule's score ({@code >= 0.5}, see {@link FaultRuleConfig}) and the scored likelihood (how
 *     improbable the recent raw scores are under this series' own recent baseline, on a log scale,
 *     0.5 ≈ a tail probability of one in 100,000) times {@link FaultRuleConfig#likelihoodScale()}.
 *     The scored part is {@code 0} during the series' warm-up and while an earlier alert of the
 *     same series is being held off (see {@link AnomalyConfig#suppression()}), so a threshold on it
 *     gives one alert per event
 * @param anomalous whether a fault rule fired or the unscaled scored likelihood reached {@link
 *     AnomalyConfig#threshold()}
 * @param modelId the model that scored the window, {@code name@version}; {@code "none"} when the
 *     series had no full window yet
 * @param accelerator the backend token the model ran on ({@code ort-cpu}, {@code ort-cuda:0},
 *     {@code tensorrt:0}); {@code "none"} when no model ran
 * @param fault the suspected sensor fault when {@code anomalous} ({@link SuspectedFault#NONE}
 *     otherwise): a rule's fault type, or {@link SuspectedFault#UNUSUAL} when only the likelihood
 *     fired; a rule's alarm has likelihood 1
 * @param evidence what made the verdict anomalous, for an operator (the rule's numbers, or the
 *     likelihood and raw score); empty when not anomalous
 */
public record AnomalyVerdict(
    SeriesKey key,
    long eventTimeMillis,
    double value,
    double rawScore,
    double likelihood,
    boolean anomalous,
    String modelId,
    String accelerator,
    SuspectedFault fault,
    String evidence) {

  /** Model id and accelerator of verdicts for which no model ran (warm-up). */
  public static final String NONE = "none";

  public AnomalyVerdict {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(modelId, "modelId");
    Objects.requireNonNull(accelerator, "accelerator");
    Objects.requireNonNull(fault, "fault");
    Objects.requireNonNull(evidence, "evidence");
    if (anomalous == (fault == SuspectedFault.NONE)) {
      throw new IllegalArgumentException(
          key + ": an anomalous verdict names a fault, a normal one none, but was " + fault);
    }
    if (!(likelihood >= 0.0 && likelihood <= 1.0)) {
      throw new IllegalArgumentException(
          key + ": likelihood must be in [0,1] but was " + likelihood);
    }
    if (!(rawScore >= 0.0)) {
      throw new IllegalArgumentException(key + ": rawScore must be >= 0 but was " + rawScore);
    }
  }
}
