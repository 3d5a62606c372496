package dev.airtrace.localstack;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Waits and names shared by every integration test that runs against the local stack: one place
 * reads the {@code it.timeout.factor} system property (set by failsafe; e.g. {@code
 * -Dit.timeout.factor=3} on a slow CI machine) so every Awaitility {@code atMost} scales alike.
 *
 * <p>Thread-safe: stateless apart from an atomic counter.
 */
public final class TestWaits {
  private static final AtomicInteger COUNTER = new AtomicInteger();

  private TestWaits() {}

  /** {@code base} scaled by the {@code it.timeout.factor} system property (default 1). */
  public static Duration atMost(Duration base) {
    double factor = Double.parseDouble(System.getProperty("it.timeout.factor", "1"));
    return Duration.ofMillis((long) (base.toMillis() * factor));
  }

  /** A name no other test in this JVM or an earlier run uses: client ids, topics, groups. */
  public static String uniqueName(String prefix) {
    return prefix + Long.toString(System.currentTimeMillis(), 36) + COUNTER.incrementAndGet();
  }
}
