package dev.airtrace.gateway.outbox;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The outbox's storage: an ordered, durable log of {@link OutboxRecord}s keyed by id. The only
 * interface the outbox uses, so the storage library (RocksDB, package {@code
 * dev.airtrace.gateway.outbox.rocksdb}) stays in one package.
 *
 * <p>Contract: {@link #append} is atomic (all records of one call or none, also across a crash);
 * after {@link #sync()} returns, everything appended before it survives an OS crash and a power
 * loss; without it, appended records survive a crash of the process but not of the OS. {@link
 * #delete} need not be durable: a deletion lost in a crash only re-sends a record Kafka already
 * had. Storage failures (disk full, I/O errors) are {@link IOException}s; the log stays usable and
 * a later call may succeed once the cause is gone.
 *
 * <p>Threading: one thread at a time. Ownership: the creator closes it.
 */
public interface OutboxLog extends AutoCloseable {

  /** Appends {@code records} (ids strictly increasing, above every id in the log) in one write. */
  void append(List<OutboxRecord> records) throws IOException;

  /**
   * Appends {@code records} and sets the named {@code state} entries (small values the owner must
   * find again after a crash exactly as of this write, e.g. the gateway's per-device sequence
   * high-water marks) in one atomic write: after a crash either both are there or neither. State
   * entries are not records: {@link #read} never returns them and {@link #delete} never removes
   * them; a later write of the same name replaces the value.
   *
   * @throws UnsupportedOperationException if the log keeps no state and {@code state} is not empty
   */
  default void append(List<OutboxRecord> records, Map<String, byte[]> state) throws IOException {
    if (!state.isEmpty()) {
      throw new UnsupportedOperationException(getClass().getSimpleName() + " keeps no state");
    }
    append(records);
  }

  /** Every state entry as last written by {@link #append(List, Map)}; empty if none. */
  default Map<String, byte[]> state() throws IOException {
    return Map.of();
  }

  /** Makes every append so far durable against OS crash and power loss (fsync of the log). */
  void sync() throws IOException;

  /**
   * Up to {@code max} records with {@code fromId <= id < toId}, in id order.
   *
   * @throws IOException if the storage cannot be read or holds an unreadable record
   */
  List<OutboxRecord> read(long fromId, long toId, int max) throws IOException;

  /** Deletes the records with these ids (absent ids are ignored), in one write. */
  void delete(long[] ids, int count) throws IOException;

  /** Bytes the log's files take on disk now (data files and write-ahead log). */
  long diskBytes();

  /** Closes the storage; appends made before are kept. */
  @Override
  void close();
}
