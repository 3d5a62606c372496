package dev.airtrace.anchoring;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Where gateway batch headers come from (Kafka in production: {@link
 * dev.airtrace.anchoring.kafka.KafkaMerkleBatchHeaderSource}). At-least-once: after a restart,
 * headers from the last committed position on are delivered again.
 *
 * <p>Not thread-safe: the anchoring loop's thread is the only caller.
 */
public interface MerkleBatchHeaderSource extends AutoCloseable {
  /**
   * Waits up to {@code timeout} for headers; returns those that arrived and decoded (possibly
   * none). Records that did not decode are kept for {@link #drainUnreadable()}.
   */
  List<PolledHeader> poll(Duration timeout);

  /**
   * The records polled so far that did not decode, each returned once, oldest first. The caller
   * must store them (as dead letters) before its next {@link #commit}, which moves past them.
   */
  List<UnreadableHeader> drainUnreadable();

  /**
   * Commits every partition up to what has been polled, except that a partition named in {@code
   * oldestOpenOffset} is committed only up to (not including) that offset: its header there is not
   * in a stored epoch yet and must be delivered again after a restart.
   */
  void commit(Map<Integer, Long> oldestOpenOffset);

  @Override
  void close();
}
