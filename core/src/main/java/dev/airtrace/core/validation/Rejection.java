package dev.airtrace.core.validation;

import dev.airtrace.core.deadletter.RejectReason;
import java.util.Objects;

/**
 * Why a decoded reading was refused: the reason code and a detail sentence for the dead letter.
 *
 * @param reason the machine-readable reason
 * @param detail one sentence an operator can act on, naming the field and the offending value
 */
public record Rejection(RejectReason reason, String detail) {
  public Rejection {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(detail, "detail");
  }
}
