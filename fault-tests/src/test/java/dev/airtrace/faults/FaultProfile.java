package dev.airtrace.faults;

import java.time.Duration;
import java.util.Locale;

/**
 * How big the scenarios are: {@code ci} (the default; seconds per scenario, so the module stays
 * within its CI budget) or {@code soak} (the durations of issue #10: long streams, Kafka down 30
 * minutes at 1,000 readings/s), chosen with {@code -Dairtrace.fault.profile=soak}, which {@code
 * scripts/soak.sh} sets.
 *
 * @param name the profile's name
 * @param devices simulated devices per stream (one site each holds {@code devices / 3})
 * @param hours simulated hours per device (one reading a minute)
 * @param readingsPerSecond publish rate of the stream scenarios
 * @param kafkaOutage how long the Kafka broker stays down in the outage scenario
 * @param outageRate publish rate during the Kafka outage scenario
 */
record FaultProfile(
    String name,
    int devices,
    int hours,
    double readingsPerSecond,
    Duration kafkaOutage,
    double outageRate) {

  /** Seconds per scenario on a two-core CI machine. */
  static final FaultProfile CI = new FaultProfile("ci", 6, 6, 200, Duration.ofSeconds(20), 200);

  /** The full durations; tens of minutes. */
  static final FaultProfile SOAK =
      new FaultProfile("soak", 100, 48, 1_000, Duration.ofMinutes(30), 1_000);

  /** The profile named by the {@code airtrace.fault.profile} system property (default ci). */
  static FaultProfile current() {
    String name =
        System.getProperty("airtrace.fault.profile", "ci").trim().toLowerCase(Locale.ROOT);
    return switch (name) {
      case "", "ci" -> CI;
      case "soak" -> SOAK;
      default ->
          throw new IllegalArgumentException(
              "airtrace.fault.profile must be ci or soak but was " + name);
    };
  }
}
