package dev.airtrace.gateway;

import dev.airtrace.gateway.kafka.RecordSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Unit-test stand-in for the Kafka producer: records what was sent and holds every callback until
 * the test acknowledges or fails it (callbacks then run on the test's thread, as they would on
 * Kafka's I/O thread). {@link #flush()} acknowledges everything pending, unless the sink is
 * stalled, in which case it blocks until interrupted, like a producer whose broker is gone.
 *
 * <p>Built with {@code atomicGroups}, it stands in for the outbox: {@link #sendGroup} records the
 * group's records in order and holds one callback for the group, at the index of its last record.
 */
final class FakeSink implements RecordSink {
  /** One record handed to the sink. */
  record Sent(String topic, String key, byte[] value) {}

  private final List<Sent> sent = new ArrayList<>(); // guarded by this
  private final List<Callback> pending = new ArrayList<>(); // guarded by this, parallel to sent
  private final List<Integer> groupSizes = new ArrayList<>(); // guarded by this
  private final boolean atomicGroups;
  private boolean stalled; // guarded by this
  volatile boolean closed;

  FakeSink() {
    this(false);
  }

  FakeSink(boolean atomicGroups) {
    this.atomicGroups = atomicGroups;
  }

  @Override
  public boolean appendsGroupsAtomically() {
    return atomicGroups;
  }

  @Override
  public void sendGroup(List<GroupRecord> records, Callback callback) {
    if (!atomicGroups) {
      RecordSink.super.sendGroup(records, callback);
      return;
    }
    synchronized (this) {
      for (int i = 0; i < records.size(); i++) {
        GroupRecord r = records.get(i);
        sent.add(new Sent(r.topic(), r.key(), r.value()));
        pending.add(i == records.size() - 1 ? callback : null);
      }
      groupSizes.add(records.size());
    }
  }

  @Override
  public void sendGroup(
      List<GroupRecord> records, java.util.Map<String, byte[]> state, Callback callback) {
    if (!atomicGroups) {
      RecordSink.super.sendGroup(records, state, callback);
      return;
    }
    sendGroup(records, callback); // the state is not kept: no restart to give it back to
  }

  /** The sizes of the groups handed over with {@link #sendGroup}, in order (atomic mode only). */
  synchronized List<Integer> groupSizes() {
    return List.copyOf(groupSizes);
  }

  @Override
  public synchronized void send(String topic, String key, byte[] value, Callback callback) {
    sent.add(new Sent(topic, key, value));
    pending.add(callback);
  }

  synchronized List<Sent> sent() {
    return List.copyOf(sent);
  }

  synchronized List<Sent> sentTo(String topic) {
    return sent.stream().filter(s -> s.topic().equals(topic)).toList();
  }

  /** Acknowledges record number {@code index} (in send order). */
  void acknowledge(int index) {
    complete(index, null);
  }

  /** Fails record number {@code index}. */
  void fail(int index, Exception failure) {
    complete(index, failure);
  }

  /** Acknowledges every pending record. */
  void acknowledgeAll() {
    int n;
    synchronized (this) {
      n = pending.size();
    }
    for (int i = 0; i < n; i++) {
      complete(i, null);
    }
  }

  /** Makes {@link #flush()} block until interrupted. */
  synchronized void stall() {
    stalled = true;
  }

  private void complete(int index, Exception failure) {
    Callback callback;
    synchronized (this) {
      callback = pending.set(index, null);
    }
    if (callback != null) {
      callback.onCompletion(failure);
    }
  }

  @Override
  public void flush() {
    synchronized (this) {
      while (stalled) {
        try {
          wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("flush interrupted", e);
        }
      }
    }
    acknowledgeAll();
  }

  @Override
  public void close(Duration timeout) {
    closed = true;
  }
}
