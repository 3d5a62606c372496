package dev.airtrace.simulator;

import dev.airtrace.core.DeviceId;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.SiteId;
import dev.airtrace.core.codec.PayloadFormat;
import dev.airtrace.core.deadletter.RejectReason;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * One message of a {@link SimulationPlan}: what is published, where, and what the gateway should
 * make of it. Immutable; {@link #payload()} returns a copy.
 *
 * @param index position in publish order, from 0
 * @param topic the MQTT topic
 * @param payload the exact bytes published
 * @param siteId the device's site
 * @param deviceId the publishing device
 * @param format the payload format
 * @param sequence the device's sequence number of the reading
 * @param eventTime the reading's event time, epoch ms (for {@link MessageKind#FUTURE_TIME} the
 *     future time written into the payload)
 * @param values what the device measured, canonical units; for an accepted message exactly what the
 *     gateway's reading must carry
 * @param kind what the message is
 * @param publishAt the simulated time at which it is published, epoch ms; messages are published in
 *     this order
 */
public record PlannedMessage(
    int index,
    String topic,
    byte[] payload,
    SiteId siteId,
    DeviceId deviceId,
    PayloadFormat format,
    long sequence,
    long eventTime,
    Map<Quantity, Double> values,
    MessageKind kind,
    long publishAt) {

  public PlannedMessage {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(siteId, "siteId");
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(kind, "kind");
    payload = payload.clone();
    values = Collections.unmodifiableMap(new EnumMap<>(values));
  }

  @Override
  public byte[] payload() {
    return payload.clone();
  }

  /** The payload without a copy, for publishing. */
  byte[] payloadShared() {
    return payload;
  }

  /** Whether the gateway should accept it. */
  public boolean expectedAccepted() {
    return kind.expectedAccepted();
  }

  /** The dead-letter reason the gateway should give, or {@code null}. */
  public RejectReason expectedRejection() {
    return kind.expectedRejection();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PlannedMessage m
        && index == m.index
        && topic.equals(m.topic)
        && Arrays.equals(payload, m.payload)
        && siteId.equals(m.siteId)
        && deviceId.equals(m.deviceId)
        && format == m.format
        && sequence == m.sequence
        && eventTime == m.eventTime
        && values.equals(m.values)
        && kind == m.kind
        && publishAt == m.publishAt;
  }

  @Override
  public int hashCode() {
    return Objects.hash(index, topic, Arrays.hashCode(payload), deviceId, sequence, kind);
  }

  @Override
  public String toString() {
    return "PlannedMessage[#"
        + index
        + " "
        + kind
        + " "
        + deviceId
        + " seq "
        + sequence
        + " on "
        + topic
        + "]";
  }
}
