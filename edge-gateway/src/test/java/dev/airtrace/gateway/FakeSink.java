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
 */
final class FakeSink implements RecordSink {
  /** One record handed to the sink. */
  record Sent(String topic, String key, byte[] value) {}

  private final List<Sent> sent = new ArrayList<>(); // guarded by this
  private final List<Callback> pending = new ArrayList<>(); // guarded by this, parallel to sent
  private boolean stalled; // guarded by this
  volatile boolean closed;

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
