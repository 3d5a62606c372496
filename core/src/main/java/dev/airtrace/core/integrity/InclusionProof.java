package dev.airtrace.core.integrity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * An RFC 6962 audit path: the sibling hashes from the leaf upward that prove leaf {@code index} is
 * in the tree of {@code size} leaves. Immutable (the hashes are copied in and out); thread-safe.
 *
 * <p>Only the shape is checked here (each hash 32 bytes, index and size non-negative); {@link
 * #rootFor(byte[])} applies the full RFC 9162 §2.1.3.2 checks.
 *
 * @param index the leaf's position, from 0
 * @param size the number of leaves in the tree
 * @param path the sibling hashes, leaf level first
 */
public record InclusionProof(long index, long size, List<byte[]> path) {
  public InclusionProof {
    if (index < 0 || size < 0) {
      throw new IllegalArgumentException(
          "index and size must be >= 0 but were " + index + ", " + size);
    }
    Objects.requireNonNull(path, "path");
    List<byte[]> copy = new ArrayList<>(path.size());
    for (byte[] h : path) {
      if (h == null || h.length != Sha256.LENGTH) {
        throw new IllegalArgumentException("every path hash must be 32 bytes");
      }
      copy.add(h.clone());
    }
    path = List.copyOf(copy);
  }

  /** The path hashes, copied. */
  @Override
  public List<byte[]> path() {
    return path.stream().map(byte[]::clone).toList();
  }

  /** The {@code i}-th path hash, copied. */
  public byte[] pathHash(int i) {
    return path.get(i).clone();
  }

  /** Number of hashes in the path. */
  public int pathLength() {
    return path.size();
  }

  /**
   * The root this proof yields for {@code leafHash} (RFC 9162 §2.1.3.2).
   *
   * @throws InvalidProofException if the index is not below the size or the path has the wrong
   *     length for this index and size
   */
  public byte[] rootFor(byte[] leafHash) {
    return MerkleVerifier.rootFromInclusionProof(index, size, leafHash, path);
  }

  /**
   * Whether this proof places {@code leafHash} under {@code expectedRoot}; never throws on bad
   * proofs.
   */
  public boolean verifies(byte[] leafHash, byte[] expectedRoot) {
    return MerkleVerifier.verifyInclusion(index, size, leafHash, path, expectedRoot);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof InclusionProof other)) {
      return false;
    }
    if (index != other.index || size != other.size || path.size() != other.path.size()) {
      return false;
    }
    for (int i = 0; i < path.size(); i++) {
      if (!Arrays.equals(path.get(i), other.path.get(i))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = Long.hashCode(index) * 31 + Long.hashCode(size);
    for (byte[] p : path) {
      h = h * 31 + Arrays.hashCode(p);
    }
    return h;
  }

  @Override
  public String toString() {
    HexFormat hex = HexFormat.of();
    return "InclusionProof[index="
        + index
        + ", size="
        + size
        + ", path="
        + path.stream().map(hex::formatHex).toList()
        + "]";
  }
}
