package dev.airtrace.anchoring.state;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The persisted state of one epoch; every transition returns a new record, which the anchorer
 * writes to the {@link EpochStore} before it acts on the chain.
 *
 * @param seq epoch number, contiguous from 0; the on-chain {@code seq}
 * @param root epoch tree root, lowercase hex without {@code 0x}
 * @param firstTs earliest {@code firstTs} of the epoch's batch headers, epoch ms
 * @param lastTs latest {@code lastTs} of the epoch's batch headers, epoch ms
 * @param leaves the epoch tree's leaves in tree order ({@link LeafRef#EPOCH_ORDER})
 * @param sealedAtMs when the epoch was sealed, epoch ms
 * @param state the state
 * @param submission the standing transaction; set in SUBMITTED, INCLUDED and FINAL
 * @param inclusion where it was mined; set in INCLUDED and FINAL
 * @param priorTxHashes hashes of earlier variants (fee bumps, re-signs) that may still be mined
 */
public record EpochRecord(
    long seq,
    String root,
    long firstTs,
    long lastTs,
    List<LeafRef> leaves,
    long sealedAtMs,
    EpochState state,
    Submission submission,
    Inclusion inclusion,
    List<String> priorTxHashes) {

  /** Validates that the fields fit the state. */
  public EpochRecord {
    if (seq < 0) {
      throw new IllegalArgumentException("seq must be >= 0, was " + seq);
    }
    if (root == null || root.length() != 64) {
      throw new IllegalArgumentException("root must be 64 hex digits, was " + root);
    }
    HexFormat.of().parseHex(root);
    leaves = List.copyOf(leaves);
    if (leaves.isEmpty()) {
      throw new IllegalArgumentException("an epoch has at least one leaf");
    }
    if (lastTs < firstTs) {
      throw new IllegalArgumentException("lastTs " + lastTs + " < firstTs " + firstTs);
    }
    if (state == null) {
      throw new IllegalArgumentException("state must be set");
    }
    priorTxHashes = priorTxHashes == null ? List.of() : List.copyOf(priorTxHashes);
    boolean needsSubmission = state != EpochState.SEALED;
    boolean needsInclusion = state == EpochState.INCLUDED || state == EpochState.FINAL;
    if (needsSubmission != (submission != null)) {
      throw new IllegalArgumentException(state + " epoch " + seq + ": submission mismatch");
    }
    if (needsInclusion != (inclusion != null)) {
      throw new IllegalArgumentException(state + " epoch " + seq + ": inclusion mismatch");
    }
  }

  /** A freshly sealed epoch. */
  public static EpochRecord sealed(
      long seq, String root, long firstTs, long lastTs, List<LeafRef> leaves, long sealedAtMs) {
    return new EpochRecord(
        seq, root, firstTs, lastTs, leaves, sealedAtMs, EpochState.SEALED, null, null, List.of());
  }

  /** Number of leaves (batch headers). */
  public int leafCount() {
    return leaves.size();
  }

  /** The root as bytes. */
  public byte[] rootBytes() {
    return HexFormat.of().parseHex(root);
  }

  /**
   * SUBMITTED with {@code next} as the standing transaction. A different earlier transaction (fee
   * bump, re-sign) is remembered in {@link #priorTxHashes()} because it may still be mined.
   */
  public EpochRecord submitted(Submission next) {
    List<String> prior = new ArrayList<>(priorTxHashes);
    if (submission != null
        && !submission.txHash().equals(next.txHash())
        && !prior.contains(submission.txHash())) {
      prior.add(submission.txHash());
    }
    return new EpochRecord(
        seq, root, firstTs, lastTs, leaves, sealedAtMs, EpochState.SUBMITTED, next, null, prior);
  }

  /** INCLUDED at {@code where}. */
  public EpochRecord included(Inclusion where) {
    requireState(EpochState.SUBMITTED);
    return new EpochRecord(
        seq,
        root,
        firstTs,
        lastTs,
        leaves,
        sealedAtMs,
        EpochState.INCLUDED,
        submission,
        where,
        priorTxHashes);
  }

  /** FINAL: the inclusion block is at or below {@code finalized}. */
  public EpochRecord finalized() {
    requireState(EpochState.INCLUDED);
    return new EpochRecord(
        seq,
        root,
        firstTs,
        lastTs,
        leaves,
        sealedAtMs,
        EpochState.FINAL,
        submission,
        inclusion,
        priorTxHashes);
  }

  /** Back to SUBMITTED after a reorg dropped the inclusion, rebroadcast at {@code nowMs}. */
  public EpochRecord reorgedOut(long nowMs) {
    requireState(EpochState.INCLUDED);
    return new EpochRecord(
        seq,
        root,
        firstTs,
        lastTs,
        leaves,
        sealedAtMs,
        EpochState.SUBMITTED,
        submission.rebroadcastAt(nowMs),
        null,
        priorTxHashes);
  }

  /** Every hash that may carry this epoch on chain: the standing one first, then earlier ones. */
  public List<String> candidateTxHashes() {
    List<String> all = new ArrayList<>();
    if (submission != null) {
      all.add(submission.txHash());
    }
    for (String h : priorTxHashes) {
      if (!all.contains(h)) {
        all.add(h);
      }
    }
    return all;
  }

  private void requireState(EpochState expected) {
    if (state != expected) {
      throw new IllegalStateException("epoch " + seq + " is " + state + ", not " + expected);
    }
  }
}
