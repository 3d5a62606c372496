package dev.airtrace.cli;

import dev.airtrace.core.validation.CounterResetRule;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The device counter-reset option shared by the two commands that de-duplicate readings ({@code
 * gateway} and {@code processor}), so both apply the one {@link CounterResetRule} with the same
 * default.
 */
final class CounterResetOptions {
  @Option(
      names = "--counter-reset-tolerance",
      defaultValue = "60s",
      converter = DurationConverter.class,
      description =
          "A lower sequence number stamped more than this after the device's latest reading is a"
              + " counter reset, not a duplicate (default: ${DEFAULT-VALUE}).")
  Duration tolerance;

  /** The rule these options describe. */
  CounterResetRule rule() {
    return new CounterResetRule(tolerance);
  }
}
