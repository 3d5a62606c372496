package dev.airtrace.core.integrity;

import static dev.airtrace.core.integrity.TestReadings.aReading;
import static org.assertj.core.api.Assertions.assertThat;

import dev.airtrace.core.GatewayId;
import java.io.IOException;
import java.io.InputStream;
import java.security.PublicKey;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The proof printed in docs/integrity.md, kept as a file: it must stay valid, so any change to the
 * leaf encoding, the header's canonical bytes, the tree or the codec that would strand proofs
 * already handed out fails here.
 */
class ExampleProofTest {
  /** RFC 8032 §7.1 TEST 1 public key; the example's gateway signed with that test seed. */
  private static final PublicKey GATEWAY_KEY =
      Ed25519.publicKeyFromRaw(
          HexFormat.of()
              .parseHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"));

  @Test
  void shouldStillVerifyTheDocumentedExampleProof() throws IOException {
    AnchorProof proof = load();

    MerkleCheck check = proof.verifyMerkle(GATEWAY_KEY);

    assertThat(check.isValid()).as(check.reason()).isTrue();
    assertThat(proof.anchor().topic0()).isEqualTo(Anchor.ANCHORED_TOPIC0);
  }

  @Test
  void shouldRebuildTheExampleLeafAndHeaderBytesFromTheirValues() throws IOException {
    AnchorProof proof = load();
    BatchHeader h = proof.gatewayBatch();

    assertThat(proof.leaf())
        .isEqualTo(
            LeafEncoding.encode(
                aReading().device("dev-1").sequence(42).eventTime(1_764_057_600_000L).build()));
    assertThat(proof.epochLeaf())
        .isEqualTo(
            BatchHeader.unsigned(
                    new GatewayId("gw-1"), 17, h.root(), 3, 1_764_057_600_000L, 1_764_057_602_000L)
                .canonicalBytes());
  }

  private static AnchorProof load() throws IOException {
    try (InputStream in =
        ExampleProofTest.class.getResourceAsStream("/integrity/example-proof.json")) {
      return AnchorProofJson.read(in.readAllBytes());
    }
  }
}
