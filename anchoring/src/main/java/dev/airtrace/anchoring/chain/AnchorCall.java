package dev.airtrace.anchoring.chain;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The arguments of {@code RootAnchor.anchor(bytes32 root, uint64 seq, uint64 firstTs, uint64
 * lastTs, uint32 leafCount)}: one epoch. Unsigned ranges are checked here, so an encoder never sees
 * a value the ABI type cannot hold.
 */
public record AnchorCall(byte[] root, long seq, long firstTs, long lastTs, long leafCount) {
  /** Copies the root and checks the ranges of the ABI types. */
  public AnchorCall {
    if (root == null || root.length != 32) {
      throw new IllegalArgumentException("root must be 32 bytes");
    }
    root = root.clone();
    if (seq < 0 || firstTs < 0 || lastTs < 0) {
      throw new IllegalArgumentException("seq, firstTs and lastTs must be >= 0 (uint64)");
    }
    if (lastTs < firstTs) {
      throw new IllegalArgumentException("lastTs " + lastTs + " < firstTs " + firstTs);
    }
    if (leafCount < 1 || leafCount > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("leafCount must be 1..2^32-1, was " + leafCount);
    }
  }

  @Override
  public byte[] root() {
    return root.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AnchorCall c
        && Arrays.equals(root, c.root)
        && seq == c.seq
        && firstTs == c.firstTs
        && lastTs == c.lastTs
        && leafCount == c.leafCount;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(root) * 31 + Long.hashCode(seq);
  }

  @Override
  public String toString() {
    return "AnchorCall[root="
        + HexFormat.of().formatHex(root)
        + ", seq="
        + seq
        + ", firstTs="
        + firstTs
        + ", lastTs="
        + lastTs
        + ", leafCount="
        + leafCount
        + "]";
  }
}
