package dev.airtrace.gateway.integrity;

import dev.airtrace.core.GatewayId;
import dev.airtrace.core.Reading;
import dev.airtrace.core.integrity.BatchHeader;
import dev.airtrace.core.integrity.BatchRef;
import dev.airtrace.core.integrity.LeafEncoding;
import dev.airtrace.core.integrity.MerkleTree;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The gateway's current Merkle batch: gives every accepted reading its leaf ({@link
 * LeafEncoding#leafHash}) and its {@link BatchRef} in processing order, and seals the batch into a
 * header signed with the gateway's key. Batch counters start after the {@link BatchCounterStore}'s
 * last value and are recorded there when a batch opens, so they never repeat (and, with the
 * outbox's {@link OutboxBatchCounter}, never skip a value either). Empty batches are never sealed
 * (a batch opens with its first reading).
 *
 * <p>Each batch also remembers its <em>holders</em>, opaque objects (the gateway's in-flight MQTT
 * messages) that must wait for the batch's header: a holder is added once per batch, however many
 * of its readings the batch holds, and handed back with the sealed batch.
 *
 * <p>Not thread-safe: owned by the gateway's worker thread.
 *
 * @param <T> the holder type
 */
public final class MerkleBatcher<T> {
  /** A sealed Merkle batch: its signed header and the holders that waited for it. */
  public record SealedBatch<T>(BatchHeader header, List<T> holders) {
    public SealedBatch {
      Objects.requireNonNull(header, "header");
      holders = List.copyOf(holders);
    }
  }

  /**
   * Where a reading went: the leaf it became.
   *
   * @param ref its batch and leaf index
   * @param newHolder whether its holder was not yet waiting for this batch
   */
  public record AddedLeaf(BatchRef ref, boolean newHolder) {}

  private final GatewayId gatewayId;
  private final PrivateKey signingKey;
  private final long maxLeaves;
  private final long maxAgeMillis;
  private final BatchCounterStore store;
  private final List<byte[]> leaves = new ArrayList<>();
  private final List<T> holders = new ArrayList<>();
  private long nextSeq;
  private long openedAt;
  private long firstTs;
  private long lastTs;

  public MerkleBatcher(
      GatewayId gatewayId, PrivateKey signingKey, IntegrityConfig config, BatchCounterStore store) {
    this.gatewayId = Objects.requireNonNull(gatewayId, "gatewayId");
    this.signingKey = Objects.requireNonNull(signingKey, "signingKey");
    this.maxLeaves = config.maxLeaves();
    this.maxAgeMillis = config.maxAge().toMillis();
    this.store = Objects.requireNonNull(store, "store");
    this.nextSeq = store.lastOpened().orElse(-1) + 1;
  }

  /**
   * Adds {@code reading} as the next leaf, opening a batch (and recording its counter) if none is
   * open. Call {@link #isFull()} afterwards.
   *
   * @throws IllegalArgumentException if the reading cannot be encoded as a leaf (the decoder
   *     prevents it); the batch is then unchanged
   * @param nowMillis the gateway's clock, for the age limit
   */
  public AddedLeaf add(Reading reading, T holder, long nowMillis) {
    Objects.requireNonNull(holder, "holder");
    // First, so that a reading the leaf encoding refuses leaves the batch untouched.
    byte[] leafHash = LeafEncoding.leafHash(reading);
    if (leaves.isEmpty()) {
      store.recordOpened(nextSeq);
      openedAt = nowMillis;
      firstTs = reading.eventTime();
      lastTs = reading.eventTime();
    }
    long index = leaves.size();
    leaves.add(leafHash);
    firstTs = Math.min(firstTs, reading.eventTime());
    lastTs = Math.max(lastTs, reading.eventTime());
    boolean newHolder = holders.isEmpty() || holders.get(holders.size() - 1) != holder;
    if (newHolder) {
      holders.add(holder);
    }
    return new AddedLeaf(new BatchRef(nextSeq, index), newHolder);
  }

  /** Whether a batch is open (holds at least one reading). */
  public boolean isOpen() {
    return !leaves.isEmpty();
  }

  /** Whether the open batch reached the size limit. */
  public boolean isFull() {
    return leaves.size() >= maxLeaves;
  }

  /** Whether the open batch reached the age limit at {@code nowMillis}. */
  public boolean isDue(long nowMillis) {
    return isOpen() && nowMillis - openedAt >= maxAgeMillis;
  }

  /** How many holders wait for the open batch. */
  public int holderCount() {
    return holders.size();
  }

  /** The counter the next (or the open) batch has. */
  public long currentSeq() {
    return nextSeq;
  }

  /**
   * Seals the open batch: Merkle root over its leaves, signed header; the next reading opens the
   * next batch.
   *
   * @throws IllegalStateException if no batch is open
   */
  public SealedBatch<T> seal() {
    if (leaves.isEmpty()) {
      throw new IllegalStateException("no open batch to seal");
    }
    byte[] root = MerkleTree.fromLeafHashes(leaves).root();
    BatchHeader header =
        BatchHeader.unsigned(gatewayId, nextSeq, root, leaves.size(), firstTs, lastTs)
            .sign(signingKey);
    SealedBatch<T> sealed = new SealedBatch<>(header, holders);
    leaves.clear();
    holders.clear();
    nextSeq++;
    return sealed;
  }

  /** The Kafka key of a header: {@code <gatewayId>:<seq>}. */
  public static String key(BatchHeader header) {
    return header.gatewayId().value() + ":" + header.seq();
  }
}
