package dev.airtrace.simulator.replay;

import java.io.Closeable;
import java.io.IOException;
import java.util.Optional;

/**
 * Rows to replay, read one at a time from a file. A bad row does not end the source: {@link #next}
 * throws {@link BadRowException} for it, and the following call reads the next row.
 *
 * <p>Not thread-safe: one reader. The creator closes it (which closes the underlying reader).
 */
public interface ReplaySource extends Closeable {
  /**
   * The next row, or empty at the end of the file.
   *
   * @throws BadRowException for a row that cannot be replayed (wrong field count, unparsable time,
   *     invalid id, a value that is not a finite number); the source stays usable
   * @throws IOException when the file cannot be read
   */
  Optional<ReplayRow> next() throws IOException, BadRowException;
}
