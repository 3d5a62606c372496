package dev.airtrace.gateway.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airtrace.core.DeviceId;
import dev.airtrace.core.GatewayId;
import dev.airtrace.core.Reading;
import dev.airtrace.core.codec.CodecException;
import dev.airtrace.core.codec.SensorPayloadDecoder;
import dev.airtrace.core.codec.SensorTopic;
import dev.airtrace.core.deadletter.DeadLetter;
import dev.airtrace.core.deadletter.RejectReason;
import dev.airtrace.core.validation.ReadingValidator;
import dev.airtrace.core.validation.Rejection;
import dev.airtrace.core.validation.SequenceTracker;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admits or rejects what one MQTT message carries, reading by reading: {@link SensorTopic#parse} →
 * payload size limit → device signature → {@link SensorPayloadDecoder} (which also bounds readings
 * per message, sequence numbers and event times to what the Merkle leaf can carry) → {@link
 * ReadingValidator} → {@link SequenceTracker}. Every failure becomes a {@link DeadLetter} with the
 * reason, a detail, the source {@code mqtt:<topic>}, the original bytes (a bounded prefix with size
 * and SHA-256 beyond {@link DeadLetter#DEFAULT_MAX_STORED_PAYLOAD_BYTES}) and this gateway's id;
 * nothing is dropped. {@link #admit} never throws for any topic or payload: an unexpected exception
 * (a bug) becomes one {@link RejectReason#INTERNAL_ERROR} dead letter.
 *
 * <p>Each reading of a multi-reading payload (a SenML pack with several times) is validated on its
 * own: valid ones are accepted, each invalid one gets its own dead letter carrying the whole
 * payload. A reading whose (device, sequence) was accepted before is dead-lettered as {@link
 * RejectReason#DUPLICATE}; that includes MQTT redeliveries after a reconnect, whose detail says so.
 * A lower sequence number stamped later than the device's latest reading is a counter reset (see
 * {@link dev.airtrace.core.validation.CounterResetRule}): accepted and counted by {@link
 * #counterResets()}.
 *
 * <p>Not thread-safe (the sequence tracker is stateful): owned by the gateway's worker thread.
 */
public final class MessageAdmission {
  private static final Logger LOG = LoggerFactory.getLogger(MessageAdmission.class);

  private final GatewayId gatewayId;
  private final SensorPayloadDecoder decoder;
  private final ReadingValidator validator;
  private final SequenceTracker sequences;
  private final Clock clock;
  private final DeviceSignatureCheck signatures;
  private long internalErrors;
  private long restarts;

  /** An admission that does not look at device signatures. */
  public MessageAdmission(
      GatewayId gatewayId,
      SensorPayloadDecoder decoder,
      ReadingValidator validator,
      SequenceTracker sequences,
      Clock clock) {
    this(gatewayId, decoder, validator, sequences, clock, DeviceSignatureCheck.off());
  }

  /** An admission that applies {@code signatures} to every payload before decoding it. */
  public MessageAdmission(
      GatewayId gatewayId,
      SensorPayloadDecoder decoder,
      ReadingValidator validator,
      SequenceTracker sequences,
      Clock clock,
      DeviceSignatureCheck signatures) {
    this.signatures = Objects.requireNonNull(signatures, "signatures");
    this.gatewayId = Objects.requireNonNull(gatewayId, "gatewayId");
    this.decoder = Objects.requireNonNull(decoder, "decoder");
    this.validator = Objects.requireNonNull(validator, "validator");
    this.sequences = Objects.requireNonNull(sequences, "sequences");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Decides which of one message's readings are admitted and dead-letters the rest.
   *
   * @param topic the MQTT topic it arrived on
   * @param payload the original bytes (kept by reference in dead letters' copies only)
   * @param receivedAtMillis when the gateway received it
   * @param redelivered whether the broker flagged it as a redelivery
   */
  public AdmissionVerdict admit(
      String topic, byte[] payload, long receivedAtMillis, boolean redelivered) {
    String source = DeadLetter.mqttSource(topic);
    SensorTopic sensorTopic;
    try {
      sensorTopic = SensorTopic.parse(topic);
    } catch (CodecException e) {
      return rejectAll(null, e.reason(), e.getMessage(), source, payload);
    }
    DeviceId device = sensorTopic.deviceId();
    int maxBytes = decoder.limits().maxPayloadBytes();
    if (payload.length > maxBytes) {
      // Before the signature check, which parses the payload: an oversized one is never read.
      return rejectAll(
          device,
          RejectReason.PAYLOAD_TOO_LARGE,
          "payload has " + payload.length + " bytes, more than the limit of " + maxBytes + " bytes",
          source,
          payload);
    }
    try {
      return admitBounded(sensorTopic, device, payload, source, receivedAtMillis, redelivered);
    } catch (RuntimeException e) {
      // A bug in one message's decoding, validation or bookkeeping must neither stop the gateway
      // nor be redelivered for ever: dead-letter the payload for replay after a fix, make noise.
      internalErrors++;
      LOG.error("admission failed unexpectedly on {} ({} bytes)", topic, payload.length, e);
      return rejectAll(
          device,
          RejectReason.INTERNAL_ERROR,
          "gateway could not admit the payload (internal error: " + e + ")",
          source,
          payload);
    }
  }

  private AdmissionVerdict admitBounded(
      SensorTopic sensorTopic,
      DeviceId device,
      byte[] payload,
      String source,
      long receivedAtMillis,
      boolean redelivered) {
    // Parsed once, for the signature check and the decoder (issue #13: the check used to parse
    // on its own first). A payload that does not parse is left to the decoder's reason, as
    // before, unless the signature policy rejects it on its topic alone (SenML under REQUIRE).
    JsonNode root = null;
    CodecException unparsable = null;
    try {
      root = decoder.parse(payload);
    } catch (CodecException e) {
      unparsable = e;
    }
    if (signatures.inspectsPayloads()) {
      Optional<Rejection> unsigned = signatures.check(sensorTopic, root);
      if (unsigned.isPresent()) {
        return rejectAll(device, unsigned.get().reason(), unsigned.get().detail(), source, payload);
      }
    }
    if (unparsable != null) {
      return rejectAll(device, unparsable.reason(), unparsable.getMessage(), source, payload);
    }
    List<Reading> readings;
    try {
      readings = decoder.decodeParsed(sensorTopic, root, gatewayId, receivedAtMillis);
    } catch (CodecException e) {
      return rejectAll(device, e.reason(), e.getMessage(), source, payload);
    }
    if (readings.isEmpty()) {
      // The decoder promises at least one reading; an empty result must not vanish silently.
      return rejectAll(
          device, RejectReason.SCHEMA_VIOLATION, "payload contains no readings", source, payload);
    }
    List<Reading> accepted = new ArrayList<>(readings.size());
    List<DeadLetter> rejected = new ArrayList<>(1);
    long gaps = 0;
    int n = readings.size();
    for (int i = 0; i < n; i++) {
      Reading reading = readings.get(i);
      String prefix = n == 1 ? "" : "reading " + (i + 1) + " of " + n + ": ";
      Optional<Rejection> rejection = validator.validate(reading);
      if (rejection.isPresent()) {
        rejected.add(
            deadLetter(
                device,
                rejection.get().reason(),
                prefix + rejection.get().detail(),
                source,
                payload));
        continue;
      }
      SequenceTracker.Observation seen =
          sequences.observe(reading.deviceId(), reading.sequence(), reading.eventTime());
      if (seen.duplicate()) {
        rejected.add(
            deadLetter(
                device,
                RejectReason.DUPLICATE,
                prefix
                    + "sequence "
                    + reading.sequence()
                    + " of device "
                    + reading.deviceId()
                    + " at event time "
                    + reading.eventTime()
                    + " was already accepted, or is older than the device's current counter"
                    + " epoch or the duplicate window"
                    + (redelivered ? " (MQTT redelivery after a reconnect)" : ""),
                source,
                payload));
        continue;
      }
      gaps += seen.missedBefore();
      if (seen.restart()) {
        restarts++;
      }
      accepted.add(reading);
    }
    return new AdmissionVerdict(device, accepted, rejected, gaps);
  }

  /** Device counter resets detected so far (a new counter epoch started; nothing dropped). */
  public long counterResets() {
    return restarts;
  }

  /**
   * A dead letter for one reading of a message that failed after admission (the worker's Merkle
   * leaf or record encoding threw): {@link RejectReason#INTERNAL_ERROR}, counted in {@link
   * #internalErrors()}.
   */
  public DeadLetter internalError(String topic, byte[] payload, Reading reading, Exception e) {
    internalErrors++;
    LOG.error(
        "gateway failed unexpectedly on reading {} of device {} from {}",
        reading.sequence(),
        reading.deviceId(),
        topic,
        e);
    return deadLetter(
        reading.deviceId(),
        RejectReason.INTERNAL_ERROR,
        "sequence "
            + reading.sequence()
            + ": gateway could not batch or encode the reading (internal error: "
            + e
            + ")",
        DeadLetter.mqttSource(topic),
        payload);
  }

  /**
   * Unexpected failures (bugs) so far: admission steps that threw something other than a {@link
   * CodecException}, and {@link #internalError} calls.
   */
  public long internalErrors() {
    return internalErrors;
  }

  private AdmissionVerdict rejectAll(
      DeviceId device, RejectReason reason, String detail, String source, byte[] payload) {
    return new AdmissionVerdict(
        device, List.of(), List.of(deadLetter(device, reason, detail, source, payload)), 0);
  }

  private DeadLetter deadLetter(
      DeviceId device, RejectReason reason, String detail, String source, byte[] payload) {
    // bounded(): an oversized payload is not copied whole into each of its dead letters.
    return DeadLetter.bounded(
        reason,
        detail == null ? reason.name() : detail,
        source,
        payload,
        device == null ? null : device.value(),
        gatewayId.value(),
        clock.millis(),
        DeadLetter.DEFAULT_MAX_STORED_PAYLOAD_BYTES);
  }
}
