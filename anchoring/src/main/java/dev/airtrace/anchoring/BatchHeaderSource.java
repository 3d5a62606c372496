package dev.airtrace.anchoring;

import dev.airtrace.core.integrity.BatchHeader;
import java.time.Duration;
import java.util.List;

/**
 * Where gateway batch headers come from (Kafka in production: {@link
 * dev.airtrace.anchoring.kafka.KafkaBatchHeaderSource}). At-least-once: after a restart, headers
 * since the last {@link #commit()} are delivered again.
 *
 * <p>Not thread-safe: the anchoring loop's thread is the only caller.
 */
public interface BatchHeaderSource extends AutoCloseable {
  /** Waits up to {@code timeout} for headers; returns those that arrived (possibly none). */
  List<BatchHeader> poll(Duration timeout);

  /** Marks everything returned so far as done; called once those headers are in sealed epochs. */
  void commit();

  @Override
  void close();
}
