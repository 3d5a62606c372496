package dev.airtrace.anchoring;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Objects;

/**
 * How the {@link Anchorer} drives the anchor transactions: where they go, what they may cost, how
 * fast fees rise, how hard an unreachable node is retried. A part of {@link AnchoringConfig}.
 *
 * @param contract the RootAnchor contract address ({@code 0x} + 40 hex digits)
 * @param gasLimit gas limit of each anchor transaction; RootAnchor needs about 25,600
 * @param inclusionTimeout T: a transaction not mined this long after its last broadcast is replaced
 *     with higher fees (same nonce)
 * @param feeBumpPercent how much a replacement raises both fee fields; geth and anvil require at
 *     least 10
 * @param maxFeeCeiling never offer more than this {@code maxFeePerGas}, in wei per gas; at the
 *     ceiling the transaction is rebroadcast unchanged and a warning logged
 * @param initialBackoff first wait after the node could not be reached
 * @param maxBackoff the longest wait between attempts while the node stays unreachable
 * @param maxInFlight at most this many epochs SUBMITTED and not yet mined; later ones stay SEALED
 */
public record TransactionPolicy(
    String contract,
    BigInteger gasLimit,
    Duration inclusionTimeout,
    int feeBumpPercent,
    BigInteger maxFeeCeiling,
    Duration initialBackoff,
    Duration maxBackoff,
    int maxInFlight) {
  /** Gas limit: RootAnchor uses 25,454-25,574 gas; 4x headroom for chains with other pricing. */
  public static final BigInteger DEFAULT_GAS_LIMIT = BigInteger.valueOf(100_000);

  /** Fee-bump timer; a bit more than a dozen L1 slots. */
  public static final Duration DEFAULT_INCLUSION_TIMEOUT = Duration.ofMinutes(3);

  /** Replacement bump; above the 10 % that geth's txpool requires, so rounding never fails it. */
  public static final int DEFAULT_FEE_BUMP_PERCENT = 12;

  /** Ceiling on {@code maxFeePerGas}: 200 gwei. */
  public static final BigInteger DEFAULT_MAX_FEE_CEILING = BigInteger.valueOf(200_000_000_000L);

  /** First backoff after an RPC failure. */
  public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofSeconds(1);

  /** Longest backoff while the RPC stays down. */
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMinutes(1);

  /** In-flight transactions; a backlog after an outage goes out in chunks of this size. */
  public static final int DEFAULT_MAX_IN_FLIGHT = 16;

  /** The minimum bump nodes accept for a same-nonce replacement. */
  public static final int MIN_FEE_BUMP_PERCENT = 10;

  /** Validates every field. */
  public TransactionPolicy {
    Objects.requireNonNull(contract, "contract");
    if (!contract.matches("0x[0-9a-fA-F]{40}")) {
      throw new IllegalArgumentException("contract must be 0x + 40 hex digits, was " + contract);
    }
    if (gasLimit == null || gasLimit.compareTo(BigInteger.valueOf(21_000)) < 0) {
      throw new IllegalArgumentException("gasLimit must be >= 21000, was " + gasLimit);
    }
    requirePositive(inclusionTimeout, "inclusionTimeout");
    if (feeBumpPercent < MIN_FEE_BUMP_PERCENT || feeBumpPercent > 1000) {
      throw new IllegalArgumentException(
          "feeBumpPercent must be " + MIN_FEE_BUMP_PERCENT + "..1000, was " + feeBumpPercent);
    }
    if (maxFeeCeiling == null || maxFeeCeiling.signum() <= 0) {
      throw new IllegalArgumentException("maxFeeCeiling must be > 0 wei, was " + maxFeeCeiling);
    }
    requirePositive(initialBackoff, "initialBackoff");
    requirePositive(maxBackoff, "maxBackoff");
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("maxBackoff must be >= initialBackoff");
    }
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be >= 1, was " + maxInFlight);
    }
    contract = contract.toLowerCase(java.util.Locale.ROOT);
  }

  /** The defaults for {@code contract}. */
  public static TransactionPolicy defaults(String contract) {
    return new TransactionPolicy(
        contract,
        DEFAULT_GAS_LIMIT,
        DEFAULT_INCLUSION_TIMEOUT,
        DEFAULT_FEE_BUMP_PERCENT,
        DEFAULT_MAX_FEE_CEILING,
        DEFAULT_INITIAL_BACKOFF,
        DEFAULT_MAX_BACKOFF,
        DEFAULT_MAX_IN_FLIGHT);
  }

  /** A builder that starts from {@link #defaults(String)}. */
  public static Builder builder(String contract) {
    return defaults(contract).toBuilder();
  }

  private static void requirePositive(Duration d, String name) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + d);
    }
  }

  /** A builder that starts from this configuration; change what differs, then {@code build()}. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Collects the components of one {@link TransactionPolicy}; {@link #build()} validates them. Not
   * thread-safe.
   */
  public static final class Builder {
    private String contract;
    private BigInteger gasLimit;
    private Duration inclusionTimeout;
    private int feeBumpPercent;
    private BigInteger maxFeeCeiling;
    private Duration initialBackoff;
    private Duration maxBackoff;
    private int maxInFlight;

    private Builder(TransactionPolicy from) {
      this.contract = from.contract;
      this.gasLimit = from.gasLimit;
      this.inclusionTimeout = from.inclusionTimeout;
      this.feeBumpPercent = from.feeBumpPercent;
      this.maxFeeCeiling = from.maxFeeCeiling;
      this.initialBackoff = from.initialBackoff;
      this.maxBackoff = from.maxBackoff;
      this.maxInFlight = from.maxInFlight;
    }

    /** See {@link TransactionPolicy#contract()}. */
    public Builder contract(String value) {
      this.contract = value;
      return this;
    }

    /** See {@link TransactionPolicy#gasLimit()}. */
    public Builder gasLimit(BigInteger value) {
      this.gasLimit = value;
      return this;
    }

    /** See {@link TransactionPolicy#inclusionTimeout()}. */
    public Builder inclusionTimeout(Duration value) {
      this.inclusionTimeout = value;
      return this;
    }

    /** See {@link TransactionPolicy#feeBumpPercent()}. */
    public Builder feeBumpPercent(int value) {
      this.feeBumpPercent = value;
      return this;
    }

    /** See {@link TransactionPolicy#maxFeeCeiling()}. */
    public Builder maxFeeCeiling(BigInteger value) {
      this.maxFeeCeiling = value;
      return this;
    }

    /** See {@link TransactionPolicy#initialBackoff()}. */
    public Builder initialBackoff(Duration value) {
      this.initialBackoff = value;
      return this;
    }

    /** See {@link TransactionPolicy#maxBackoff()}. */
    public Builder maxBackoff(Duration value) {
      this.maxBackoff = value;
      return this;
    }

    /** See {@link TransactionPolicy#maxInFlight()}. */
    public Builder maxInFlight(int value) {
      this.maxInFlight = value;
      return this;
    }

    /** Sets both backoff bounds; see {@link TransactionPolicy#initialBackoff()}. */
    public Builder backoff(Duration initial, Duration max) {
      this.initialBackoff = initial;
      this.maxBackoff = max;
      return this;
    }

    /**
     * The validated configuration.
     *
     * @throws IllegalArgumentException if a value is out of range
     */
    public TransactionPolicy build() {
      return new TransactionPolicy(
          contract,
          gasLimit,
          inclusionTimeout,
          feeBumpPercent,
          maxFeeCeiling,
          initialBackoff,
          maxBackoff,
          maxInFlight);
    }
  }
}
