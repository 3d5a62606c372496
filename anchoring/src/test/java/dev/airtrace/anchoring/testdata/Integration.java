package dev.airtrace.anchoring.testdata;

import dev.airtrace.localstack.TestWaits;
import java.time.Duration;

/** Waits for integration tests, scaled by the {@code it.timeout.factor} system property. */
public final class Integration {

  private Integration() {}

  /** {@code base} scaled by {@code it.timeout.factor}. */
  public static Duration atMost(Duration base) {
    return TestWaits.atMost(base);
  }
}
