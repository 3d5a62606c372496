package dev.airtrace.gateway.outbox.rocksdb;

import dev.airtrace.gateway.outbox.OutboxLog;
import java.io.IOException;
import java.nio.file.Path;

/** Opens the RocksDB outbox log; keeps the implementation (and RocksDB) in this package. */
public final class RocksOutboxLogs {
  private RocksOutboxLogs() {}

  /**
   * Opens (or creates) the outbox log in {@code directory}, recovering what a crash left in its
   * write-ahead log.
   *
   * @throws IOException if the directory cannot be created or the database cannot be opened
   *     (another process holds its lock, unreadable files)
   */
  public static OutboxLog open(Path directory) throws IOException {
    return new RocksOutboxLog(directory);
  }
}
