package dev.airtrace.processor;

import dev.airtrace.core.Reading;
import dev.airtrace.core.deadletter.DeadLetter;
import dev.airtrace.core.deadletter.RejectReason;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Window;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Routes a reading whose hourly window has already closed to the dead-letter topic ({@link
 * RejectReason#LATE_BEYOND_GRACE}) instead of letting the windowed aggregate drop it silently.
 *
 * <p>A window {@code [start, end)} is closed when {@code end + grace <= stream time}, the same rule
 * the aggregate applies. Stream time here is the task's ({@link
 * FixedKeyProcessorContext#currentStreamTimeMs()}, the largest record timestamp the task has seen,
 * this record included, and restored after a restart), which is never behind the aggregate's own
 * view, so everything this filter lets through is accepted by the aggregate. Record timestamps are
 * event times (set by {@link DecodeReadingProcessor}).
 *
 * <p>Stateless; one instance per task, called from one thread.
 */
final class LateReadingFilter
    implements FixedKeyProcessor<String, SourcedReading, Routed<SourcedReading>> {
  private final TimeWindows windows;
  private FixedKeyProcessorContext<String, Routed<SourcedReading>> context;

  LateReadingFilter(TimeWindows windows) {
    this.windows = windows;
  }

  @Override
  public void init(FixedKeyProcessorContext<String, Routed<SourcedReading>> context) {
    this.context = context;
  }

  @Override
  public void process(FixedKeyRecord<String, SourcedReading> record) {
    long streamTime = context.currentStreamTimeMs();
    Optional<Window> closed = closedWindow(windows, record.timestamp(), streamTime);
    context.forward(
        record.withValue(
            closed.isPresent()
                ? Routed.reject(late(record.value(), closed.get(), streamTime))
                : Routed.accept(record.value())));
  }

  /**
   * The window of a record with timestamp {@code timestamp} that is closed at {@code streamTime}
   * ({@code end + grace <= streamTime}), if any.
   */
  static Optional<Window> closedWindow(TimeWindows windows, long timestamp, long streamTime) {
    for (Window w : windows.windowsFor(timestamp).values()) {
      if (w.end() + windows.gracePeriodMs() <= streamTime) {
        return Optional.of(w);
      }
    }
    return Optional.empty();
  }

  private DeadLetter late(SourcedReading s, Window w, long streamTime) {
    Reading r = s.reading();
    return new DeadLetter(
        RejectReason.LATE_BEYOND_GRACE,
        "event time "
            + Instant.ofEpochMilli(r.eventTime())
            + " belongs to window ["
            + Instant.ofEpochMilli(w.start())
            + ", "
            + Instant.ofEpochMilli(w.end())
            + ") of site "
            + r.siteId()
            + ", closed since stream time reached "
            + Instant.ofEpochMilli(streamTime)
            + " (grace "
            + windows.gracePeriodMs()
            + " ms)",
        s.source(),
        s.payload(),
        r.deviceId().value(),
        context.applicationId(),
        context.currentSystemTimeMs());
  }
}
