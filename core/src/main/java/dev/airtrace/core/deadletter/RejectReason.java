package dev.airtrace.core.deadletter;

/**
 * Why an input was rejected. The names are a stable contract: dashboards and alerts match on them.
 */
public enum RejectReason {
  /** The bytes are not valid UTF-8 JSON (or SenML JSON) at all. */
  MALFORMED_PAYLOAD,
  /** The payload parsed but does not have the documented shape (wrong types, missing fields). */
  SCHEMA_VIOLATION,
  /** The MQTT topic does not follow the documented scheme, or names an unsupported format. */
  UNSUPPORTED_TOPIC,
  /** A device, site or gateway id is not a valid identifier, or contradicts the MQTT topic. */
  INVALID_IDENTIFIER,
  /** A measurement names a quantity airtrace does not know. */
  UNKNOWN_QUANTITY,
  /** A measurement's unit is unknown or cannot be converted to the quantity's canonical unit. */
  UNSUPPORTED_UNIT,
  /**
   * A value is not finite or lies outside the quantity's plausible range, or a sequence number or
   * event time lies outside what the Merkle leaf encoding can carry ({@code [0, 2^53-1]}, {@code
   * +-(2^53-1)} ms).
   */
  OUT_OF_RANGE,
  /** The event time lies further in the future than the configured tolerance. */
  TIME_IN_FUTURE,
  /** The event time lies further in the past than the configured maximum age. */
  TIME_TOO_OLD,
  /** The (device, sequence) pair was already accepted. */
  DUPLICATE,
  /**
   * The reading arrived too late to be aggregated: in the stream processor, more than the late
   * horizon (default 7 days) of event time behind the newest reading of its site.
   */
  LATE_BEYOND_GRACE,
  /** A Kafka record could not be decoded as the topic's documented schema. */
  UNDECODABLE_RECORD,
  /**
   * The payload's device signature ({@code "sig"}) is malformed or does not verify with the
   * device's provisioned key: forged or altered.
   */
  INVALID_SIGNATURE,
  /** The gateway requires device signatures and the payload carries none (or is SenML). */
  MISSING_SIGNATURE,
  /** The gateway requires device signatures and has no public key provisioned for the device. */
  UNKNOWN_DEVICE_KEY,
  /**
   * The payload is larger than the gateway's configured maximum, or carries more readings than the
   * configured maximum per message; the dead letter stores a bounded prefix of it with its size and
   * SHA-256.
   */
  PAYLOAD_TOO_LARGE,
  /**
   * Processing this one input failed unexpectedly (a bug, not a property of the input that airtrace
   * knows to reject); the input is kept for replay after a fix and the service goes on.
   */
  INTERNAL_ERROR,
  /**
   * A gateway batch header has the same {@code gatewayId:seq} as one the anchoring service already
   * took, with another root, size, time range or signature: a gateway must never sign two headers
   * with one seq.
   */
  CONFLICTING_BATCH_HEADER
}
