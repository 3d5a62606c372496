package dev.airtrace.simulator;

import dev.airtrace.core.deadletter.RejectReason;

/** What a planned message is, and what the gateway is expected to do with it. */
public enum MessageKind {
  /** A regular reading, published at its event time: accepted. */
  READING(null),
  /** A regular reading published after its hour, within the processor's grace: accepted. */
  LATE_WITHIN_GRACE(null),
  /** A regular reading published after the processor's grace: accepted by the gateway. */
  LATE_BEYOND_GRACE(null),
  /** A byte-identical second copy of an accepted reading. */
  DUPLICATE(RejectReason.DUPLICATE),
  /** A payload cut in half. */
  MALFORMED_JSON(RejectReason.MALFORMED_PAYLOAD),
  /** A quantity renamed to one airtrace does not know. */
  UNKNOWN_QUANTITY(RejectReason.UNKNOWN_QUANTITY),
  /** A value with a unit that cannot be converted. */
  UNSUPPORTED_UNIT(RejectReason.UNSUPPORTED_UNIT),
  /** A PM2.5 value beyond the plausible range. */
  OUT_OF_RANGE(RejectReason.OUT_OF_RANGE),
  /** An event time a year after the simulated period. */
  FUTURE_TIME(RejectReason.TIME_IN_FUTURE);

  private final RejectReason expectedRejection;

  MessageKind(RejectReason expectedRejection) {
    this.expectedRejection = expectedRejection;
  }

  /** The dead-letter reason the gateway should give, or {@code null} if it should accept. */
  public RejectReason expectedRejection() {
    return expectedRejection;
  }

  /** Whether the gateway should accept the message's reading. */
  public boolean expectedAccepted() {
    return expectedRejection == null;
  }
}
