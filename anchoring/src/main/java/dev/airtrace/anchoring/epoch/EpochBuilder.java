package dev.airtrace.anchoring.epoch;

import dev.airtrace.anchoring.state.EpochRecord;
import dev.airtrace.anchoring.state.LeafRef;
import dev.airtrace.core.integrity.BatchHeader;
import dev.airtrace.core.integrity.MerkleTree;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects batch headers into the open epoch and seals it per {@link EpochPolicy}. Leaves are
 * ordered by {@link LeafRef#EPOCH_ORDER} (gateway id, then batch seq), so the tree does not depend
 * on the order in which Kafka partitions delivered the headers; the epoch root is the RFC 6962 root
 * over each header's {@link BatchHeader#canonicalBytes()}.
 *
 * <p>A header whose key ({@code gatewayId:seq}) is already in the open epoch is ignored (Kafka
 * delivers at least once); the caller drops headers already sealed in earlier epochs, and checks
 * {@link #conflictInOpenEpoch} first so that a conflicting header becomes a dead letter.
 *
 * <p>Not thread-safe: the anchoring loop's thread owns it.
 */
public final class EpochBuilder {
  private static final Logger LOG = LoggerFactory.getLogger(EpochBuilder.class);

  /** {@link LeafRef#EPOCH_ORDER} for headers. */
  public static final Comparator<BatchHeader> HEADER_ORDER =
      Comparator.comparing((BatchHeader h) -> h.gatewayId().value(), LeafRef::compareUtf8)
          .thenComparingLong(BatchHeader::seq);

  private final EpochPolicy policy;
  private final Clock clock;
  private final Map<String, BatchHeader> open = new LinkedHashMap<>();
  private long openedAtMs;

  /** A builder with an empty open epoch. */
  public EpochBuilder(EpochPolicy policy, Clock clock) {
    this.policy = policy;
    this.clock = clock;
  }

  /**
   * Adds {@code header} to the open epoch; returns false for a duplicate key. A duplicate with
   * different content is logged: a gateway must never sign two headers with one seq.
   */
  public boolean add(BatchHeader header) {
    String key = key(header);
    BatchHeader existing = open.get(key);
    if (existing != null) {
      if (!existing.equals(header)) {
        LOG.warn("batch header {} arrived twice with different content; keeping the first", key);
      }
      return false;
    }
    if (open.isEmpty()) {
      openedAtMs = clock.millis();
    }
    open.put(key, header);
    return true;
  }

  /**
   * The header of the open epoch with {@code header}'s key but other content, if any: a conflict
   * the caller dead-letters instead of {@linkplain #add adding}.
   */
  public Optional<BatchHeader> conflictInOpenEpoch(BatchHeader header) {
    BatchHeader existing = open.get(key(header));
    return existing == null || existing.equals(header) ? Optional.empty() : Optional.of(existing);
  }

  /** Number of headers in the open epoch. */
  public int size() {
    return open.size();
  }

  /** Whether the open epoch is due: full, or its first header is at least {@code maxAge} old. */
  public boolean isDue() {
    return open.size() >= policy.maxHeaders()
        || (!open.isEmpty() && clock.millis() - openedAtMs >= policy.maxAge().toMillis());
  }

  /**
   * Seals the open epoch as epoch {@code seq} when {@linkplain #isDue() due} and hands it to {@code
   * persist}; only when that returns are the sealed headers removed, so a failed write loses
   * nothing. At most {@code maxHeaders} headers go into one epoch (the first in epoch order); any
   * rest stays open.
   */
  public Optional<EpochRecord> sealIfDue(long seq, Consumer<EpochRecord> persist) {
    if (!isDue()) {
      return Optional.empty();
    }
    List<BatchHeader> ordered = new ArrayList<>(open.values());
    ordered.sort(HEADER_ORDER);
    List<BatchHeader> sealed = ordered.subList(0, Math.min(ordered.size(), policy.maxHeaders()));
    EpochRecord epoch = seal(seq, sealed, clock.millis());
    persist.accept(epoch);
    for (BatchHeader h : sealed) {
      open.remove(key(h));
    }
    openedAtMs = clock.millis();
    return Optional.of(epoch);
  }

  /**
   * The epoch record for {@code headers} in the given (already epoch-ordered) order; also what a
   * third party runs to rebuild an epoch root from the headers.
   */
  public static EpochRecord seal(long seq, List<BatchHeader> headers, long sealedAtMs) {
    List<LeafRef> leaves = new ArrayList<>(headers.size());
    List<byte[]> hashes = new ArrayList<>(headers.size());
    long firstTs = Long.MAX_VALUE;
    long lastTs = Long.MIN_VALUE;
    for (BatchHeader h : headers) {
      byte[] leafHash = h.leafHash();
      hashes.add(leafHash);
      leaves.add(new LeafRef(h.gatewayId().value(), h.seq(), HexFormat.of().formatHex(leafHash)));
      firstTs = Math.min(firstTs, h.firstTs());
      lastTs = Math.max(lastTs, h.lastTs());
    }
    String root = HexFormat.of().formatHex(MerkleTree.fromLeafHashes(hashes).root());
    return EpochRecord.sealed(seq, root, firstTs, lastTs, leaves, sealedAtMs);
  }

  /** The Kafka key of {@code header}: {@code gatewayId:seq}. */
  public static String key(BatchHeader header) {
    return header.gatewayId().value() + ":" + header.seq();
  }
}
