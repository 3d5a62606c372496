package dev.airtrace.core.integrity;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The epoch tree whose root went (or goes) on chain: the proof's {@code batch} object. Its leaves
 * are the {@linkplain BatchHeader#canonicalBytes() canonical bytes} of gateway batch headers.
 * Immutable; thread-safe.
 *
 * @param seq the epoch number, the {@code seq} topic of the {@code Anchored} event
 * @param root the 32-byte RFC 6962 epoch root
 * @param size number of batch headers in the epoch ({@code leafCount} on chain)
 * @param firstTs the earliest {@code firstTs} of its headers, epoch milliseconds
 * @param lastTs the latest {@code lastTs} of its headers, epoch milliseconds
 */
public record EpochBatch(long seq, byte[] root, long size, long firstTs, long lastTs) {
  public EpochBatch {
    root = Bytes32.copyOf("root", root);
    BatchHeader.checkCommon(seq, size, firstTs, lastTs);
  }

  /** The root, copied. */
  @Override
  public byte[] root() {
    return root.clone();
  }

  /** The root as lowercase hex without {@code 0x}. */
  public String rootHex() {
    return HexFormat.of().formatHex(root);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EpochBatch e
        && seq == e.seq
        && Arrays.equals(root, e.root)
        && size == e.size
        && firstTs == e.firstTs
        && lastTs == e.lastTs;
  }

  @Override
  public int hashCode() {
    return Objects.hash(seq, Arrays.hashCode(root), size, firstTs, lastTs);
  }

  @Override
  public String toString() {
    return "EpochBatch[seq="
        + seq
        + ", root="
        + rootHex()
        + ", size="
        + size
        + ", firstTs="
        + firstTs
        + ", lastTs="
        + lastTs
        + "]";
  }
}
