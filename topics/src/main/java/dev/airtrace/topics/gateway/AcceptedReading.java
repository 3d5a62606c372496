package dev.airtrace.topics.gateway;

import dev.airtrace.core.AnomalyMark;
import dev.airtrace.core.Reading;
import dev.airtrace.core.integrity.BatchRef;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The value of the readings topic ({@code airtrace.gateway.readings.v1}): a reading the gateway
 * accepted, its place in the gateway's Merkle batch when integrity is on, and the gateway's anomaly
 * verdicts on its values (an annotation outside the reading and its leaf). Immutable.
 *
 * @param reading the reading, units normalised, corrections applied
 * @param batch its place in the gateway batch, or {@code null} when integrity is off
 * @param anomalies the anomaly marks of its values, possibly empty
 */
public record AcceptedReading(Reading reading, BatchRef batch, List<AnomalyMark> anomalies) {
  public AcceptedReading {
    Objects.requireNonNull(reading, "reading");
    anomalies = List.copyOf(anomalies);
  }

  /** A reading with no batch place and no anomaly marks. */
  public static AcceptedReading of(Reading reading) {
    return new AcceptedReading(reading, null, List.of());
  }

  /** The batch place, empty when integrity is off. */
  public Optional<BatchRef> batchRef() {
    return Optional.ofNullable(batch);
  }
}
