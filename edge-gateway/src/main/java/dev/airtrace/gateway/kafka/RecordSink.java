package dev.airtrace.gateway.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Where the gateway writes its records: a topic, a string key and a byte-array value each.
 *
 * <p>Contract: {@link #send} hands a record over and returns without waiting for the broker; the
 * callback runs exactly once, when the broker acknowledged the record (failure {@code null}) or
 * when it definitively failed (retries exhausted, fatal error). Records with the same key keep
 * their order. A failed record is never retried by the caller: for an idempotent producer any
 * failure means the producer is broken, so the caller stops.
 *
 * <p>Threading: {@link #send}, {@link #flush} and {@link #close} from one thread at a time;
 * callbacks run on the sink's I/O thread and must be quick. Ownership: the creator closes it.
 */
public interface RecordSink extends AutoCloseable {

  /** Called once per record with {@code null} on success or the failure. */
  @FunctionalInterface
  interface Callback {
    void onCompletion(Exception failure);
  }

  /**
   * Hands a record over.
   *
   * @param key the record key (the device id), or {@code null}
   * @throws RecordSinkException if the record cannot even be handed over (a fatal producer error,
   *     or no metadata for the topic within the configured maximum block time)
   */
  void send(String topic, String key, byte[] value, Callback callback);

  /**
   * Hands a record over with Kafka record headers (e.g. the backfill marker). Sinks that cannot
   * carry headers refuse a non-empty map.
   *
   * @param headers header name to value, in no particular order; empty for none
   * @throws RecordSinkException as {@link #send(String, String, byte[], Callback)}
   * @throws UnsupportedOperationException if the sink carries no headers and {@code headers} is not
   *     empty
   */
  default void send(
      String topic, String key, byte[] value, Map<String, byte[]> headers, Callback callback) {
    if (!headers.isEmpty()) {
      throw new UnsupportedOperationException(getClass().getSimpleName() + " carries no headers");
    }
    send(topic, key, value, callback);
  }

  /**
   * One record of a {@link #sendGroup group}.
   *
   * @param key the record key (the device id), or {@code null}
   */
  record GroupRecord(String topic, String key, byte[] value) {
    public GroupRecord {
      Objects.requireNonNull(topic, "topic");
      Objects.requireNonNull(value, "value");
    }
  }

  /**
   * Whether {@link #sendGroup} is atomic and durable: the whole group is stored (under the sink's
   * durability policy) or none of it, also across a crash, before its callback completes. The disk
   * outbox is; Kafka, where each record is acknowledged on its own, is not. The gateway seals its
   * Merkle batch once per worker pass only on such a sink (docs/durability.md, "Merkle batches and
   * ack-after-seal").
   */
  default boolean appendsGroupsAtomically() {
    return false;
  }

  /**
   * Hands over {@code records} as one unit, in order; {@code callback} runs once, after every
   * record completed, with {@code null} or the first failure. The default sends them one by one
   * (not atomic: a crash may leave some of them sent); a sink for which {@link
   * #appendsGroupsAtomically()} is true stores them all or none.
   *
   * @throws RecordSinkException as {@link #send(String, String, byte[], Callback)}
   */
  default void sendGroup(List<GroupRecord> records, Callback callback) {
    Objects.requireNonNull(callback, "callback");
    if (records.isEmpty()) {
      callback.onCompletion(null);
      return;
    }
    AtomicInteger outstanding = new AtomicInteger(records.size());
    AtomicReference<Exception> firstFailure = new AtomicReference<>();
    for (GroupRecord r : records) {
      send(
          r.topic(),
          r.key(),
          r.value(),
          failure -> {
            if (failure != null) {
              firstFailure.compareAndSet(null, failure);
            }
            if (outstanding.decrementAndGet() == 0) {
              callback.onCompletion(firstFailure.get());
            }
          });
    }
  }

  /**
   * As {@link #sendGroup(List, Callback)}, and stores the named {@code state} entries in the same
   * atomic write (the outbox gives them back after a restart). Only a sink that {@link
   * #appendsGroupsAtomically() appends groups atomically} keeps state.
   *
   * @throws UnsupportedOperationException if {@code state} is not empty and the sink keeps none
   */
  default void sendGroup(List<GroupRecord> records, Map<String, byte[]> state, Callback callback) {
    if (!state.isEmpty()) {
      throw new UnsupportedOperationException(getClass().getSimpleName() + " keeps no state");
    }
    sendGroup(records, callback);
  }

  /** Blocks until every record handed over so far has completed (callbacks have run). */
  void flush();

  /**
   * Closes the sink, waiting up to {@code timeout} for records still in flight; records that do not
   * complete by then fail their callbacks.
   */
  void close(Duration timeout);

  /** {@link #close(Duration)} with a zero timeout. */
  @Override
  default void close() {
    close(Duration.ZERO);
  }
}
