package dev.airtrace.core.codec;

import dev.airtrace.core.deadletter.RejectReason;
import dev.airtrace.core.integrity.Jcs;

/**
 * The ranges of a reading's integers that its Merkle leaf can carry (RFC 8785 numbers are doubles,
 * see {@code LeafEncoding}): checked at decode time, so a payload outside them is one dead letter
 * and never reaches the sequence tracker or the Merkle batcher, which would otherwise fail on it.
 */
final class LeafBounds {
  /** Largest sequence number: {@code 2^53 - 1}. */
  static final long MAX_SEQUENCE = Jcs.MAX_SAFE_INTEGER;

  /** Largest event-time magnitude, epoch milliseconds: {@code 2^53 - 1} (about 285,000 years). */
  static final long MAX_ABS_EVENT_TIME = Jcs.MAX_SAFE_INTEGER;

  private LeafBounds() {}

  /** {@code seq} if it is within {@code [0, 2^53-1]}; else {@link RejectReason#OUT_OF_RANGE}. */
  static long sequence(long seq, String field) {
    if (seq < 0 || seq > MAX_SEQUENCE) {
      throw new CodecException(
          RejectReason.OUT_OF_RANGE,
          field
              + " = "
              + seq
              + " is outside [0, 2^53-1 = "
              + MAX_SEQUENCE
              + "], the sequence numbers a Merkle leaf can carry");
    }
    return seq;
  }

  /**
   * {@code millis} if its magnitude is at most {@code 2^53-1}; else {@link
   * RejectReason#OUT_OF_RANGE}.
   */
  static long eventTime(long millis, String field) {
    if (millis > MAX_ABS_EVENT_TIME || millis < -MAX_ABS_EVENT_TIME) {
      throw new CodecException(
          RejectReason.OUT_OF_RANGE,
          field
              + " = "
              + millis
              + " ms is outside +-(2^53-1) ms since 1970, the event times a Merkle leaf can"
              + " carry");
    }
    return millis;
  }
}
