package dev.airtrace.gateway.pipeline;

import dev.airtrace.core.DeviceId;
import dev.airtrace.core.Reading;
import dev.airtrace.core.deadletter.DeadLetter;
import java.util.List;

/**
 * The verdict of {@link MessageAdmission} on one MQTT message: the readings it admitted and the
 * dead letters of what it rejected, both to be published. Immutable.
 *
 * @param deviceId the device named by the topic, or {@code null} if the topic named none validly
 *     (the Kafka key of every record the message produces)
 * @param accepted readings that passed every check, in payload order
 * @param deadLetters rejects: at most one per reading, or exactly one for the whole message when it
 *     could not be decoded
 * @param gapsDetected sequence numbers found missing by this message's readings
 */
public record AdmissionVerdict(
    DeviceId deviceId, List<Reading> accepted, List<DeadLetter> deadLetters, long gapsDetected) {
  public AdmissionVerdict {
    accepted = List.copyOf(accepted);
    deadLetters = List.copyOf(deadLetters);
  }

  /** The Kafka key: the device id, or {@code null} when unknown. */
  public String key() {
    return deviceId == null ? null : deviceId.value();
  }
}
