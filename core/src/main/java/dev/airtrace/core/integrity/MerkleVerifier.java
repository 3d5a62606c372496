package dev.airtrace.core.integrity;

import java.security.MessageDigest;
import java.util.List;
import java.util.Objects;

/**
 * Checks RFC 6962 inclusion proofs exactly as RFC 9162 §2.1.3.2 specifies. Stateless and
 * thread-safe; needs only the JDK.
 */
public final class MerkleVerifier {
  private MerkleVerifier() {}

  /**
   * Folds {@code path} over {@code leafHash} and returns the root it yields.
   *
   * @throws InvalidProofException if {@code index >= size}, or the path is longer or shorter than
   *     the tree of {@code size} leaves needs for {@code index}
   */
  public static byte[] rootFromInclusionProof(
      long index, long size, byte[] leafHash, List<byte[]> path) {
    Objects.requireNonNull(leafHash, "leafHash");
    if (leafHash.length != Sha256.LENGTH) {
      throw new InvalidProofException("leaf hash must be 32 bytes but was " + leafHash.length);
    }
    if (index < 0 || index >= size) {
      throw new InvalidProofException("leaf index " + index + " is not below tree size " + size);
    }
    MessageDigest md = Sha256.newDigest();
    long fn = index;
    long sn = size - 1;
    byte[] r = leafHash.clone();
    for (byte[] p : path) {
      if (p == null || p.length != Sha256.LENGTH) {
        throw new InvalidProofException("every path hash must be 32 bytes");
      }
      if (sn == 0) {
        throw new InvalidProofException(
            "path has more than the " + expectedLength(index, size) + " hashes this tree needs");
      }
      if ((fn & 1) == 1 || fn == sn) {
        r = MerkleTree.nodeHash(md, p, r);
        if ((fn & 1) == 0) {
          while ((fn & 1) == 0 && fn != 0) {
            fn >>= 1;
            sn >>= 1;
          }
        }
      } else {
        r = MerkleTree.nodeHash(md, r, p);
      }
      fn >>= 1;
      sn >>= 1;
    }
    if (sn != 0) {
      throw new InvalidProofException(
          "path has " + path.size() + " hashes but this tree needs " + expectedLength(index, size));
    }
    return r;
  }

  /**
   * Whether the proof places {@code leafHash} under {@code expectedRoot}. Malformed proofs answer
   * {@code false}.
   */
  public static boolean verifyInclusion(
      long index, long size, byte[] leafHash, List<byte[]> path, byte[] expectedRoot) {
    try {
      return MessageDigest.isEqual(
          rootFromInclusionProof(index, size, leafHash, path), expectedRoot);
    } catch (InvalidProofException e) {
      return false;
    }
  }

  /** The audit-path length RFC 6962 gives leaf {@code index} of a tree of {@code size} leaves. */
  static int expectedLength(long index, long size) {
    int n = 0;
    long fn = index;
    long sn = size - 1;
    while (sn != 0) {
      if ((fn & 1) == 1 || fn != sn) {
        n++;
      }
      fn >>= 1;
      sn >>= 1;
    }
    return n;
  }
}
