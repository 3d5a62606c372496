package dev.airtrace.anchoring.testdata;

import java.time.Duration;

/** Waits for integration tests, scaled by the {@code it.timeout.factor} system property. */
public final class Integration {
  private static final double FACTOR =
      Double.parseDouble(System.getProperty("it.timeout.factor", "1"));

  private Integration() {}

  /** {@code base} scaled by {@code it.timeout.factor}. */
  public static Duration atMost(Duration base) {
    return Duration.ofMillis((long) (base.toMillis() * FACTOR));
  }
}
