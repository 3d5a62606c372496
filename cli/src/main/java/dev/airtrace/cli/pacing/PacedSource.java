package dev.airtrace.cli.pacing;

import dev.airtrace.simulator.replay.BadRowException;
import dev.airtrace.simulator.replay.ReplayConfig;
import dev.airtrace.simulator.replay.ReplayRow;
import dev.airtrace.simulator.replay.ReplaySource;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link ReplaySource} that hands each row the replay will publish (inside the time range, with a
 * value: the rows {@link dev.airtrace.simulator.replay.Replayer} publishes) to a {@link HourPacer}
 * before returning it, so the replayer publishes hour by hour. Call {@link HourPacer#finish()}
 * after the replay. Closing it closes the wrapped source.
 *
 * <p>Not thread-safe: one reader, as any source.
 */
public final class PacedSource implements ReplaySource {
  private final ReplaySource delegate;
  private final ReplayConfig config;
  private final HourPacer pacer;

  public PacedSource(ReplaySource delegate, ReplayConfig config, HourPacer pacer) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.config = Objects.requireNonNull(config, "config");
    this.pacer = Objects.requireNonNull(pacer, "pacer");
  }

  @Override
  public Optional<ReplayRow> next() throws IOException, BadRowException {
    Optional<ReplayRow> next = delegate.next();
    if (next.isPresent()) {
      ReplayRow row = next.get();
      if (config.inRange(row.eventTime()) && !row.values().isEmpty()) {
        try {
          pacer.beforePublishing(row.siteId().value(), row.eventTime());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          InterruptedIOException io =
              new InterruptedIOException("paced replay interrupted at row " + row.row());
          io.initCause(e);
          throw io;
        }
      }
    }
    return next;
  }

  @Override
  public void close() throws IOException {
    delegate.close();
  }
}
