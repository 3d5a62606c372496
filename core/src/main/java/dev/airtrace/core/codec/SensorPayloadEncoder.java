package dev.airtrace.core.codec;

import dev.airtrace.core.DeviceId;

/**
 * Encodes a {@link SensorMessage} the way a sensor publishes it, in either payload format (see
 * {@code docs/mqtt.md}). Values are written in their quantity's canonical unit, so {@link
 * SensorPayloadDecoder} reads back exactly the same message. Stateless and thread-safe.
 */
public final class SensorPayloadEncoder {
  private SensorPayloadEncoder() {}

  /** The message in airtrace JSON sensor format, UTF-8. */
  public static byte[] json(SensorMessage m) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /** The message as a SenML JSON pack (RFC 8428), UTF-8, base name {@code <device>/}. */
  public static byte[] senml(DeviceId device, SensorMessage m) {
    throw new UnsupportedOperationException("not implemented yet");
  }
}
