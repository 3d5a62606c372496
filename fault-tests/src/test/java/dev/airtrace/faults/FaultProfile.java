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
 * @see #outageTail()
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

  /**
   * System property: how long the fleet keeps publishing after the Kafka broker is back in the
   * outage scenario (ISO-8601, e.g. {@code PT10M}); default {@link #defaultOutageTail()}.
   */
  static final String OUTAGE_TAIL_PROPERTY = "airtrace.fault.outage-tail";

  /** The shortest tail: the stream the CI-size scenario always had after the outage. */
  static final Duration MIN_OUTAGE_TAIL = Duration.ofSeconds(20);

  /**
   * Records the gateway appends per message of the scenario's fleet: the reading and, since each
   * device reports once a minute, one one-minute aggregate (measured 1.99, docs/fault-tests.md).
   */
  static final double RECORDS_PER_MESSAGE = 2;

  /** The gateway's default {@code --backfill-rate} (records/s), which the scenario keeps. */
  static final double GATEWAY_BACKFILL_RATE = 2_000;

  /**
   * How long the fleet keeps publishing once Kafka is back: the {@value #OUTAGE_TAIL_PROPERTY}
   * property if set, else {@link #defaultOutageTail()}. Live readings are measured (delay receive
   * to Kafka, p50/p99) only while they overlap the drain, so the tail should cover it.
   *
   * @throws java.time.format.DateTimeParseException if the property is not an ISO-8601 duration
   */
  Duration outageTail() {
    return outageTail(System.getProperty(OUTAGE_TAIL_PROPERTY, ""));
  }

  /** As {@link #outageTail()}, with the property's value given ({@code ""} for unset). */
  Duration outageTail(String property) {
    String v = property.trim();
    if (v.isEmpty()) {
      return defaultOutageTail();
    }
    Duration tail = Duration.parse(v);
    if (tail.isNegative()) {
      throw new IllegalArgumentException(OUTAGE_TAIL_PROPERTY + " must not be negative: " + v);
    }
    return tail;
  }

  /**
   * The expected drain: the outage's backlog ({@code outageRate × kafkaOutage ×} {@value
   * #RECORDS_PER_MESSAGE} records) at the gateway's backfill rate, at least {@link
   * #MIN_OUTAGE_TAIL}. CI: 200/s × 20 s × 2 / 2,000/s = 4 s, so 20 s; soak: 1,000/s × 1,800 s × 2 /
   * 2,000/s = 30 minutes of live traffic through the drain.
   */
  Duration defaultOutageTail() {
    double records = outageRate * kafkaOutage.toSeconds() * RECORDS_PER_MESSAGE;
    Duration drain = Duration.ofSeconds((long) Math.ceil(records / GATEWAY_BACKFILL_RATE));
    return drain.compareTo(MIN_OUTAGE_TAIL) > 0 ? drain : MIN_OUTAGE_TAIL;
  }

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
