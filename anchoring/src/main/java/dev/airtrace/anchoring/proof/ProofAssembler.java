package dev.airtrace.anchoring.proof;

import dev.airtrace.anchoring.epoch.EpochBuilder;
import dev.airtrace.anchoring.state.EpochRecord;
import dev.airtrace.anchoring.state.LeafRef;
import dev.airtrace.core.integrity.Anchor;
import dev.airtrace.core.integrity.AnchorProof;
import dev.airtrace.core.integrity.AnchorState;
import dev.airtrace.core.integrity.BatchHeader;
import dev.airtrace.core.integrity.EpochBatch;
import dev.airtrace.core.integrity.InclusionProof;
import dev.airtrace.core.integrity.MerkleTree;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds proofs for one deployment (chain id, contract, operator address) from persisted {@link
 * EpochRecord}s. Every method checks what it is given against the epoch (leaf hash, root, size), so
 * a mismatched header or leaf list fails here instead of producing a proof that cannot verify.
 *
 * <p>Immutable; thread-safe.
 */
public final class ProofAssembler {
  private final long chainId;
  private final String contract;
  private final String submitter;
  private final String topic0;

  /**
   * An assembler for anchors on {@code chainId} by {@code submitter} through {@code contract};
   * {@code topic0} is Keccak-256 of {@link Anchor#ANCHORED_EVENT} ({@code 0x} hex).
   */
  public ProofAssembler(long chainId, String contract, String submitter, String topic0) {
    this.chainId = chainId;
    this.contract = contract;
    this.submitter = submitter;
    this.topic0 = topic0;
    Anchor.pending(chainId, contract, submitter, Anchor.ANCHORED_EVENT, topic0); // validates
  }

  /** Level 1: {@code header}'s path in the epoch tree. */
  public InclusionProof epochPath(EpochRecord epoch, BatchHeader header) {
    String key = EpochBuilder.key(header);
    List<LeafRef> leaves = epoch.leaves();
    int index = -1;
    for (int i = 0; i < leaves.size(); i++) {
      if (leaves.get(i).key().equals(key)) {
        index = i;
        break;
      }
    }
    if (index < 0) {
      throw new IllegalArgumentException("batch header " + key + " is not in epoch " + epoch.seq());
    }
    if (!Arrays.equals(leaves.get(index).leafHashBytes(), header.leafHash())) {
      throw new IllegalArgumentException(
          "batch header " + key + " differs from the one sealed in epoch " + epoch.seq());
    }
    List<byte[]> hashes = new ArrayList<>(leaves.size());
    leaves.forEach(l -> hashes.add(l.leafHashBytes()));
    MerkleTree tree = MerkleTree.fromLeafHashes(hashes);
    if (!Arrays.equals(tree.root(), epoch.rootBytes())) {
      throw new IllegalStateException("epoch " + epoch.seq() + " record does not match its root");
    }
    return tree.inclusionProof(index);
  }

  /** The proof's {@code batch}: the epoch tree that goes on chain. */
  public EpochBatch batch(EpochRecord epoch) {
    return new EpochBatch(
        epoch.seq(), epoch.rootBytes(), epoch.leafCount(), epoch.firstTs(), epoch.lastTs());
  }

  /**
   * The proof's {@code anchor}: {@code pending} while SEALED or SUBMITTED (with the standing
   * transaction hash once there is one), {@code included} or {@code final} with block and log.
   */
  public Anchor anchor(EpochRecord epoch) {
    Anchor pending = Anchor.pending(chainId, contract, submitter, Anchor.ANCHORED_EVENT, topic0);
    return switch (epoch.state()) {
      case SEALED -> pending;
      case SUBMITTED ->
          pending.at(AnchorState.PENDING, epoch.submission().txHash(), null, null, null);
      case INCLUDED, FINAL ->
          pending.at(
              epoch.state() == dev.airtrace.anchoring.state.EpochState.FINAL
                  ? AnchorState.FINAL
                  : AnchorState.INCLUDED,
              epoch.inclusion().txHash(),
              epoch.inclusion().blockNumber(),
              epoch.inclusion().blockHash(),
              Math.toIntExact(epoch.inclusion().logIndex()));
    };
  }

  /**
   * Level 0: the path of leaf {@code leafIndex} in the gateway batch whose leaf hashes ({@code
   * SHA-256(0x00 || readingLeafBytes)}, in batch order) are {@code gatewayLeafHashes}; they must
   * rebuild {@code header}'s root and size.
   */
  public static InclusionProof batchPath(
      BatchHeader header, List<byte[]> gatewayLeafHashes, int leafIndex) {
    if (gatewayLeafHashes.size() != header.size()) {
      throw new IllegalArgumentException(
          "gateway batch "
              + EpochBuilder.key(header)
              + " has "
              + header.size()
              + " leaves, got "
              + gatewayLeafHashes.size());
    }
    MerkleTree tree = MerkleTree.fromLeafHashes(gatewayLeafHashes);
    if (!Arrays.equals(tree.root(), header.root())) {
      throw new IllegalArgumentException(
          "leaf hashes do not rebuild the root of gateway batch " + EpochBuilder.key(header));
    }
    return tree.inclusionProof(leafIndex);
  }

  /**
   * The whole proof for the reading whose canonical bytes are {@code readingLeaf}, at {@code
   * leafIndex} of the gateway batch {@code header} (leaf hashes {@code gatewayLeafHashes}), sealed
   * in {@code epoch}.
   */
  public AnchorProof assemble(
      byte[] readingLeaf,
      int leafIndex,
      List<byte[]> gatewayLeafHashes,
      BatchHeader header,
      EpochRecord epoch) {
    if (!Arrays.equals(MerkleTree.leafHash(readingLeaf), gatewayLeafHashes.get(leafIndex))) {
      throw new IllegalArgumentException("reading bytes do not hash to leaf " + leafIndex);
    }
    return AnchorProof.of(
        readingLeaf,
        batchPath(header, gatewayLeafHashes, leafIndex),
        header,
        epochPath(epoch, header),
        batch(epoch),
        anchor(epoch));
  }
}
