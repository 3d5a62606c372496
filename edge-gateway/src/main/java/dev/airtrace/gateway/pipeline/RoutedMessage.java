package dev.airtrace.gateway.pipeline;

import dev.airtrace.core.DeviceId;
import dev.airtrace.core.Reading;
import dev.airtrace.core.deadletter.DeadLetter;
import java.util.List;

/**
 * What became of one MQTT message: the readings to publish and the dead letters to publish.
 * Immutable.
 *
 * @param deviceId the device named by the topic, or {@code null} if the topic named none validly
 *     (the Kafka key of every record the message produces)
 * @param accepted readings that passed every check, in payload order
 * @param deadLetters rejects: at most one per reading, or exactly one for the whole message when it
 *     could not be decoded
 * @param gapsDetected sequence numbers found missing by this message's readings
 */
public record RoutedMessage(
    DeviceId deviceId, List<Reading> accepted, List<DeadLetter> deadLetters, long gapsDetected) {
  public RoutedMessage {
    accepted = List.copyOf(accepted);
    deadLetters = List.copyOf(deadLetters);
  }

  /** The Kafka key: the device id, or {@code null} when unknown. */
  public String key() {
    return deviceId == null ? null : deviceId.value();
  }
}
