package dev.airtrace.gateway.integrity;

import dev.airtrace.core.validation.SequenceTracker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Keeps the gateway's per-device sequence tracking ({@link SequenceTracker#export()}: high-water
 * mark, seen numbers and counter epoch of every device) across restarts, so that a reading replayed
 * after a restart is still a duplicate. The gateway saves it only after a complete drain, when
 * every reading it tracked has been acknowledged by Kafka or dead-lettered: a saved number is never
 * one the broker will redeliver, so restoring it can never turn a redelivery into a false
 * duplicate. After a crash the previous save stays in place (older, still safe). Not thread-safe.
 */
public final class SequenceStateFile {
  private final Path file;

  public SequenceStateFile(Path file) {
    this.file = Objects.requireNonNull(file, "file");
  }

  /** The file. */
  public Path file() {
    return file;
  }

  /**
   * Restores {@code tracker} from the file, if there is one.
   *
   * @return how many devices were restored (0 without a file)
   * @throws UncheckedIOException when the file exists but cannot be read
   * @throws IllegalArgumentException naming the file when its content is corrupt
   */
  public int restoreInto(SequenceTracker tracker) {
    if (!Files.exists(file)) {
      return 0;
    }
    try {
      return tracker.restore(Files.readString(file, StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the sequence state " + file, e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          file + ": " + e.getMessage() + " (delete it to start tracking afresh)", e);
    }
  }

  /**
   * Writes {@code tracker}'s state: to a temporary file, forced to disk, then moved into place
   * atomically, so a crash leaves the old state or the new one.
   *
   * @throws UncheckedIOException when it cannot be written
   */
  public void save(SequenceTracker tracker) {
    try {
      DurableFile.replace(file, tracker.export().getBytes(StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the sequence state " + file, e);
    }
  }
}
