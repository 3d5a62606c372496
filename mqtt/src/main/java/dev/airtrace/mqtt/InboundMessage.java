package dev.airtrace.mqtt;

import java.util.Objects;

/**
 * One message an {@link MqttIntake} received, waiting to be processed and then {@linkplain
 * MqttIntake#acknowledge acknowledged}.
 *
 * <p>Ownership: the intake hands the message, including its payload array, to its single consumer;
 * the array is not copied, so the consumer must not modify it. Immutable otherwise and safe to pass
 * between threads.
 */
public final class InboundMessage {
  private final String topic;
  private final byte[] payload;
  private final boolean redelivered;
  private final long receivedAtMillis;
  private final long deliveryTag;

  /**
   * @param topic the MQTT topic it was published to
   * @param payload the raw bytes (not copied)
   * @param redelivered whether the broker flagged it as a redelivery (MQTT DUP flag)
   * @param receivedAtMillis when the intake received it, epoch ms UTC
   * @param deliveryTag opaque value by which the issuing intake recognises the message when it is
   *     acknowledged; meaningless to anyone else
   */
  public InboundMessage(
      String topic, byte[] payload, boolean redelivered, long receivedAtMillis, long deliveryTag) {
    this.topic = Objects.requireNonNull(topic, "topic");
    this.payload = Objects.requireNonNull(payload, "payload");
    this.redelivered = redelivered;
    this.receivedAtMillis = receivedAtMillis;
    this.deliveryTag = deliveryTag;
  }

  /** The MQTT topic it was published to. */
  public String topic() {
    return topic;
  }

  /** The raw payload; shared, do not modify. */
  public byte[] payload() {
    return payload;
  }

  /** Whether the broker flagged it as a redelivery of a message it sent before (DUP flag). */
  public boolean redelivered() {
    return redelivered;
  }

  /** When the intake received it, epoch milliseconds UTC. */
  public long receivedAtMillis() {
    return receivedAtMillis;
  }

  /** The issuing intake's opaque tag for {@link MqttIntake#acknowledge}. */
  public long deliveryTag() {
    return deliveryTag;
  }

  @Override
  public String toString() {
    return "InboundMessage[" + topic + ", " + payload.length + " bytes]";
  }
}
