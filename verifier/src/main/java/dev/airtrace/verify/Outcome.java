package dev.airtrace.verify;

import java.util.Objects;

/** A verdict with its one-line reason; the result of one check or of one endpoint. */
record Outcome(Verdict verdict, String reason) {
  Outcome {
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(reason, "reason");
  }

  static Outcome valid(String reason) {
    return new Outcome(Verdict.VALID, reason);
  }

  static Outcome invalid(String reason) {
    return new Outcome(Verdict.INVALID, reason);
  }

  static Outcome cannotDecide(String reason) {
    return new Outcome(Verdict.CANNOT_DECIDE, reason);
  }
}
