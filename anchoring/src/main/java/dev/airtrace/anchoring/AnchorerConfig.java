package dev.airtrace.anchoring;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Objects;

/**
 * How the {@link Anchorer} drives transactions.
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
public record AnchorerConfig(
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
  public AnchorerConfig {
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
  public static AnchorerConfig defaults(String contract) {
    return new AnchorerConfig(
        contract,
        DEFAULT_GAS_LIMIT,
        DEFAULT_INCLUSION_TIMEOUT,
        DEFAULT_FEE_BUMP_PERCENT,
        DEFAULT_MAX_FEE_CEILING,
        DEFAULT_INITIAL_BACKOFF,
        DEFAULT_MAX_BACKOFF,
        DEFAULT_MAX_IN_FLIGHT);
  }

  /** A copy with another inclusion timeout. */
  public AnchorerConfig withInclusionTimeout(Duration timeout) {
    return new AnchorerConfig(
        contract,
        gasLimit,
        timeout,
        feeBumpPercent,
        maxFeeCeiling,
        initialBackoff,
        maxBackoff,
        maxInFlight);
  }

  /** A copy with another fee ceiling. */
  public AnchorerConfig withMaxFeeCeiling(BigInteger ceiling) {
    return new AnchorerConfig(
        contract,
        gasLimit,
        inclusionTimeout,
        feeBumpPercent,
        ceiling,
        initialBackoff,
        maxBackoff,
        maxInFlight);
  }

  /** A copy with other backoff bounds. */
  public AnchorerConfig withBackoff(Duration initial, Duration max) {
    return new AnchorerConfig(
        contract,
        gasLimit,
        inclusionTimeout,
        feeBumpPercent,
        maxFeeCeiling,
        initial,
        max,
        maxInFlight);
  }

  private static void requirePositive(Duration d, String name) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + d);
    }
  }
}
