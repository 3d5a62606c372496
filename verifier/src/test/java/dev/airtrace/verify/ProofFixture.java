package dev.airtrace.verify;

import dev.airtrace.core.DeviceId;
import dev.airtrace.core.GatewayId;
import dev.airtrace.core.Location;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.Reading;
import dev.airtrace.core.SiteId;
import dev.airtrace.core.integrity.Anchor;
import dev.airtrace.core.integrity.AnchorProof;
import dev.airtrace.core.integrity.AnchorState;
import dev.airtrace.core.integrity.BatchHeader;
import dev.airtrace.core.integrity.Ed25519;
import dev.airtrace.core.integrity.EpochBatch;
import dev.airtrace.core.integrity.MerkleTree;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Test-data builder for proofs, built the way the pipeline builds them: readings → canonical leaves
 * → one RFC 6962 tree per gateway batch → signed batch headers → one epoch tree over the headers'
 * canonical bytes. {@link #proof(Anchor)} assembles the proof of one reading by hand.
 */
final class ProofFixture {
  static final long T0 = 1_764_057_600_000L; // 2025-11-25T08:00Z
  static final String SUBMITTER = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266"; // anvil account 0
  static final String CONTRACT = "0x5fbdb2315678afecb367f032d93f642f64180aa3";

  final KeyPair gatewayKey = Ed25519.generate();
  final long epochSeq;
  final List<List<byte[]>> batchLeaves = new ArrayList<>();
  final List<MerkleTree> batchTrees = new ArrayList<>();
  final List<BatchHeader> headers = new ArrayList<>();
  final MerkleTree epochTree;
  final EpochBatch epoch;
  private final int batch;
  private final int reading;

  private ProofFixture(long epochSeq, int batches, int readingsPerBatch, int batch, int reading) {
    this.epochSeq = epochSeq;
    this.batch = batch;
    this.reading = reading;
    List<byte[]> headerLeaves = new ArrayList<>();
    for (int b = 0; b < batches; b++) {
      GatewayId gateway = new GatewayId("gw-" + (b % 2 + 1));
      List<byte[]> leaves = new ArrayList<>();
      for (int r = 0; r < readingsPerBatch; r++) {
        long ts = T0 + epochSeq * 3_600_000L + b * 60_000L + r * 1_000L;
        leaves.add(
            dev.airtrace.core.integrity.LeafEncoding.encode(reading(gateway, ts, b * 1000L + r)));
      }
      MerkleTree tree = MerkleTree.fromLeaves(leaves);
      long firstTs = T0 + epochSeq * 3_600_000L + b * 60_000L;
      long lastTs = firstTs + (readingsPerBatch - 1) * 1_000L;
      BatchHeader header =
          BatchHeader.unsigned(gateway, b, tree.root(), leaves.size(), firstTs, lastTs)
              .sign(gatewayKey.getPrivate());
      batchLeaves.add(leaves);
      batchTrees.add(tree);
      headers.add(header);
      headerLeaves.add(header.canonicalBytes());
    }
    epochTree = MerkleTree.fromLeaves(headerLeaves);
    epoch =
        new EpochBatch(
            epochSeq,
            epochTree.root(),
            headers.size(),
            headers.get(0).firstTs(),
            headers.get(headers.size() - 1).lastTs());
  }

  /** Epoch {@code seq} of 5 batches × 7 readings; the proof is for batch 3, reading 4. */
  static ProofFixture epoch(long seq) {
    return new ProofFixture(seq, 5, 7, 3, 4);
  }

  /** The proof of the chosen reading with {@code anchor}. */
  AnchorProof proof(Anchor anchor) {
    return AnchorProof.of(
        batchLeaves.get(batch).get(reading),
        batchTrees.get(batch).inclusionProof(reading),
        headers.get(batch),
        epochTree.inclusionProof(batch),
        epoch,
        anchor);
  }

  /** A proof whose anchor is a made-up final one on chain 31337 (for offline tests). */
  AnchorProof proofWithMadeUpAnchor() {
    return proof(
        new Anchor(
            31337,
            CONTRACT,
            SUBMITTER,
            Anchor.ANCHORED_EVENT,
            Verifier.ANCHORED_TOPIC0,
            "0x" + "ab".repeat(32),
            5L,
            "0x" + "cd".repeat(32),
            0,
            AnchorState.FINAL));
  }

  /** The proof's leaf with one byte changed (a digit of the measured value). */
  static AnchorProof withChangedLeafByte(AnchorProof proof) {
    byte[] leaf = proof.leaf();
    String text = new String(leaf, java.nio.charset.StandardCharsets.UTF_8);
    int at = text.indexOf("\"value\":\"") + "\"value\":\"".length();
    leaf[at] = (byte) (leaf[at] == '9' ? '8' : leaf[at] + 1);
    return new AnchorProof(
        leaf,
        proof.levels(),
        proof.batch(),
        proof.gatewayBatch(),
        proof.epochLeaf(),
        proof.anchor());
  }

  private static Reading reading(GatewayId gateway, long ts, long sequence) {
    return new Reading(
        new DeviceId("dev-" + (sequence % 3 + 1)),
        new SiteId("site-a"),
        ts,
        sequence,
        Map.of(Quantity.PM2_5, 10.0 + (sequence % 17) * 0.1, Quantity.NO2, 21.5),
        new Location(52.1, 4.3, null),
        gateway,
        ts + 250);
  }
}
