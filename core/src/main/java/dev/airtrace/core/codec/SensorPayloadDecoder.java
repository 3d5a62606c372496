package dev.airtrace.core.codec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airtrace.core.GatewayId;
import dev.airtrace.core.Reading;
import dev.airtrace.core.deadletter.RejectReason;
import java.util.List;
import java.util.Objects;

/**
 * Decodes what a sensor published on a {@link SensorTopic} into {@link Reading}s stamped with the
 * receiving gateway and receive time. The topic's format level selects the decoder:
 *
 * <ul>
 *   <li>{@link PayloadFormat#JSON}: airtrace's JSON object, one reading per payload;
 *   <li>{@link PayloadFormat#SENML}: a SenML JSON pack (RFC 8428), one reading per distinct
 *       resolved time, each carrying its own {@code seq} record.
 * </ul>
 *
 * <p>Site and device always come from the topic. Values are converted to their quantity's canonical
 * unit; quantity aliases are resolved to canonical codes. The decoder checks shape, identifiers,
 * units and finiteness only: plausible ranges and event-time bounds are {@code ReadingValidator}'s
 * job, duplicates and gaps {@code SequenceTracker}'s. The full format is documented in {@code
 * docs/mqtt.md}.
 *
 * <p>Every failure is a {@link CodecException} whose {@link CodecException#reason()} classifies it:
 * {@link RejectReason#PAYLOAD_TOO_LARGE} (over {@link PayloadLimits#maxPayloadBytes()} bytes, or
 * more than {@link PayloadLimits#maxReadingsPerMessage()} readings), {@link
 * RejectReason#MALFORMED_PAYLOAD} (empty, not UTF-8 JSON), {@link RejectReason#SCHEMA_VIOLATION}
 * (including a SenML pack whose records name more than one device), {@link
 * RejectReason#INVALID_IDENTIFIER}, {@link RejectReason#UNKNOWN_QUANTITY}, {@link
 * RejectReason#UNSUPPORTED_UNIT} or {@link RejectReason#OUT_OF_RANGE} (a number that is not finite,
 * coordinates off the globe, a sequence number outside {@code [0, 2^53-1]} or an event time outside
 * {@code +-(2^53-1)} ms, the ranges the Merkle leaf can carry). No other exception escapes for any
 * byte string, and every reading it returns can be encoded as a Merkle leaf.
 *
 * <p>Stateless and thread-safe: one instance may serve every gateway worker.
 */
public final class SensorPayloadDecoder {
  private final PayloadLimits limits;

  /** A decoder with {@link PayloadLimits#defaults()}. */
  public SensorPayloadDecoder() {
    this(PayloadLimits.defaults());
  }

  /** A decoder that refuses payloads beyond {@code limits}. */
  public SensorPayloadDecoder(PayloadLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /** The limits this decoder applies. */
  public PayloadLimits limits() {
    return limits;
  }

  /**
   * Decodes one MQTT payload.
   *
   * @param topic the parsed topic the payload arrived on; authoritative for site and device
   * @param payload the raw bytes ({@code null} counts as empty)
   * @param gateway the receiving gateway, stamped on every reading
   * @param receivedAtMillis when the gateway received the payload, epoch ms UTC; also "now" for
   *     SenML relative times
   * @return the readings in ascending event time; never empty
   * @throws CodecException on any failure, with the reason that classifies it
   * @throws NullPointerException when {@code topic} or {@code gateway} is null
   */
  public List<Reading> decode(
      SensorTopic topic, byte[] payload, GatewayId gateway, long receivedAtMillis) {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(gateway, "gateway");
    return decodeParsed(topic, parse(payload), gateway, receivedAtMillis);
  }

  /**
   * The first half of {@link #decode(SensorTopic, byte[], GatewayId, long)}: the payload size
   * limit, strict UTF-8 and JSON syntax. For callers that look at the JSON before decoding it (the
   * gateway's device-signature check), so that each payload is parsed once.
   *
   * @param payload the raw bytes ({@code null} counts as empty)
   * @return the JSON value, to be handed to {@link #decodeParsed} unmodified
   * @throws CodecException with {@link RejectReason#PAYLOAD_TOO_LARGE} or {@link
   *     RejectReason#MALFORMED_PAYLOAD}
   */
  public JsonNode parse(byte[] payload) {
    return Payloads.parse(payload, limits.maxPayloadBytes());
  }

  /**
   * The second half of {@link #decode(SensorTopic, byte[], GatewayId, long)}: decodes a payload
   * that {@link #parse} returned, with the same results and failures as decoding the bytes.
   *
   * @throws CodecException on any failure, with the reason that classifies it
   * @throws NullPointerException when an argument other than {@code receivedAtMillis} is null
   */
  public List<Reading> decodeParsed(
      SensorTopic topic, JsonNode root, GatewayId gateway, long receivedAtMillis) {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(gateway, "gateway");
    return switch (topic.format()) {
      case JSON -> AirtraceJsonDecoder.decode(topic, root, gateway, receivedAtMillis);
      case SENML ->
          SenmlDecoder.decode(
              topic, root, gateway, receivedAtMillis, limits.maxReadingsPerMessage());
    };
  }
}
