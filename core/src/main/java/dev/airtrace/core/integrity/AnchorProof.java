package dev.airtrace.core.integrity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airtrace.core.codec.Json;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A self-contained {@code sensor-anchor-proof/1}: one reading's leaf bytes, its path in the gateway
 * batch (level 0), the signed batch header, that header's path in the epoch tree (level 1), the
 * epoch root and where it was anchored. Written and read by {@link AnchorProofJson}; the format is
 * in {@code docs/integrity.md}.
 *
 * <p>{@link #verifyMerkle()} does every check that needs no chain; the anchor itself is checked
 * against JSON-RPC by the verifier. Immutable (arrays are copied in and out); thread-safe.
 *
 * @param leaf the reading's canonical leaf bytes ({@link LeafEncoding})
 * @param levels level 0: the leaf in its gateway batch; level 1: the batch header in the epoch
 * @param batch the epoch tree that was anchored
 * @param gatewayBatch the gateway batch header the reading belongs to
 * @param epochLeaf the header's canonical bytes as carried in the proof (the level-1 leaf)
 * @param anchor where the epoch root sits on chain
 */
public record AnchorProof(
    byte[] leaf,
    List<InclusionProof> levels,
    EpochBatch batch,
    BatchHeader gatewayBatch,
    byte[] epochLeaf,
    Anchor anchor) {
  /** The {@code format} value. */
  public static final String FORMAT = "sensor-anchor-proof/1";

  /** The {@code hash} value. */
  public static final String HASH = "sha-256";

  /** The {@code tree} value. */
  public static final String TREE = "rfc6962";

  /** The {@code encoding} of {@code leaf} and {@code epochLeaf}. */
  public static final String ENCODING = "jcs";

  public AnchorProof {
    leaf = Objects.requireNonNull(leaf, "leaf").clone();
    levels = List.copyOf(Objects.requireNonNull(levels, "levels"));
    Objects.requireNonNull(batch, "batch");
    Objects.requireNonNull(gatewayBatch, "gatewayBatch");
    epochLeaf = Objects.requireNonNull(epochLeaf, "epochLeaf").clone();
    Objects.requireNonNull(anchor, "anchor");
  }

  /**
   * Assembles a proof with {@code epochLeaf} taken from {@code header}, as the anchoring service
   * does once the epoch tree is built.
   */
  public static AnchorProof of(
      byte[] leaf,
      InclusionProof inBatch,
      BatchHeader header,
      InclusionProof inEpoch,
      EpochBatch epoch,
      Anchor anchor) {
    return new AnchorProof(
        leaf, List.of(inBatch, inEpoch), epoch, header, header.canonicalBytes(), anchor);
  }

  /** The leaf bytes, copied. */
  @Override
  public byte[] leaf() {
    return leaf.clone();
  }

  /** The epoch leaf bytes, copied. */
  @Override
  public byte[] epochLeaf() {
    return epochLeaf.clone();
  }

  /** This proof with a new anchor (state changes, reorgs, re-anchoring). */
  public AnchorProof withAnchor(Anchor newAnchor) {
    return new AnchorProof(leaf, levels, batch, gatewayBatch, epochLeaf, newAnchor);
  }

  /** The offline check without the gateway signature. */
  public MerkleCheck verifyMerkle() {
    return verifyMerkle(null);
  }

  /**
   * The whole offline check, in order: two levels; the leaf is canonical JSON naming the header's
   * gateway; leaf → level 0 → {@code gatewayBatch.root}; the header's canonical bytes equal {@code
   * epochLeaf}; {@code epochLeaf} → level 1 → {@code batch.root}; and, when {@code gatewayKey} is
   * given, the header's signature verifies under it. Never throws on a bad proof.
   *
   * @param gatewayKey the gateway's Ed25519 public key, or {@code null} to skip the signature
   */
  public MerkleCheck verifyMerkle(PublicKey gatewayKey) {
    if (levels.size() != 2) {
      return MerkleCheck.invalid(
          MerkleCheck.Failure.LEVEL_COUNT,
          "expected 2 levels (reading in batch, batch in epoch) but found " + levels.size());
    }
    MerkleCheck leafCheck = checkLeaf();
    if (leafCheck != null) {
      return leafCheck;
    }
    InclusionProof inBatch = levels.get(0);
    if (inBatch.size() != gatewayBatch.size()) {
      return MerkleCheck.invalid(
          MerkleCheck.Failure.BATCH_PATH_MALFORMED,
          "level 0 size "
              + inBatch.size()
              + " differs from gatewayBatch.size "
              + gatewayBatch.size());
    }
    MerkleCheck batchCheck =
        checkLevel(
            0,
            inBatch,
            leaf,
            gatewayBatch.root(),
            MerkleCheck.Failure.BATCH_PATH_MALFORMED,
            MerkleCheck.Failure.BATCH_ROOT_MISMATCH,
            "gatewayBatch.root");
    if (batchCheck != null) {
      return batchCheck;
    }
    if (!Arrays.equals(gatewayBatch.canonicalBytes(), epochLeaf)) {
      return MerkleCheck.invalid(
          MerkleCheck.Failure.EPOCH_LEAF_MISMATCH,
          "epochLeaf is not the canonical bytes of gatewayBatch (a header field was changed)");
    }
    InclusionProof inEpoch = levels.get(1);
    if (inEpoch.size() != batch.size()) {
      return MerkleCheck.invalid(
          MerkleCheck.Failure.EPOCH_PATH_MALFORMED,
          "level 1 size " + inEpoch.size() + " differs from batch.size " + batch.size());
    }
    MerkleCheck epochCheck =
        checkLevel(
            1,
            inEpoch,
            epochLeaf,
            batch.root(),
            MerkleCheck.Failure.EPOCH_PATH_MALFORMED,
            MerkleCheck.Failure.EPOCH_ROOT_MISMATCH,
            "batch.root");
    if (epochCheck != null) {
      return epochCheck;
    }
    if (gatewayKey != null) {
      if (!gatewayBatch.isSigned()) {
        return MerkleCheck.invalid(
            MerkleCheck.Failure.SIGNATURE_MISSING, "gatewayBatch carries no signature");
      }
      if (!gatewayBatch.verifySignature(gatewayKey)) {
        return MerkleCheck.invalid(
            MerkleCheck.Failure.SIGNATURE_INVALID,
            "gatewayBatch.signature does not verify under the given key for gateway "
                + gatewayBatch.gatewayId());
      }
    }
    return MerkleCheck.valid();
  }

  private MerkleCheck checkLeaf() {
    byte[] canonical;
    JsonNode json;
    try {
      canonical = Jcs.canonicalize(new String(leaf, java.nio.charset.StandardCharsets.UTF_8));
      json = Json.mapper().readTree(leaf);
    } catch (IllegalArgumentException | IOException e) {
      return MerkleCheck.invalid(
          MerkleCheck.Failure.LEAF_NOT_CANONICAL, "leaf is not JSON: " + e.getMessage());
    }
    if (!Arrays.equals(canonical, leaf)) {
      return MerkleCheck.invalid(
          MerkleCheck.Failure.LEAF_NOT_CANONICAL, "leaf is not in RFC 8785 canonical form");
    }
    JsonNode gateway = json.get("gatewayId");
    if (gateway == null || !gateway.isTextual()) {
      return MerkleCheck.invalid(
          MerkleCheck.Failure.LEAF_NOT_CANONICAL, "leaf has no gatewayId: not a reading record");
    }
    if (!gateway.textValue().equals(gatewayBatch.gatewayId().value())) {
      return MerkleCheck.invalid(
          MerkleCheck.Failure.GATEWAY_MISMATCH,
          "leaf names gateway "
              + gateway.textValue()
              + " but the batch header is gateway "
              + gatewayBatch.gatewayId());
    }
    return null;
  }

  private static MerkleCheck checkLevel(
      int level,
      InclusionProof proof,
      byte[] leafBytes,
      byte[] expectedRoot,
      MerkleCheck.Failure malformed,
      MerkleCheck.Failure mismatch,
      String rootName) {
    byte[] computed;
    try {
      computed = proof.rootFor(MerkleTree.leafHash(leafBytes));
    } catch (InvalidProofException e) {
      return MerkleCheck.invalid(malformed, "level " + level + ": " + e.getMessage());
    }
    if (!MessageDigest.isEqual(computed, expectedRoot)) {
      HexFormat hex = HexFormat.of();
      return MerkleCheck.invalid(
          mismatch,
          "level "
              + level
              + " yields root "
              + hex.formatHex(computed)
              + " but "
              + rootName
              + " is "
              + hex.formatHex(expectedRoot));
    }
    return null;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AnchorProof p
        && Arrays.equals(leaf, p.leaf)
        && levels.equals(p.levels)
        && batch.equals(p.batch)
        && gatewayBatch.equals(p.gatewayBatch)
        && Arrays.equals(epochLeaf, p.epochLeaf)
        && anchor.equals(p.anchor);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        Arrays.hashCode(leaf), levels, batch, gatewayBatch, Arrays.hashCode(epochLeaf), anchor);
  }

  @Override
  public String toString() {
    return "AnchorProof[gatewayBatch="
        + gatewayBatch
        + ", levels="
        + levels
        + ", batch="
        + batch
        + ", anchor="
        + anchor
        + "]";
  }
}
