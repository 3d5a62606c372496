package dev.airtrace.sink.influx;

import java.util.List;

/**
 * Sends line-protocol batches to InfluxDB. One instance per task, used from the task thread only.
 */
interface PointWriter extends AutoCloseable {

  /**
   * Writes {@code lines} (millisecond precision) and returns once InfluxDB acknowledged them.
   *
   * @throws WriteException when the write failed; {@link WriteException#retriable()} says whether
   *     the same batch may succeed later
   */
  void write(List<String> lines) throws WriteException;

  /** Creates the database if missing; best effort (may lack permission). */
  void ensureDatabase();

  @Override
  void close();

  /** A failed write. */
  final class WriteException extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean retriable;

    WriteException(String message, boolean retriable, Throwable cause) {
      super(message, cause);
      this.retriable = retriable;
    }

    /** Whether retrying the same batch may succeed (connection errors, timeouts, 5xx). */
    boolean retriable() {
      return retriable;
    }
  }
}
