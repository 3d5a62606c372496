package dev.airtrace.gateway.outbox.rocksdb;

import dev.airtrace.gateway.outbox.OutboxLog;
import dev.airtrace.gateway.outbox.OutboxRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.CompressionType;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.WALRecoveryMode;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link OutboxLog} on one RocksDB database: key = the record id as 8 big-endian bytes (so byte
 * order is id order), value = {@link OutboxRecord#encode()}. Appends are one {@link WriteBatch}
 * each, written to the write-ahead log without sync (so a process crash keeps them: the WAL is in
 * the OS page cache); {@link #sync()} is {@code FlushWAL(sync=true)}, an fsync of the WAL. State
 * entries ({@link #append(List, Map)}) live under keys {@code 0xFF<name>}, after every record key.
 *
 * <p>Memory is bounded for 1 GB edge boxes: two 4 MiB write buffers, an 8 MiB block cache that also
 * holds index and filter blocks, at most 64 open files, LZ4-compressed data files; the WAL is
 * capped at 64 MiB before memtables are flushed. Point-in-time WAL recovery: a record torn by a
 * power loss ends the log at the last whole write.
 *
 * <p>A storage error (disk full) puts RocksDB into a background-error state; the next operation
 * first reopens the database, so the log recovers by itself once space returns.
 *
 * <p>Threading: one thread at a time (RocksDB itself is thread-safe). Ownership: the creator closes
 * it, which releases every native object.
 */
final class RocksOutboxLog implements OutboxLog {
  private static final Logger LOG = LoggerFactory.getLogger(RocksOutboxLog.class);

  static final long WRITE_BUFFER_BYTES = 4L << 20;
  static final long BLOCK_CACHE_BYTES = 8L << 20;
  static final long MAX_WAL_BYTES = 64L << 20;

  private final Path directory;
  private final LRUCache cache;
  private final Options options;
  private final WriteOptions writeOptions;
  private RocksDB db; // reopened after a storage error
  private boolean needsResume;

  RocksOutboxLog(Path directory) throws IOException {
    RocksDB.loadLibrary();
    this.directory = directory;
    Files.createDirectories(directory);
    LRUCache c = null;
    Options o = null;
    WriteOptions w = null;
    try {
      c = new LRUCache(BLOCK_CACHE_BYTES);
      BlockBasedTableConfig table = new BlockBasedTableConfig();
      table.setBlockCache(c);
      table.setCacheIndexAndFilterBlocks(true);
      o =
          new Options()
              .setCreateIfMissing(true)
              .setWriteBufferSize(WRITE_BUFFER_BYTES)
              .setMaxWriteBufferNumber(2)
              .setMaxOpenFiles(64)
              .setMaxTotalWalSize(MAX_WAL_BYTES)
              .setKeepLogFileNum(2)
              .setInfoLogLevel(InfoLogLevel.WARN_LEVEL)
              .setWalRecoveryMode(WALRecoveryMode.PointInTimeRecovery)
              .setCompressionType(CompressionType.LZ4_COMPRESSION)
              .setTableFormatConfig(table);
      w = new WriteOptions().setSync(false);
      this.db = RocksDB.open(o, directory.toString());
    } catch (RocksDBException e) {
      if (w != null) {
        w.close();
      }
      if (o != null) {
        o.close();
      }
      if (c != null) {
        c.close();
      }
      throw new IOException("cannot open the outbox at " + directory + ": " + e.getMessage(), e);
    }
    this.cache = c;
    this.options = o;
    this.writeOptions = w;
  }

  @Override
  public void append(List<OutboxRecord> records) throws IOException {
    resumeIfNeeded();
    try (WriteBatch batch = new WriteBatch()) {
      for (OutboxRecord r : records) {
        batch.put(key(r.id()), r.encode());
      }
      db.write(writeOptions, batch);
    } catch (RocksDBException e) {
      throw failure("append", e);
    }
  }

  @Override
  public void append(List<OutboxRecord> records, Map<String, byte[]> state) throws IOException {
    resumeIfNeeded();
    try (WriteBatch batch = new WriteBatch()) {
      for (OutboxRecord r : records) {
        batch.put(key(r.id()), r.encode());
      }
      for (Map.Entry<String, byte[]> e : state.entrySet()) {
        batch.put(stateKey(e.getKey()), e.getValue());
      }
      db.write(writeOptions, batch);
    } catch (RocksDBException e) {
      throw failure("append", e);
    }
  }

  @Override
  public Map<String, byte[]> state() throws IOException {
    Map<String, byte[]> out = new HashMap<>();
    try (RocksIterator it = db.newIterator()) {
      for (it.seek(new byte[] {STATE_PREFIX}); it.isValid(); it.next()) {
        byte[] k = it.key();
        if (k.length == 0 || k[0] != STATE_PREFIX) {
          break;
        }
        out.put(new String(k, 1, k.length - 1, StandardCharsets.UTF_8), it.value());
      }
      it.status();
    } catch (RocksDBException e) {
      throw failure("read state", e);
    }
    return out;
  }

  @Override
  public void sync() throws IOException {
    resumeIfNeeded();
    try {
      db.flushWal(true);
    } catch (RocksDBException e) {
      throw failure("fsync", e);
    }
  }

  @Override
  public List<OutboxRecord> read(long fromId, long toId, int max) throws IOException {
    List<OutboxRecord> out = new ArrayList<>(Math.min(max, 1_024));
    if (fromId >= toId || max <= 0) {
      return out;
    }
    try (Slice upper = new Slice(key(toId));
        ReadOptions ro = new ReadOptions().setIterateUpperBound(upper);
        RocksIterator it = db.newIterator(ro)) {
      for (it.seek(key(fromId)); it.isValid() && out.size() < max; it.next()) {
        long id = ByteBuffer.wrap(it.key()).getLong();
        try {
          out.add(OutboxRecord.decode(id, it.value()));
        } catch (IllegalArgumentException e) {
          throw new IOException("unreadable outbox record " + id + " in " + directory, e);
        }
      }
      it.status();
    } catch (RocksDBException e) {
      throw failure("read", e);
    }
    return out;
  }

  @Override
  public void delete(long[] ids, int count) throws IOException {
    if (count == 0) {
      return;
    }
    resumeIfNeeded();
    try (WriteBatch batch = new WriteBatch()) {
      for (int i = 0; i < count; i++) {
        batch.delete(key(ids[i]));
      }
      db.write(writeOptions, batch);
    } catch (RocksDBException e) {
      throw failure("delete", e);
    }
  }

  @Override
  public long diskBytes() {
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .filter(Files::isRegularFile)
          .mapToLong(
              p -> {
                try {
                  return Files.size(p);
                } catch (IOException e) {
                  return 0; // a file compaction just removed
                }
              })
          .sum();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      db.flushWal(true);
    } catch (RocksDBException e) {
      LOG.warn("outbox {}: final WAL flush failed: {}", directory, e.getMessage());
    }
    db.close();
    writeOptions.close();
    options.close();
    cache.close();
  }

  /**
   * After a storage error RocksDB refuses writes until it is reopened (the Java API has no {@code
   * Resume()}); reopening replays the write-ahead log, so nothing written before is lost.
   */
  private void resumeIfNeeded() throws IOException {
    if (needsResume) {
      try {
        db.close();
        db = RocksDB.open(options, directory.toString());
        needsResume = false;
        LOG.info("outbox {}: reopened after a storage error", directory);
      } catch (RocksDBException e) {
        throw failure("reopen", e);
      }
    }
  }

  private IOException failure(String what, RocksDBException e) {
    needsResume = true;
    String status = e.getStatus() == null ? "" : " (" + e.getStatus().getCodeString() + ")";
    return new IOException(
        "outbox " + what + " failed at " + directory + ": " + e.getMessage() + status, e);
  }

  /**
   * State keys: {@code 0xFF} + the name in UTF-8. Record keys are non-negative ids in big-endian,
   * so their first byte is at most {@code 0x7F}: every read of records (bounded by a record key)
   * stops before the state keys.
   */
  static final byte STATE_PREFIX = (byte) 0xFF;

  static byte[] stateKey(String name) {
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    byte[] k = new byte[n.length + 1];
    k[0] = STATE_PREFIX;
    System.arraycopy(n, 0, k, 1, n.length);
    return k;
  }

  static byte[] key(long id) {
    return ByteBuffer.allocate(8).putLong(id).array();
  }
}
