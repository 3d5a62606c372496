package dev.airtrace.core.codec;

import dev.airtrace.core.GatewayId;
import dev.airtrace.core.Reading;
import java.util.List;

/**
 * Decodes what a sensor published on a {@link SensorTopic} into {@link Reading}s stamped with the
 * receiving gateway and receive time. Formats and their rules are documented in {@code
 * docs/mqtt.md}.
 *
 * <p>Stateless and thread-safe: one instance may serve every gateway worker.
 */
public final class SensorPayloadDecoder {
  public SensorPayloadDecoder() {}

  /**
   * Decodes one MQTT payload.
   *
   * @param topic the parsed topic the payload arrived on; authoritative for site and device
   * @param payload the raw bytes
   * @param gateway the receiving gateway, stamped on every reading
   * @param receivedAtMillis when the gateway received the payload, epoch ms UTC
   * @return one reading per distinct event time in the payload; never empty
   * @throws CodecException on any failure, with the reason that classifies it
   */
  public List<Reading> decode(
      SensorTopic topic, byte[] payload, GatewayId gateway, long receivedAtMillis) {
    throw new UnsupportedOperationException("not implemented yet");
  }
}
