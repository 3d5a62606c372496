package dev.airtrace.anchoring.testdata;

import dev.airtrace.anchoring.HeaderDeadLetters;
import dev.airtrace.core.deadletter.DeadLetter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Dead letters kept in memory; can fail the next publishes. Thread-safe. */
public final class FakeHeaderDeadLetters implements HeaderDeadLetters {
  private final List<Map.Entry<String, DeadLetter>> stored = new CopyOnWriteArrayList<>();
  private final AtomicInteger failures = new AtomicInteger();

  /** The next {@code n} publishes throw, as a broker outage would. */
  public void failNext(int n) {
    failures.set(n);
  }

  @Override
  public void publish(String key, DeadLetter deadLetter) {
    if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new IllegalStateException("broker unavailable (fake)");
    }
    stored.add(new java.util.AbstractMap.SimpleImmutableEntry<>(key, deadLetter));
  }

  /** (key, dead letter) in publish order. */
  public List<Map.Entry<String, DeadLetter>> stored() {
    return List.copyOf(stored);
  }

  @Override
  public void close() {}
}
