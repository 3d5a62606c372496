package dev.airtrace.gateway.integrity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The last batch counter a gateway <em>opened</em>, in a one-line text file ({@code
 * <gatewayId>.batch-seq}). Without the outbox it is the gateway's {@link BatchCounterStore}: a
 * batch's counter is written (and forced to disk) before the first reading that refers to it leaves
 * the gateway, so a restarted gateway never hands out a counter that a reading on the readings
 * topic already carries, even if that batch never sealed; a crash after the write and before any
 * reading left skips that counter. With the outbox, {@link OutboxBatchCounter} keeps the counter
 * and this file trails it (written only with counters the outbox has stored), for a later start
 * without the outbox or with a deleted outbox.
 *
 * <p>Not thread-safe: owned by the gateway's worker. Writes go to a temporary file that replaces
 * the old one atomically, so a crash leaves either the old or the new value.
 */
public final class BatchSeqStore implements BatchCounterStore {
  private final Path file;

  public BatchSeqStore(Path file) {
    this.file = Objects.requireNonNull(file, "file");
  }

  /**
   * The last counter recorded, or empty if none (a gateway's first start).
   *
   * @throws UncheckedIOException if the file exists but cannot be read or holds no number
   */
  @Override
  public OptionalLong lastOpened() {
    if (!Files.exists(file)) {
      return OptionalLong.empty();
    }
    try {
      String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
      return OptionalLong.of(Long.parseLong(text));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the batch counter from " + file, e);
    } catch (NumberFormatException e) {
      throw new UncheckedIOException(
          new IOException("batch counter file " + file + " holds no number: " + e.getMessage()));
    }
  }

  /**
   * Records {@code seq} as opened, durably.
   *
   * @throws UncheckedIOException if it cannot be written
   */
  @Override
  public void recordOpened(long seq) {
    try {
      DurableFile.replace(file, (seq + "\n").getBytes(StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record batch counter " + seq + " in " + file, e);
    }
  }
}
