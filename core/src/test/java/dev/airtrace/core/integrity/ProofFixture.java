package dev.airtrace.core.integrity;

import static dev.airtrace.core.integrity.TestReadings.aReading;

import dev.airtrace.core.GatewayId;
import dev.airtrace.core.Quantity;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;

/**
 * A complete, consistent proof built the way the pipeline builds one: readings of gateway gw-1 →
 * leaf bytes → batch tree → signed header; that header among other gateways' headers → epoch tree →
 * anchored. Tests then tamper with one part.
 */
final class ProofFixture {
  static final String CONTRACT = "0x5fbdb2315678afecb367f032d93f642f64180aa3";
  static final String SUBMITTER = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";
  static final String TOPIC0 = Anchor.ANCHORED_TOPIC0;
  static final String TX = "0x" + "12".repeat(32);
  static final String BLOCK = "0x" + "34".repeat(32);

  final KeyPair gatewayKey = Ed25519.generate();
  final List<byte[]> leaves = new ArrayList<>();
  final MerkleTree batchTree;
  final BatchHeader header;
  final MerkleTree epochTree;
  final EpochBatch epoch;
  final int headerIndex;

  ProofFixture(int readings, int headersInEpoch, int headerIndex) {
    for (int i = 0; i < readings; i++) {
      leaves.add(
          LeafEncoding.encode(
              aReading()
                  .device("dev-" + (i % 5))
                  .sequence(i)
                  .with(Quantity.NO2, 10 + i * 0.25)
                  .eventTime(1_764_057_600_000L + i)
                  .build()));
    }
    batchTree = MerkleTree.fromLeaves(leaves);
    header =
        BatchHeader.unsigned(
                new GatewayId("gw-1"),
                17,
                batchTree.root(),
                readings,
                1_764_057_600_000L,
                1_764_057_600_000L + readings - 1)
            .sign(gatewayKey.getPrivate());
    this.headerIndex = headerIndex;
    List<byte[]> epochLeaves = new ArrayList<>();
    for (int h = 0; h < headersInEpoch; h++) {
      epochLeaves.add(
          h == headerIndex
              ? header.canonicalBytes()
              : BatchHeader.unsigned(
                      new GatewayId("gw-other-" + h),
                      h,
                      MerkleTree.leafHash(new byte[] {(byte) h}),
                      1,
                      1_764_057_600_000L,
                      1_764_057_600_000L)
                  .canonicalBytes());
    }
    epochTree = MerkleTree.fromLeaves(epochLeaves);
    epoch =
        new EpochBatch(
            1000, epochTree.root(), headersInEpoch, 1_764_057_600_000L, 1_764_057_660_000L);
  }

  static ProofFixture typical() {
    return new ProofFixture(13, 5, 3);
  }

  Anchor finalAnchor() {
    return new Anchor(
        31337,
        CONTRACT,
        SUBMITTER,
        Anchor.ANCHORED_EVENT,
        TOPIC0,
        TX,
        123L,
        BLOCK,
        0,
        AnchorState.FINAL);
  }

  AnchorProof proofFor(int readingIndex) {
    return AnchorProof.of(
        leaves.get(readingIndex),
        batchTree.inclusionProof(readingIndex),
        header,
        epochTree.inclusionProof(headerIndex),
        epoch,
        finalAnchor());
  }
}
