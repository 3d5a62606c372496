package dev.airtrace.mqtt.testdata;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** Shared set-up for the MQTT module's integration tests: unique names and scaled timeouts. */
public final class Integration {
  private static final AtomicInteger COUNTER = new AtomicInteger();

  /** Multiplier for every wait, from the {@code it.timeout.factor} property (slow CI machines). */
  private static final double FACTOR =
      Double.parseDouble(System.getProperty("it.timeout.factor", "1"));

  private Integration() {}

  /** {@code base} scaled by {@code it.timeout.factor}. */
  public static Duration atMost(Duration base) {
    return Duration.ofMillis((long) (base.toMillis() * FACTOR));
  }

  /** A name no other test in this JVM or an earlier run uses: client ids, topic filters. */
  public static String uniqueName(String prefix) {
    return prefix + Long.toString(System.currentTimeMillis(), 36) + COUNTER.incrementAndGet();
  }
}
