package dev.airtrace.anchoring.testdata;

import dev.airtrace.anchoring.BatchHeaderSource;
import dev.airtrace.core.integrity.BatchHeader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** A header source fed by the test thread; counts commits. Thread-safe. */
public final class FakeHeaderSource implements BatchHeaderSource {
  private final LinkedBlockingQueue<BatchHeader> queue = new LinkedBlockingQueue<>();
  private final AtomicInteger commits = new AtomicInteger();
  private final AtomicBoolean closed = new AtomicBoolean();

  public void offer(BatchHeader... headers) {
    queue.addAll(List.of(headers));
  }

  @Override
  public List<BatchHeader> poll(Duration timeout) {
    List<BatchHeader> out = new ArrayList<>();
    try {
      BatchHeader first = queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (first != null) {
        out.add(first);
        queue.drainTo(out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return out;
  }

  @Override
  public void commit() {
    commits.incrementAndGet();
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
