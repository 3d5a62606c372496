package dev.airtrace.core.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The published RFC 6962 reference vectors. Leaves, per-size roots and node hashes are the data of
 * transparency-dev/merkle {@code testonly/constants.go} (the Certificate Transparency reference
 * implementation's test data); the 8-leaf root is also in anchoring.md §3.1.
 */
class MerkleTreeConformanceTest {
  private static final HexFormat HEX = HexFormat.of();

  private static final List<byte[]> LEAVES =
      Stream.of(
              "",
              "00",
              "10",
              "2021",
              "3031",
              "40414243",
              "5051525354555657",
              "606162636465666768696a6b6c6d6e6f")
          .map(HEX::parseHex)
          .toList();

  /** Root of the tree over the first n reference leaves, n = 0..8. */
  private static final List<String> ROOTS =
      List.of(
          "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
          "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
          "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
          "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
          "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
          "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
          "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
          "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
          "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

  @Test
  void shouldGiveThePublishedRootForEveryPrefixOfTheReferenceLeaves() {
    for (int n = 0; n <= LEAVES.size(); n++) {
      MerkleTree tree = MerkleTree.fromLeaves(LEAVES.subList(0, n));

      assertThat(HEX.formatHex(tree.root())).as("root of %d leaves", n).isEqualTo(ROOTS.get(n));
      assertThat(tree.size()).isEqualTo(n);
    }
  }

  @Test
  void shouldGiveTheSameRootFromLeafHashesAsFromLeaves() {
    List<byte[]> hashes = LEAVES.stream().map(MerkleTree::leafHash).toList();

    assertThat(HEX.formatHex(MerkleTree.fromLeafHashes(hashes).root())).isEqualTo(ROOTS.get(8));
  }

  @Test
  void shouldBuildTheAuditPathsOfThePublishedNodeHashes() {
    MerkleTree tree = MerkleTree.fromLeaves(LEAVES);

    // PATH(0, D[8]) = leaf 1, node(2..3), node(4..7); PATH(5, D[8]) = leaf 4, node(6..7),
    // node(0..3)
    assertThat(hex(tree.inclusionProof(0)))
        .containsExactly(
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4");
    assertThat(hex(tree.inclusionProof(5)))
        .containsExactly(
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
  }

  @Test
  void shouldSkipTheCarriedUpNodeInTheAuditPathOfAnOddTree() {
    MerkleTree tree = MerkleTree.fromLeaves(LEAVES.subList(0, 7));

    // Leaf 6 has no sibling at level 0 or 1: its path is node(4..5), node(0..3).
    assertThat(hex(tree.inclusionProof(6)))
        .containsExactly(
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
    assertThat(tree.inclusionProof(6).verifies(tree.leafHash(6), HEX.parseHex(ROOTS.get(7))))
        .isTrue();
  }

  @Test
  void shouldVerifyEveryReferenceProofAgainstThePublishedRoot() {
    for (int n = 1; n <= LEAVES.size(); n++) {
      MerkleTree tree = MerkleTree.fromLeaves(LEAVES.subList(0, n));
      byte[] root = HEX.parseHex(ROOTS.get(n));
      for (int i = 0; i < n; i++) {
        byte[] computed = tree.inclusionProof(i).rootFor(MerkleTree.leafHash(LEAVES.get(i)));

        assertThat(HEX.formatHex(computed)).as("leaf %d of %d", i, n).isEqualTo(ROOTS.get(n));
        assertThat(tree.inclusionProof(i).verifies(tree.leafHash(i), root)).isTrue();
      }
    }
  }

  @Test
  void shouldRefuseAProofForAnEmptyTree() {
    MerkleTree empty = MerkleTree.fromLeaves(List.of());

    assertThatThrownBy(() -> empty.inclusionProof(0)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  private static List<String> hex(InclusionProof proof) {
    return proof.path().stream().map(HEX::formatHex).toList();
  }
}
