package dev.airtrace.anchoring.testdata;

import dev.airtrace.anchoring.MerkleBatchHeaderSource;
import dev.airtrace.anchoring.PolledHeader;
import dev.airtrace.anchoring.UnreadableHeader;
import dev.airtrace.core.integrity.BatchHeader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** A header source fed by the test thread; records commits. Thread-safe. */
public final class FakeHeaderSource implements MerkleBatchHeaderSource {
  private final List<PolledHeader> pending = new ArrayList<>(); // guarded by this
  private final List<UnreadableHeader> unreadable = new ArrayList<>(); // guarded by this
  private final List<UnreadableHeader> polledUnreadable = new ArrayList<>(); // guarded by this
  private final AtomicInteger commits = new AtomicInteger();
  private final AtomicLong nextOffset = new AtomicLong();
  private final List<Map<Integer, Long>> commitArgs = new CopyOnWriteArrayList<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  /** Appends the headers to partition 0 with consecutive offsets, all visible to one poll. */
  public synchronized void offer(BatchHeader... headers) {
    for (BatchHeader h : headers) {
      pending.add(new PolledHeader(h, 0, nextOffset.getAndIncrement()));
    }
    notifyAll();
  }

  /** Appends a record that does not decode to partition 0, visible to the next poll. */
  public synchronized void offerUnreadable(String key, byte[] value) {
    long offset = nextOffset.getAndIncrement();
    unreadable.add(
        new UnreadableHeader(
            key,
            value,
            "kafka:airtrace.gateway.batch-headers.v1/0/" + offset,
            "batch header does not decode (fake)"));
    notifyAll();
  }

  @Override
  public synchronized List<UnreadableHeader> drainUnreadable() {
    List<UnreadableHeader> out = List.copyOf(polledUnreadable);
    polledUnreadable.clear();
    return out;
  }

  @Override
  public synchronized List<PolledHeader> poll(Duration timeout) {
    try {
      if (pending.isEmpty() && unreadable.isEmpty()) {
        wait(timeout.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    List<PolledHeader> out = new ArrayList<>(pending);
    pending.clear();
    polledUnreadable.addAll(unreadable);
    unreadable.clear();
    return out;
  }

  @Override
  public void commit(Map<Integer, Long> oldestOpenOffset) {
    commitArgs.add(Map.copyOf(oldestOpenOffset));
    commits.incrementAndGet();
  }

  /** The {@code oldestOpenOffset} argument of every commit, in order. */
  public List<Map<Integer, Long>> commitArgs() {
    return List.copyOf(commitArgs);
  }

  public int commits() {
    return commits.get();
  }

  public boolean isClosed() {
    return closed.get();
  }

  @Override
  public void close() {
    closed.set(true);
  }
}
