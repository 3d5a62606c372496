package dev.airtrace.simulator;

import dev.airtrace.core.SiteId;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A simulated sensor fleet: {@code sites × devicesPerSite} devices, each measuring every {@code
 * interval} for {@code hours} simulated hours from {@code startEpochMillis}, plus injected faults.
 * Immutable; equal configs produce byte-identical plans.
 *
 * <p>For the plan's expectations to hold, the gateway's clock must accept the simulated period: it
 * must lie within the gateway's {@code maxAge} in the past and, for the future-time faults, the
 * gateway's clock must be earlier than a year after the simulated end. {@link
 * #startHoursBefore(Instant, int)} gives a start that ends the period at the last full hour.
 *
 * @param seed seeds the values and their noise, each device's phase within the interval, and the
 *     choice of fault targets
 * @param namespace prefix of site and device ids, e.g. {@code sim} gives {@code sim-site-1} and
 *     {@code sim-site-1-dev-1}; lets tests share a broker
 * @param sites number of sites, {@code [1, 99]}
 * @param devicesPerSite devices per site, {@code [1, 999]}
 * @param hours simulated hours, {@code >= 1}
 * @param interval measurement interval, whole seconds dividing an hour
 * @param startEpochMillis start of the simulated period, an hour boundary, epoch ms UTC
 * @param senmlShare fraction of each site's devices that publish SenML instead of airtrace JSON,
 *     {@code [0, 1]}
 * @param faults deliberate faults to inject
 * @param processorGrace the stream processor's window grace, which the late readings are placed
 *     around; {@code >= 4 × interval}
 * @param messagesPerSecond publish rate, or 0 for as fast as the broker acknowledges
 */
public record SimulatorConfig(
    long seed,
    String namespace,
    int sites,
    int devicesPerSite,
    int hours,
    Duration interval,
    long startEpochMillis,
    double senmlShare,
    FaultMix faults,
    Duration processorGrace,
    double messagesPerSecond) {

  /** Default seed. */
  public static final long DEFAULT_SEED = 20_261_125L;

  /** Default id prefix. */
  public static final String DEFAULT_NAMESPACE = "sim";

  /** Default number of sites. */
  public static final int DEFAULT_SITES = 3;

  /** Default devices per site. */
  public static final int DEFAULT_DEVICES_PER_SITE = 5;

  /** Default simulated period: 26 hours, enough for NowCast (12 h) and 24-hour averages. */
  public static final int DEFAULT_HOURS = 26;

  /** Default measurement interval. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);

  /** Default share of SenML devices: 2 of 5 per site. */
  public static final double DEFAULT_SENML_SHARE = 0.4;

  /** Default assumption about the stream processor's window grace. */
  public static final Duration DEFAULT_PROCESSOR_GRACE = Duration.ofMinutes(10);

  private static final long HOUR_MS = Duration.ofHours(1).toMillis();

  /** SenML needs absolute times after 2^28 s. */
  private static final long EARLIEST_START_MS = (1L << 28) * 1000;

  public SimulatorConfig {
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(faults, "faults");
    Objects.requireNonNull(processorGrace, "processorGrace");
    if (namespace == null || !SiteId.isValid(namespace + "-site-99-dev-999")) {
      throw new IllegalArgumentException(
          "namespace must be letters, digits, '.', '_', '-' or ':' and short enough for ids but was "
              + namespace);
    }
    require(sites >= 1 && sites <= 99, "sites must be in [1, 99] but was " + sites);
    require(
        devicesPerSite >= 1 && devicesPerSite <= 999,
        "devicesPerSite must be in [1, 999] but was " + devicesPerSite);
    require(hours >= 1, "hours must be >= 1 but was " + hours);
    require(
        !interval.isNegative()
            && interval.toSeconds() >= 1
            && interval.toMillis() % 1000 == 0
            && HOUR_MS % interval.toMillis() == 0,
        "interval must be whole seconds that divide an hour but was " + interval);
    require(
        startEpochMillis % HOUR_MS == 0 && startEpochMillis >= EARLIEST_START_MS,
        "startEpochMillis must be an hour boundary after 1978-07-05 but was " + startEpochMillis);
    require(
        senmlShare >= 0 && senmlShare <= 1, "senmlShare must be in [0, 1] but was " + senmlShare);
    require(
        processorGrace.compareTo(interval.multipliedBy(4)) >= 0
            && processorGrace.compareTo(Duration.ofHours(12)) <= 0,
        "processorGrace must be in [4 × interval, 12 h] so that late readings land clearly inside"
            + " or outside it, but was "
            + processorGrace);
    require(
        messagesPerSecond >= 0 && Double.isFinite(messagesPerSecond),
        "messagesPerSecond must be >= 0 but was " + messagesPerSecond);
  }

  /** The defaults with the given start. */
  public static SimulatorConfig defaults(long startEpochMillis) {
    return new SimulatorConfig(
        DEFAULT_SEED,
        DEFAULT_NAMESPACE,
        DEFAULT_SITES,
        DEFAULT_DEVICES_PER_SITE,
        DEFAULT_HOURS,
        DEFAULT_INTERVAL,
        startEpochMillis,
        DEFAULT_SENML_SHARE,
        FaultMix.defaults(),
        DEFAULT_PROCESSOR_GRACE,
        0);
  }

  /** The hour boundary {@code hours} before the last full hour at {@code now}. */
  public static long startHoursBefore(Instant now, int hours) {
    long lastFullHour = Math.floorDiv(now.toEpochMilli(), HOUR_MS) * HOUR_MS;
    return lastFullHour - hours * HOUR_MS;
  }

  /** End of the simulated period (exclusive), epoch ms. */
  public long endEpochMillis() {
    return startEpochMillis + hours * HOUR_MS;
  }

  /** Measurements per device. */
  public int slotsPerDevice() {
    return (int) (hours * (HOUR_MS / interval.toMillis()));
  }

  /** A copy with another shape of fleet. */
  public SimulatorConfig withFleet(int siteCount, int devicesEach, int hourCount) {
    return new SimulatorConfig(
        seed,
        namespace,
        siteCount,
        devicesEach,
        hourCount,
        interval,
        startEpochMillis,
        senmlShare,
        faults,
        processorGrace,
        messagesPerSecond);
  }

  /** A copy with other faults. */
  public SimulatorConfig withFaults(FaultMix mix) {
    return new SimulatorConfig(
        seed,
        namespace,
        sites,
        devicesPerSite,
        hours,
        interval,
        startEpochMillis,
        senmlShare,
        mix,
        processorGrace,
        messagesPerSecond);
  }

  /** A copy with another id namespace. */
  public SimulatorConfig withNamespace(String prefix) {
    return new SimulatorConfig(
        seed,
        prefix,
        sites,
        devicesPerSite,
        hours,
        interval,
        startEpochMillis,
        senmlShare,
        faults,
        processorGrace,
        messagesPerSecond);
  }

  /** A copy with another interval. */
  public SimulatorConfig withInterval(Duration every) {
    return new SimulatorConfig(
        seed,
        namespace,
        sites,
        devicesPerSite,
        hours,
        every,
        startEpochMillis,
        senmlShare,
        faults,
        processorGrace,
        messagesPerSecond);
  }

  /** A copy with another seed. */
  public SimulatorConfig withSeed(long value) {
    return new SimulatorConfig(
        value,
        namespace,
        sites,
        devicesPerSite,
        hours,
        interval,
        startEpochMillis,
        senmlShare,
        faults,
        processorGrace,
        messagesPerSecond);
  }

  /** A copy with another publish rate (0 = unpaced). */
  public SimulatorConfig withMessagesPerSecond(double rate) {
    return new SimulatorConfig(
        seed,
        namespace,
        sites,
        devicesPerSite,
        hours,
        interval,
        startEpochMillis,
        senmlShare,
        faults,
        processorGrace,
        rate);
  }

  /**
   * Checks that the faults fit the fleet: enough measurements to replace or repeat, and enough
   * hours that end at least 1.5 processor graces before the simulated end for the late readings.
   * Separate from the constructor so that {@code with...} copies can be chained in any order;
   * {@link Simulator} calls it.
   *
   * @throws IllegalArgumentException if they do not fit
   */
  public void requireFaultsFit() {
    long devices = (long) sites * devicesPerSite;
    long slots = slotsPerDevice();
    require(
        faults.replacing() + faults.duplicates() + faults.late() <= devices * (slots - 4) / 2,
        "too many faults for " + devices + " devices × " + slots + " readings");
    require(
        faults.late() <= devices * lateHours(hours, processorGrace),
        "lateWithinGrace + lateBeyondGrace need hours that end at least 1.5 × processorGrace"
            + " before the simulated end; there are only "
            + lateHours(hours, processorGrace)
            + " per device");
  }

  /** Hours whose end lies at least 1.5 × grace before the simulated end. */
  static long lateHours(int hours, Duration grace) {
    long lead = grace.toMillis() * 3 / 2;
    long n = 0;
    for (int h = 1; h <= hours; h++) {
      if (h * HOUR_MS + lead <= hours * HOUR_MS) {
        n++;
      }
    }
    return n;
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
