package dev.airtrace.core.integrity;

import java.util.Objects;

/**
 * The verdict of {@link AnchorProof#verifyMerkle()}: valid, or the first check that failed and a
 * one-line reason a person can act on. Immutable.
 *
 * @param failure {@code null} when valid
 * @param reason {@code "valid"} or what failed, with the values that disagreed
 */
public record MerkleCheck(Failure failure, String reason) {
  /** Which offline check failed. */
  public enum Failure {
    /** The proof does not have exactly two levels (reading in batch, batch in epoch). */
    LEVEL_COUNT,
    /** The leaf is not RFC 8785 canonical JSON, or not a reading record. */
    LEAF_NOT_CANONICAL,
    /** The reading leaf names a different gateway than the batch header. */
    GATEWAY_MISMATCH,
    /** Level 0 is malformed, or its size differs from the batch header's size. */
    BATCH_PATH_MALFORMED,
    /** Level 0 does not lead from the leaf to the batch header's root. */
    BATCH_ROOT_MISMATCH,
    /** The batch header's canonical bytes differ from {@code epochLeaf}. */
    EPOCH_LEAF_MISMATCH,
    /** Level 1 is malformed, or its size differs from the epoch's size. */
    EPOCH_PATH_MALFORMED,
    /** Level 1 does not lead from the epoch leaf to the epoch root. */
    EPOCH_ROOT_MISMATCH,
    /** A gateway key was given but the header carries no signature. */
    SIGNATURE_MISSING,
    /** The header's signature does not verify under the given gateway key. */
    SIGNATURE_INVALID
  }

  private static final MerkleCheck VALID = new MerkleCheck(null, "valid");

  public MerkleCheck {
    Objects.requireNonNull(reason, "reason");
  }

  /** The valid verdict. */
  public static MerkleCheck valid() {
    return VALID;
  }

  /** A failed verdict. */
  public static MerkleCheck invalid(Failure failure, String reason) {
    return new MerkleCheck(Objects.requireNonNull(failure, "failure"), reason);
  }

  /** Whether every check passed. */
  public boolean isValid() {
    return failure == null;
  }
}
