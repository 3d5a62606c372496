package dev.airtrace.core.integrity;

import java.security.DigestException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An RFC 6962 / RFC 9162 Merkle tree over SHA-256: {@code leafHash = H(0x00 || leaf)}, {@code
 * nodeHash = H(0x01 || left || right)}, split at the largest power of two below {@code n}, no
 * duplication of odd nodes, empty tree {@code H("")}.
 *
 * <p>Built once from all leaves (a gateway batch, an epoch of batch headers) and immutable after;
 * safe to share between threads. Memory is about {@code 64 * size} bytes: every level is kept so
 * any leaf's {@linkplain #inclusionProof(int) audit path} is a lookup.
 *
 * <p>The levels are built bottom-up, pairing neighbours and carrying an unpaired last node up
 * unchanged; that yields exactly RFC 6962's recursive {@code MTH}, because the largest-power-of-two
 * split keeps every left subtree complete.
 */
public final class MerkleTree {
  private static final byte LEAF_PREFIX = 0x00;
  private static final byte NODE_PREFIX = 0x01;

  /**
   * {@code levels[0]} holds the leaf hashes, 32 bytes each, back to back; the last has one hash.
   */
  private final byte[][] levels;

  private final int size;

  private MerkleTree(byte[][] levels, int size) {
    this.levels = levels;
    this.size = size;
  }

  /** A tree over the given leaf bytes, in order. */
  public static MerkleTree fromLeaves(List<byte[]> leaves) {
    Objects.requireNonNull(leaves, "leaves");
    MessageDigest md = Sha256.newDigest();
    byte[] hashes = new byte[Math.multiplyExact(leaves.size(), Sha256.LENGTH)];
    for (int i = 0; i < leaves.size(); i++) {
      byte[] leaf = Objects.requireNonNull(leaves.get(i), "leaf");
      md.update(LEAF_PREFIX);
      md.update(leaf);
      finish(md, hashes, i * Sha256.LENGTH);
    }
    return build(md, hashes, leaves.size());
  }

  /** A tree over leaves whose {@link #leafHash(byte[])} the caller already computed, in order. */
  public static MerkleTree fromLeafHashes(List<byte[]> leafHashes) {
    Objects.requireNonNull(leafHashes, "leafHashes");
    byte[] hashes = new byte[Math.multiplyExact(leafHashes.size(), Sha256.LENGTH)];
    for (int i = 0; i < leafHashes.size(); i++) {
      byte[] h = leafHashes.get(i);
      if (h == null || h.length != Sha256.LENGTH) {
        throw new IllegalArgumentException("leaf hash " + i + " must be 32 bytes");
      }
      System.arraycopy(h, 0, hashes, i * Sha256.LENGTH, Sha256.LENGTH);
    }
    return build(Sha256.newDigest(), hashes, leafHashes.size());
  }

  private static MerkleTree build(MessageDigest md, byte[] leafLevel, int size) {
    List<byte[]> levels = new ArrayList<>();
    levels.add(leafLevel);
    byte[] level = leafLevel;
    int count = size;
    while (count > 1) {
      int parents = (count + 1) / 2;
      byte[] next = new byte[parents * Sha256.LENGTH];
      for (int i = 0; i + 1 < count; i += 2) {
        md.update(NODE_PREFIX);
        md.update(level, i * Sha256.LENGTH, 2 * Sha256.LENGTH);
        finish(md, next, (i / 2) * Sha256.LENGTH);
      }
      if ((count & 1) == 1) {
        System.arraycopy(
            level, (count - 1) * Sha256.LENGTH, next, (parents - 1) * Sha256.LENGTH, Sha256.LENGTH);
      }
      levels.add(next);
      level = next;
      count = parents;
    }
    return new MerkleTree(levels.toArray(new byte[0][]), size);
  }

  /** Number of leaves. */
  public int size() {
    return size;
  }

  /** The tree head {@code MTH(D[n])}; {@code SHA-256("")} for the empty tree. */
  public byte[] root() {
    if (size == 0) {
      return Sha256.newDigest().digest();
    }
    byte[] top = levels[levels.length - 1];
    return slice(top, 0);
  }

  /** The leaf hash at {@code index}. */
  public byte[] leafHash(int index) {
    Objects.checkIndex(index, size);
    return slice(levels[0], index);
  }

  /**
   * The audit path {@code PATH(index, D[n])} for leaf {@code index}, leaf level first.
   *
   * @throws IndexOutOfBoundsException if {@code index} is not in {@code [0, size)}
   */
  public InclusionProof inclusionProof(int index) {
    Objects.checkIndex(index, size);
    List<byte[]> path = new ArrayList<>(levels.length - 1);
    int i = index;
    for (int l = 0; l < levels.length - 1; l++) {
      int count = levels[l].length / Sha256.LENGTH;
      int sibling = i ^ 1;
      // The last node of an odd level has no sibling: it was carried up, so the path skips it.
      if (sibling < count) {
        path.add(slice(levels[l], sibling));
      }
      i >>= 1;
    }
    return new InclusionProof(index, size, path);
  }

  /** {@code SHA-256(0x00 || leaf)}. */
  public static byte[] leafHash(byte[] leaf) {
    MessageDigest md = Sha256.newDigest();
    md.update(LEAF_PREFIX);
    return md.digest(leaf);
  }

  /** {@code SHA-256(0x01 || left || right)}. */
  public static byte[] nodeHash(byte[] left, byte[] right) {
    return nodeHash(Sha256.newDigest(), left, right);
  }

  static byte[] nodeHash(MessageDigest md, byte[] left, byte[] right) {
    md.update(NODE_PREFIX);
    md.update(left);
    return md.digest(right);
  }

  private static void finish(MessageDigest md, byte[] out, int offset) {
    try {
      md.digest(out, offset, Sha256.LENGTH);
    } catch (DigestException e) {
      throw new IllegalStateException("SHA-256 did not fit 32 bytes", e);
    }
  }

  private static byte[] slice(byte[] level, int index) {
    byte[] h = new byte[Sha256.LENGTH];
    System.arraycopy(level, index * Sha256.LENGTH, h, 0, Sha256.LENGTH);
    return h;
  }
}
