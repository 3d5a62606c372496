package dev.airtrace.anchoring.epoch;

import java.time.Duration;

/**
 * When an epoch seals: once its first header has waited {@code maxAge}, or once it holds {@code
 * maxHeaders} headers, whichever comes first.
 *
 * @param maxAge age of the oldest collected header (by arrival, not by its timestamps)
 * @param maxHeaders leaves per epoch tree; level-1 paths have at most log2 of this many hashes
 */
public record EpochPolicy(Duration maxAge, int maxHeaders) {
  /** Age bound: 10 minutes, the L2 end of anchoring.md §3.2 (use 1 h on L1). */
  public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(10);

  /**
   * Count bound: 1,024 headers, a 10-hash level-1 path; it also keeps one epoch record (about 110
   * bytes per leaf) well under Kafka's default 1 MiB message size.
   */
  public static final int DEFAULT_MAX_HEADERS = 1024;

  /** The largest allowed {@code maxHeaders}: 8,192 leaves keep a record under 1 MiB. */
  public static final int MAX_MAX_HEADERS = 8192;

  /** Validates both bounds. */
  public EpochPolicy {
    if (maxAge == null || maxAge.isNegative() || maxAge.isZero()) {
      throw new IllegalArgumentException("maxAge must be positive, was " + maxAge);
    }
    if (maxHeaders < 1 || maxHeaders > MAX_MAX_HEADERS) {
      throw new IllegalArgumentException(
          "maxHeaders must be 1.." + MAX_MAX_HEADERS + ", was " + maxHeaders);
    }
  }

  /** The defaults. */
  public static EpochPolicy defaults() {
    return new EpochPolicy(DEFAULT_MAX_AGE, DEFAULT_MAX_HEADERS);
  }

  /** A builder that starts from {@link #defaults()}. */
  public static Builder builder() {
    return defaults().toBuilder();
  }

  /** A builder that starts from this configuration; change what differs, then {@code build()}. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Collects the components of one {@link EpochPolicy}; {@link #build()} validates them. Not
   * thread-safe.
   */
  public static final class Builder {
    private Duration maxAge;
    private int maxHeaders;

    private Builder(EpochPolicy from) {
      this.maxAge = from.maxAge;
      this.maxHeaders = from.maxHeaders;
    }

    /** See {@link EpochPolicy#maxAge()}. */
    public Builder maxAge(Duration value) {
      this.maxAge = value;
      return this;
    }

    /** See {@link EpochPolicy#maxHeaders()}. */
    public Builder maxHeaders(int value) {
      this.maxHeaders = value;
      return this;
    }

    /**
     * The validated configuration.
     *
     * @throws IllegalArgumentException if a value is out of range
     */
    public EpochPolicy build() {
      return new EpochPolicy(maxAge, maxHeaders);
    }
  }
}
