package dev.airtrace.topics.gateway;

import dev.airtrace.core.AnomalyMark;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.Reading;
import dev.airtrace.core.integrity.BatchRef;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The value of the readings topic ({@code airtrace.gateway.readings.v1}): a reading the gateway
 * accepted, its place in the gateway's Merkle batch when integrity is on, the gateway's anomaly
 * verdicts on its values and its QC flags (both annotations outside the reading and its leaf).
 * Immutable.
 *
 * @param reading the reading, units normalised, corrections applied
 * @param batch its place in the gateway batch, or {@code null} when integrity is off
 * @param anomalies the anomaly marks of its values, possibly empty
 * @param qc the QC flags of its values, at most one per quantity; empty when the gateway ran no QC
 *     (every value then counts as not evaluated)
 */
public record AcceptedReading(
    Reading reading, BatchRef batch, List<AnomalyMark> anomalies, List<QcMark> qc) {
  public AcceptedReading {
    Objects.requireNonNull(reading, "reading");
    anomalies = List.copyOf(anomalies);
    qc = List.copyOf(qc);
  }

  /** A reading with its batch place and anomaly marks but no QC flags. */
  public AcceptedReading(Reading reading, BatchRef batch, List<AnomalyMark> anomalies) {
    this(reading, batch, anomalies, List.of());
  }

  /** A reading with no batch place, no anomaly marks and no QC flags. */
  public static AcceptedReading of(Reading reading) {
    return new AcceptedReading(reading, null, List.of(), List.of());
  }

  /** The batch place, empty when integrity is off. */
  public Optional<BatchRef> batchRef() {
    return Optional.ofNullable(batch);
  }

  /** The QC mark of one value, empty when the value was not evaluated. */
  public Optional<QcMark> qc(Quantity quantity) {
    for (QcMark m : qc) {
      if (m.quantity() == quantity) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  /** Whether the value of {@code quantity} failed QC (flag 4) and so is left out of averages. */
  public boolean failedQc(Quantity quantity) {
    return qc(quantity).map(QcMark::failed).orElse(false);
  }
}
