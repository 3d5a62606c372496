package dev.airtrace.gateway.outbox;

import dev.airtrace.core.GatewayId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The gateway's disk outbox. Immutable. See {@code docs/durability.md} for what each setting
 * survives and how to size it.
 *
 * @param enabled {@code true} (default): MQTT messages are acknowledged once their records are in
 *     the outbox and a forwarder sends them to Kafka; {@code false}: acknowledged only after Kafka,
 *     no disk (the pre-outbox behaviour, kept for comparison and for hosts without a disk)
 * @param directory where the outbox lives, or {@code null} for {@code
 *     <stateDirectory>/outbox-<gatewayId>} (see {@link #directory(Path, GatewayId)}); must survive
 *     reboots
 * @param maxBytes bound on the records in the outbox (their stored size before compression), at
 *     least 1 MiB
 * @param maxAge records older than this are dropped, counted ({@code EXPIRED}), {@code > 0}
 * @param overflow what happens at {@code maxBytes}
 * @param fsync when the log is forced to disk
 * @param fsyncInterval the period of {@link FsyncPolicy#INTERVAL}, {@code > 0}
 * @param backfillRate most backfill records per second sent to Kafka, {@code >= 1}; live records
 *     are not limited
 * @param backfillAfter a record the forwarder has not sent within this time of its append (link
 *     down, Kafka slow, gateway stopped) becomes backfill: sent after live records, at {@code
 *     backfillRate}, marked; {@code > 0}
 * @param maxInFlight most records handed to Kafka and not yet acknowledged, {@code >= 1}
 * @param retryBackoffInitial first wait before a new Kafka producer after a send failure, {@code >
 *     0}; it doubles after each failure
 * @param retryBackoffMax longest wait between Kafka producer retries, {@code >=
 *     retryBackoffInitial}
 */
public record OutboxConfig(
    boolean enabled,
    Path directory,
    long maxBytes,
    Duration maxAge,
    OverflowPolicy overflow,
    FsyncPolicy fsync,
    Duration fsyncInterval,
    int backfillRate,
    Duration backfillAfter,
    int maxInFlight,
    Duration retryBackoffInitial,
    Duration retryBackoffMax) {

  /**
   * Default bound: 4 GiB of stored records, sized for the outage issue #10 sets as the target, 30
   * minutes at 1,000 readings/s. Measured stored bytes per message, each a reading with its share
   * of one-minute aggregates and batch headers: 1,687 in that soak scenario, 1,900 with {@code
   * OutboxFootprint}'s fleet (nine quantities with QC flags). So such an outage takes 3.0 to 3.4
   * GB; 4 GiB holds 38 to 42 minutes at that rate, about two weeks at 4 readings/s. On disk that is
   * about 43 % (LZ4 data files, write-ahead log included): about 1.9 GB when full, which an 8 GB
   * card holds next to the OS. A smaller disk is safe too: when the disk fills first, appends wait
   * and MQTT is back-pressured like at the bound (docs/durability.md, "Disk full"). The bound costs
   * no memory (RocksDB's memory is bounded on its own). Was 1 GiB, which filled after about 10
   * minutes of the 30-minute soak outage.
   */
  public static final long DEFAULT_MAX_BYTES = 4L << 30;

  /** Default age bound: 7 days, the processor's lateness horizon; older readings are useless. */
  public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(7);

  /** Default fsync period for {@link FsyncPolicy#INTERVAL}: 1 s. */
  public static final Duration DEFAULT_FSYNC_INTERVAL = Duration.ofSeconds(1);

  /**
   * Default backfill rate: 2,000 records/s, twice a busy gateway's live rate, so a backlog drains
   * in about the outage's length while live data keeps the rest of the link.
   */
  public static final int DEFAULT_BACKFILL_RATE = 2_000;

  /** Default age at which an unsent record becomes backfill: 30 s. */
  public static final Duration DEFAULT_BACKFILL_AFTER = Duration.ofSeconds(30);

  /** Default records in flight to Kafka: 8,192 (a few MB of memory at most). */
  public static final int DEFAULT_MAX_IN_FLIGHT = 8_192;

  /** Default first wait after a Kafka send failure: 1 s, doubling up to 30 s. */
  public static final Duration DEFAULT_RETRY_BACKOFF_INITIAL = Duration.ofSeconds(1);

  /** Default longest wait between Kafka producer retries: 30 s. */
  public static final Duration DEFAULT_RETRY_BACKOFF_MAX = Duration.ofSeconds(30);

  /** Smallest byte bound accepted: 1 MiB. */
  public static final long MIN_MAX_BYTES = 1L << 20;

  public OutboxConfig {
    Objects.requireNonNull(maxAge, "maxAge");
    Objects.requireNonNull(overflow, "overflow");
    Objects.requireNonNull(fsync, "fsync");
    Objects.requireNonNull(fsyncInterval, "fsyncInterval");
    Objects.requireNonNull(backfillAfter, "backfillAfter");
    Objects.requireNonNull(retryBackoffInitial, "retryBackoffInitial");
    Objects.requireNonNull(retryBackoffMax, "retryBackoffMax");
    if (maxBytes < MIN_MAX_BYTES) {
      throw new IllegalArgumentException(
          "maxBytes must be >= " + MIN_MAX_BYTES + " (1 MiB) but was " + maxBytes);
    }
    positive("maxAge", maxAge);
    positive("fsyncInterval", fsyncInterval);
    positive("backfillAfter", backfillAfter);
    positive("retryBackoffInitial", retryBackoffInitial);
    if (retryBackoffMax.compareTo(retryBackoffInitial) < 0) {
      throw new IllegalArgumentException(
          "retryBackoffMax must be >= retryBackoffInitial (" + retryBackoffInitial + ")");
    }
    if (backfillRate < 1) {
      throw new IllegalArgumentException("backfillRate must be >= 1 but was " + backfillRate);
    }
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be >= 1 but was " + maxInFlight);
    }
  }

  private static void positive(String name, Duration d) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be > 0 but was " + d);
    }
  }

  /** The outbox on, in the default directory, with every default above. */
  public static OutboxConfig defaults() {
    return new OutboxConfig(
        true,
        null,
        DEFAULT_MAX_BYTES,
        DEFAULT_MAX_AGE,
        OverflowPolicy.BACKPRESSURE,
        FsyncPolicy.PER_BATCH,
        DEFAULT_FSYNC_INTERVAL,
        DEFAULT_BACKFILL_RATE,
        DEFAULT_BACKFILL_AFTER,
        DEFAULT_MAX_IN_FLIGHT,
        DEFAULT_RETRY_BACKOFF_INITIAL,
        DEFAULT_RETRY_BACKOFF_MAX);
  }

  /** No outbox: messages are acknowledged after Kafka. */
  public static OutboxConfig disabled() {
    return defaults().toBuilder().enabled(false).build();
  }

  /** A builder that starts from {@link #defaults()}. */
  public static Builder builder() {
    return defaults().toBuilder();
  }

  /** A builder that starts from this configuration. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * The outbox directory: {@link #directory()} if set, else {@code
   * <stateDirectory>/outbox-<gatewayId>}.
   */
  public Path directory(Path stateDirectory, GatewayId gatewayId) {
    return directory != null ? directory : stateDirectory.resolve("outbox-" + gatewayId.value());
  }

  /** Collects the components of one {@link OutboxConfig}; not thread-safe. */
  public static final class Builder {
    private boolean enabled;
    private Path directory;
    private long maxBytes;
    private Duration maxAge;
    private OverflowPolicy overflow;
    private FsyncPolicy fsync;
    private Duration fsyncInterval;
    private int backfillRate;
    private Duration backfillAfter;
    private int maxInFlight;
    private Duration retryBackoffInitial;
    private Duration retryBackoffMax;

    private Builder(OutboxConfig from) {
      this.enabled = from.enabled;
      this.directory = from.directory;
      this.maxBytes = from.maxBytes;
      this.maxAge = from.maxAge;
      this.overflow = from.overflow;
      this.fsync = from.fsync;
      this.fsyncInterval = from.fsyncInterval;
      this.backfillRate = from.backfillRate;
      this.backfillAfter = from.backfillAfter;
      this.maxInFlight = from.maxInFlight;
      this.retryBackoffInitial = from.retryBackoffInitial;
      this.retryBackoffMax = from.retryBackoffMax;
    }

    /** See {@link OutboxConfig#enabled()}. */
    public Builder enabled(boolean value) {
      this.enabled = value;
      return this;
    }

    /** See {@link OutboxConfig#directory()}. */
    public Builder directory(Path value) {
      this.directory = value;
      return this;
    }

    /** See {@link OutboxConfig#maxBytes()}. */
    public Builder maxBytes(long value) {
      this.maxBytes = value;
      return this;
    }

    /** See {@link OutboxConfig#maxAge()}. */
    public Builder maxAge(Duration value) {
      this.maxAge = value;
      return this;
    }

    /** See {@link OutboxConfig#overflow()}. */
    public Builder overflow(OverflowPolicy value) {
      this.overflow = value;
      return this;
    }

    /** See {@link OutboxConfig#fsync()}. */
    public Builder fsync(FsyncPolicy value) {
      this.fsync = value;
      return this;
    }

    /** See {@link OutboxConfig#fsyncInterval()}. */
    public Builder fsyncInterval(Duration value) {
      this.fsyncInterval = value;
      return this;
    }

    /** See {@link OutboxConfig#backfillRate()}. */
    public Builder backfillRate(int value) {
      this.backfillRate = value;
      return this;
    }

    /** See {@link OutboxConfig#backfillAfter()}. */
    public Builder backfillAfter(Duration value) {
      this.backfillAfter = value;
      return this;
    }

    /** See {@link OutboxConfig#maxInFlight()}. */
    public Builder maxInFlight(int value) {
      this.maxInFlight = value;
      return this;
    }

    /**
     * Sets {@link OutboxConfig#retryBackoffInitial()} and {@link OutboxConfig#retryBackoffMax()}.
     */
    public Builder retryBackoff(Duration initial, Duration max) {
      this.retryBackoffInitial = initial;
      this.retryBackoffMax = max;
      return this;
    }

    /**
     * The validated configuration.
     *
     * @throws IllegalArgumentException if a value is out of range
     */
    public OutboxConfig build() {
      return new OutboxConfig(
          enabled,
          directory,
          maxBytes,
          maxAge,
          overflow,
          fsync,
          fsyncInterval,
          backfillRate,
          backfillAfter,
          maxInFlight,
          retryBackoffInitial,
          retryBackoffMax);
    }
  }
}
