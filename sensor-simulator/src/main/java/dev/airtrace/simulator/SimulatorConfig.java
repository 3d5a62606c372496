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
 * @param faults deliberate message faults to inject (rejects, duplicates, late readings)
 * @param processorGrace the stream processor's window grace, which the late readings are placed
 *     around; {@code >= 4 × interval}
 * @param messagesPerSecond publish rate, or 0 for as fast as the broker acknowledges
 * @param sensorFaults sensor faults injected into the values of chosen devices (valid messages with
 *     wrong values: stuck, drift, dropout, spike, noise, level shift); none by default
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
    double messagesPerSecond,
    SensorFaults sensorFaults) {

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

  /** Default publish rate: 0, as fast as the broker acknowledges. */
  public static final double DEFAULT_MESSAGES_PER_SECOND = 0;

  private static final long HOUR_MS = Duration.ofHours(1).toMillis();

  /** SenML needs absolute times after 2^28 s. */
  private static final long EARLIEST_START_MS = (1L << 28) * 1000;

  public SimulatorConfig {
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(faults, "faults");
    Objects.requireNonNull(processorGrace, "processorGrace");
    Objects.requireNonNull(sensorFaults, "sensorFaults");
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
        DEFAULT_MESSAGES_PER_SECOND,
        SensorFaults.none());
  }

  /** A builder that starts from {@link #defaults(long)}. */
  public static Builder builder(long startEpochMillis) {
    return defaults(startEpochMillis).toBuilder();
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

  /**
   * Checks that the faults fit the fleet: enough measurements to replace or repeat, and enough
   * hours that end at least 1.5 processor graces before the simulated end for the late readings.
   * Separate from the constructor because it relates several components and only matters to a run;
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
        sensorFaults.types().size() <= devices,
        sensorFaults.types().size() + " sensor faults need as many devices");
    require(
        !sensorFaults.any() || slots >= SensorFaults.MIN_SLOTS,
        "sensor faults need at least " + SensorFaults.MIN_SLOTS + " measurements per device");
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

  /** A builder that starts from this configuration; change what differs, then {@code build()}. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Collects the components of one {@link SimulatorConfig}; {@link #build()} validates them. Not
   * thread-safe.
   */
  public static final class Builder {
    private long seed;
    private String namespace;
    private int sites;
    private int devicesPerSite;
    private int hours;
    private Duration interval;
    private long startEpochMillis;
    private double senmlShare;
    private FaultMix faults;
    private Duration processorGrace;
    private double messagesPerSecond;
    private SensorFaults sensorFaults;

    private Builder(SimulatorConfig from) {
      this.seed = from.seed;
      this.namespace = from.namespace;
      this.sites = from.sites;
      this.devicesPerSite = from.devicesPerSite;
      this.hours = from.hours;
      this.interval = from.interval;
      this.startEpochMillis = from.startEpochMillis;
      this.senmlShare = from.senmlShare;
      this.faults = from.faults;
      this.processorGrace = from.processorGrace;
      this.messagesPerSecond = from.messagesPerSecond;
      this.sensorFaults = from.sensorFaults;
    }

    /** See {@link SimulatorConfig#sensorFaults()}. */
    public Builder sensorFaults(SensorFaults value) {
      this.sensorFaults = value;
      return this;
    }

    /** See {@link SimulatorConfig#seed()}. */
    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    /** See {@link SimulatorConfig#namespace()}. */
    public Builder namespace(String value) {
      this.namespace = value;
      return this;
    }

    /** See {@link SimulatorConfig#sites()}. */
    public Builder sites(int value) {
      this.sites = value;
      return this;
    }

    /** See {@link SimulatorConfig#devicesPerSite()}. */
    public Builder devicesPerSite(int value) {
      this.devicesPerSite = value;
      return this;
    }

    /** See {@link SimulatorConfig#hours()}. */
    public Builder hours(int value) {
      this.hours = value;
      return this;
    }

    /** See {@link SimulatorConfig#interval()}. */
    public Builder interval(Duration value) {
      this.interval = value;
      return this;
    }

    /** See {@link SimulatorConfig#startEpochMillis()}. */
    public Builder startEpochMillis(long value) {
      this.startEpochMillis = value;
      return this;
    }

    /** See {@link SimulatorConfig#senmlShare()}. */
    public Builder senmlShare(double value) {
      this.senmlShare = value;
      return this;
    }

    /** See {@link SimulatorConfig#faults()}. */
    public Builder faults(FaultMix value) {
      this.faults = value;
      return this;
    }

    /** See {@link SimulatorConfig#processorGrace()}. */
    public Builder processorGrace(Duration value) {
      this.processorGrace = value;
      return this;
    }

    /** See {@link SimulatorConfig#messagesPerSecond()}. */
    public Builder messagesPerSecond(double value) {
      this.messagesPerSecond = value;
      return this;
    }

    /** Sets the shape of the fleet: {@code sites × devicesPerSite} devices for {@code hours}. */
    public Builder fleet(int siteCount, int devicesEach, int hourCount) {
      this.sites = siteCount;
      this.devicesPerSite = devicesEach;
      this.hours = hourCount;
      return this;
    }

    /**
     * The validated configuration.
     *
     * @throws IllegalArgumentException if a value is out of range
     */
    public SimulatorConfig build() {
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
          messagesPerSecond,
          sensorFaults);
    }
  }
}
