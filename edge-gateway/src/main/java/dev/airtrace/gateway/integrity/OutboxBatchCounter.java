package dev.airtrace.gateway.integrity;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The batch counter of a gateway with the disk outbox: the last counter opened travels as the
 * outbox state entry {@value #STATE_ENTRY} in the same atomic write (one RocksDB {@code
 * WriteBatch}) as the records of the worker pass that opened the batch, so after a {@code kill -9}
 * the restored counter is exactly the last one whose readings the outbox holds. A pass that died
 * before its write took its counter with it, and the restarted gateway hands that counter out
 * again: no reading or header ever carried it. So the chain of batch counters per gateway has no
 * gap, and no counter repeats.
 *
 * <p>Start: the last counter is the larger of the outbox entry and the {@link BatchSeqStore} file.
 * The file is the only source when the outbox has no entry yet (a state directory written before
 * this class, or a first start with the outbox), and the newer one after runs without the outbox,
 * which write the file ahead of every batch. While the outbox is on, {@link #writeThrough()} copies
 * into the file only counters the outbox has stored ({@link #stored}), so the file never runs ahead
 * of the outbox and the maximum stays gap-free; it also keeps the file close behind, so that a
 * start without the outbox, or with a deleted outbox directory, does not reuse a counter already
 * sent.
 *
 * <p>Threading: {@link #stored} may run on any thread (the outbox's I/O thread); everything else on
 * the gateway's worker thread.
 */
public final class OutboxBatchCounter implements BatchCounterStore {
  private static final Logger LOG = LoggerFactory.getLogger(OutboxBatchCounter.class);

  /** Name of the outbox state entry: the last opened counter in decimal ASCII. */
  public static final String STATE_ENTRY = "gateway.batch-seq";

  private final BatchSeqStore file;
  private final long restored; // -1: none
  private final boolean fromOutbox;
  private final AtomicLong durable; // highest counter the outbox has stored; any thread
  private long opened; // worker thread
  private boolean changed; // worker thread: opened not yet taken into a pass's write
  private long written; // worker thread: last value in the file
  private boolean writeFailing; // worker thread: one WARN per failure episode

  /**
   * @param file the gateway's counter file (read now, written by {@link #writeThrough()})
   * @param outboxState the state entries the outbox recovered at open
   * @throws IllegalArgumentException if the outbox entry is not a counter
   * @throws java.io.UncheckedIOException if the file exists but cannot be read
   */
  public OutboxBatchCounter(BatchSeqStore file, Map<String, byte[]> outboxState) {
    this.file = Objects.requireNonNull(file, "file");
    long inFile = file.lastOpened().orElse(-1);
    long inOutbox = parse(outboxState.get(STATE_ENTRY));
    this.restored = Math.max(inFile, inOutbox);
    this.fromOutbox = inOutbox >= 0 && inOutbox >= inFile;
    this.opened = restored;
    this.written = inFile;
    this.durable = new AtomicLong(restored);
  }

  private static long parse(byte[] entry) {
    if (entry == null) {
      return -1;
    }
    String text = new String(entry, StandardCharsets.US_ASCII);
    try {
      long seq = Long.parseLong(text);
      if (seq < 0) {
        throw new NumberFormatException("negative");
      }
      return seq;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "outbox state " + STATE_ENTRY + " holds no batch counter: '" + text + "'", e);
    }
  }

  /** Whether the restored counter came from the outbox (else from the file, or none). */
  public boolean restoredFromOutbox() {
    return fromOutbox;
  }

  @Override
  public OptionalLong lastOpened() {
    return restored < 0 ? OptionalLong.empty() : OptionalLong.of(restored);
  }

  /** Remembers {@code seq} for the current pass's write; no I/O. */
  @Override
  public void recordOpened(long seq) {
    opened = seq;
    changed = true;
  }

  /**
   * The state entry to store with the pass that just ended: the last counter opened, if the pass
   * opened a batch; empty otherwise. Each opened counter is handed out once.
   */
  public Map<String, byte[]> takeChanged() {
    if (!changed) {
      return Map.of();
    }
    changed = false;
    return Map.of(STATE_ENTRY, Long.toString(opened).getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * The outbox stored a pass whose state entries were {@code state} (any thread). Ignores state
   * without the counter entry.
   */
  public void stored(Map<String, byte[]> state) {
    long seq = parse(state.get(STATE_ENTRY));
    if (seq >= 0) {
      durable.accumulateAndGet(seq, Math::max);
    }
  }

  /**
   * Writes the highest stored counter to the file if it moved (worker thread, once per round). A
   * failed write is logged (one WARN per episode) and retried on the next call: the outbox, not the
   * file, is the source of truth while it is on.
   */
  public void writeThrough() {
    long d = durable.get();
    if (d <= written) {
      return;
    }
    try {
      file.recordOpened(d);
      written = d;
      if (writeFailing) {
        writeFailing = false;
        LOG.info("batch counter file written again (counter {})", d);
      }
    } catch (java.io.UncheckedIOException e) {
      if (!writeFailing) {
        writeFailing = true;
        LOG.warn(
            "cannot copy batch counter {} into its file (the outbox keeps it; retrying): {}",
            d,
            e.getMessage());
      }
    }
  }
}
