package dev.airtrace.verify;

/**
 * The answer of a verification, with the process exit code the {@code verify} command uses for it.
 */
public enum Verdict {
  /** Every check passed and the anchoring block is final. */
  VALID(0),
  /** A check failed in a way that cannot change later: the proof does not hold. */
  INVALID(1),
  /**
   * No decision yet: the anchoring block is not final, the node is unreachable or answered an
   * error, or two endpoints disagree. Retrying later may decide it.
   */
  CANNOT_DECIDE(2);

  private final int exitCode;

  Verdict(int exitCode) {
    this.exitCode = exitCode;
  }

  /** 0 valid, 1 invalid, 2 cannot decide. */
  public int exitCode() {
    return exitCode;
  }
}
