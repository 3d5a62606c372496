package dev.airtrace.core.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Inclusion proofs of random trees verify, and any single change to what is checked fails. */
class MerkleTreePropertiesTest {

  @Property(tries = 200)
  void shouldAgreeWithTheRecursiveDefinitionOfRfc6962(@ForAll("leafLists") List<byte[]> leaves) {
    assertThat(MerkleTree.fromLeaves(leaves).root()).isEqualTo(mth(leaves));
  }

  @Property(tries = 100)
  void shouldVerifyEveryLeafsProof(@ForAll("leafLists") List<byte[]> leaves) {
    MerkleTree tree = MerkleTree.fromLeaves(leaves);

    for (int i = 0; i < tree.size(); i++) {
      InclusionProof proof = tree.inclusionProof(i);

      assertThat(proof.verifies(MerkleTree.leafHash(leaves.get(i)), tree.root())).isTrue();
      assertThat(proof.pathLength()).isEqualTo(MerkleVerifier.expectedLength(i, tree.size()));
    }
  }

  @Property(tries = 300)
  void shouldRejectTheProofWhenAnyLeafByteFlips(
      @ForAll("leafLists") List<byte[]> leaves,
      @ForAll @IntRange(min = 0, max = 10_000) int pick,
      @ForAll @IntRange(min = 0, max = 7) int bit) {
    MerkleTree tree = MerkleTree.fromLeaves(nonEmpty(leaves));
    int i = pick % tree.size();
    byte[] leaf = nonEmpty(leaves).get(i).clone();
    if (leaf.length == 0) {
      leaf = new byte[] {0};
    } else {
      leaf[pick % leaf.length] ^= (byte) (1 << bit);
    }

    assertThat(tree.inclusionProof(i).verifies(MerkleTree.leafHash(leaf), tree.root())).isFalse();
  }

  @Property(tries = 300)
  void shouldRejectTheProofWhenAnyPathByteFlips(
      @ForAll("leafLists") List<byte[]> leaves,
      @ForAll @IntRange(min = 0, max = 10_000) int pick,
      @ForAll @IntRange(min = 0, max = 7) int bit) {
    List<byte[]> ls = atLeastTwo(leaves);
    MerkleTree tree = MerkleTree.fromLeaves(ls);
    int i = pick % tree.size();
    InclusionProof proof = tree.inclusionProof(i);
    List<byte[]> path = new ArrayList<>(proof.path());
    byte[] hash = path.get(pick % path.size());
    hash[(pick / 7) % hash.length] ^= (byte) (1 << bit);
    InclusionProof tampered = new InclusionProof(i, tree.size(), path);

    assertThat(tampered.verifies(tree.leafHash(i), tree.root())).isFalse();
  }

  @Property(tries = 300)
  void shouldRejectTheProofForAnyOtherIndex(
      @ForAll("leafLists") List<byte[]> leaves,
      @ForAll @IntRange(min = 0, max = 10_000) int pick,
      @ForAll @IntRange(min = 0, max = 62) int bit) {
    // Distinct leaves: with two equal sibling leaves a proof does verify at the sibling's index
    // (swapping equal leaves changes no hash), which is no flaw of the tree (CI drew leaves 0 and
    // 1 equal once).
    List<byte[]> ls = distinct(atLeastTwo(leaves));
    MerkleTree tree = MerkleTree.fromLeaves(ls);
    int i = pick % tree.size();
    InclusionProof proof = tree.inclusionProof(i);
    long otherIndex = i ^ (1L << bit);

    assertThat(
            MerkleVerifier.verifyInclusion(
                otherIndex, tree.size(), tree.leafHash(i), proof.path(), tree.root()))
        .as("index %d instead of %d", otherIndex, i)
        .isFalse();
  }

  @Property(tries = 300)
  void shouldRejectTheProofForAnySizeWithAnotherPathShape(
      @ForAll("leafLists") List<byte[]> leaves,
      @ForAll @IntRange(min = 0, max = 10_000) int pick,
      @ForAll @IntRange(min = 0, max = 62) int bit) {
    List<byte[]> ls = distinct(atLeastTwo(leaves)); // equal leaves: see the test above
    MerkleTree tree = MerkleTree.fromLeaves(ls);
    int i = pick % tree.size();
    InclusionProof proof = tree.inclusionProof(i);
    long otherSize = tree.size() ^ (1L << bit);
    boolean sameShape = i < otherSize && shape(i, otherSize).equals(shape(i, tree.size()));

    assertThat(
            MerkleVerifier.verifyInclusion(
                i, otherSize, tree.leafHash(i), proof.path(), tree.root()))
        .as("size %d instead of %d", otherSize, tree.size())
        .isEqualTo(sameShape);
  }

  @Test
  void shouldNotAuthenticateTheTreeSizeOnItsOwn() {
    // RFC 9162 binds the size through the signed tree head, not the audit path: leaf 3 of 9 and of
    // 13 fold the same way, so the 9-leaf path also "proves" size 13 against the 9-leaf root.
    // AnchorProof therefore compares each level's size with the signed header / on-chain count.
    List<byte[]> nine = new ArrayList<>();
    for (int k = 0; k < 9; k++) {
      nine.add(new byte[] {(byte) k});
    }
    MerkleTree tree = MerkleTree.fromLeaves(nine);
    InclusionProof proof = tree.inclusionProof(3);

    assertThat(MerkleVerifier.verifyInclusion(3, 13, tree.leafHash(3), proof.path(), tree.root()))
        .isTrue();
    assertThat(MerkleVerifier.verifyInclusion(3, 17, tree.leafHash(3), proof.path(), tree.root()))
        .isFalse();
  }

  @Property(tries = 200)
  void shouldRejectAPathWithAHashAddedOrRemoved(
      @ForAll("leafLists") List<byte[]> leaves, @ForAll @IntRange(min = 0, max = 10_000) int pick) {
    MerkleTree tree = MerkleTree.fromLeaves(atLeastTwo(leaves));
    int i = pick % tree.size();
    List<byte[]> path = tree.inclusionProof(i).path();
    List<byte[]> longer = new ArrayList<>(path);
    longer.add(tree.root());
    List<byte[]> shorter = path.subList(0, path.size() - 1);

    assertThatThrownBy(
            () -> MerkleVerifier.rootFromInclusionProof(i, tree.size(), tree.leafHash(i), longer))
        .isInstanceOf(InvalidProofException.class);
    assertThatThrownBy(
            () -> MerkleVerifier.rootFromInclusionProof(i, tree.size(), tree.leafHash(i), shorter))
        .isInstanceOf(InvalidProofException.class);
  }

  @Test
  void shouldRejectAnIndexAtOrBeyondTheSize() {
    MerkleTree tree = MerkleTree.fromLeaves(List.of(new byte[] {1}, new byte[] {2}));
    List<byte[]> path = tree.inclusionProof(1).path();

    assertThatThrownBy(() -> MerkleVerifier.rootFromInclusionProof(2, 2, tree.leafHash(1), path))
        .isInstanceOf(InvalidProofException.class)
        .hasMessageContaining("not below tree size");
    assertThat(MerkleVerifier.verifyInclusion(2, 2, tree.leafHash(1), path, tree.root())).isFalse();
  }

  @Test
  void shouldNotConfuseALeafWithTheInteriorNodeOverItsChildren() {
    // Second-preimage resistance from the 0x00/0x01 prefixes: the concatenated children of the
    // root, offered as a leaf, do not hash to the root.
    byte[] a = MerkleTree.leafHash(new byte[] {1});
    byte[] b = MerkleTree.leafHash(new byte[] {2});
    byte[] concatenated = new byte[64];
    System.arraycopy(a, 0, concatenated, 0, 32);
    System.arraycopy(b, 0, concatenated, 32, 32);

    assertThat(MerkleTree.leafHash(concatenated)).isNotEqualTo(MerkleTree.nodeHash(a, b));
    assertThat(MerkleTree.fromLeaves(List.of(concatenated)).root())
        .isNotEqualTo(MerkleTree.fromLeaves(List.of(new byte[] {1}, new byte[] {2})).root());
  }

  @Provide
  Arbitrary<List<byte[]>> leafLists() {
    Arbitrary<byte[]> leaf = Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(40);
    return Arbitraries.oneOf(
        leaf.list().ofMinSize(0).ofMaxSize(20), leaf.list().ofMinSize(20).ofMaxSize(300));
  }

  /**
   * The left/right decisions RFC 9162's fold makes for {@code index} in a tree of {@code size}: 'L'
   * when the path hash goes on the left, 'R' on the right. Equal shapes fold a path identically.
   */
  private static String shape(long index, long size) {
    StringBuilder s = new StringBuilder();
    long fn = index;
    long sn = size - 1;
    while (sn != 0) {
      if ((fn & 1) == 1 || fn == sn) {
        s.append('L');
        if ((fn & 1) == 0) {
          while ((fn & 1) == 0 && fn != 0) {
            fn >>= 1;
            sn >>= 1;
          }
        }
      } else {
        s.append('R');
      }
      fn >>= 1;
      sn >>= 1;
    }
    return s.toString();
  }

  /** RFC 6962 §2.1 MTH, written recursively exactly as the RFC states it. */
  private static byte[] mth(List<byte[]> d) {
    int n = d.size();
    if (n == 0) {
      return Sha256.newDigest().digest();
    }
    if (n == 1) {
      return MerkleTree.leafHash(d.get(0));
    }
    int k = Integer.highestOneBit(n - 1);
    return MerkleTree.nodeHash(mth(d.subList(0, k)), mth(d.subList(k, n)));
  }

  private static List<byte[]> nonEmpty(List<byte[]> leaves) {
    return leaves.isEmpty() ? List.of(new byte[] {7}) : leaves;
  }

  /** Each leaf prefixed with its position (4 bytes, big-endian), so no two leaves are equal. */
  private static List<byte[]> distinct(List<byte[]> leaves) {
    List<byte[]> out = new ArrayList<>(leaves.size());
    for (int i = 0; i < leaves.size(); i++) {
      byte[] leaf = leaves.get(i);
      out.add(ByteBuffer.allocate(Integer.BYTES + leaf.length).putInt(i).put(leaf).array());
    }
    return out;
  }

  private static List<byte[]> atLeastTwo(List<byte[]> leaves) {
    List<byte[]> out = new ArrayList<>(leaves);
    while (out.size() < 2) {
      out.add(new byte[] {(byte) out.size(), 9});
    }
    return out;
  }
}
