package dev.airtrace.anchoring.chain;

import java.math.BigInteger;

/**
 * EIP-1559 fees of one transaction, in wei per gas: {@code maxFeePerGas} caps what is paid, {@code
 * maxPriorityFeePerGas} is the tip to the block producer.
 */
public record Fees(BigInteger maxFeePerGas, BigInteger maxPriorityFeePerGas) {
  private static final BigInteger HUNDRED = BigInteger.valueOf(100);

  /** Validates that both are non-negative and the tip does not exceed the cap. */
  public Fees {
    if (maxFeePerGas == null || maxFeePerGas.signum() < 0) {
      throw new IllegalArgumentException("maxFeePerGas must be >= 0, was " + maxFeePerGas);
    }
    if (maxPriorityFeePerGas == null || maxPriorityFeePerGas.signum() < 0) {
      throw new IllegalArgumentException(
          "maxPriorityFeePerGas must be >= 0, was " + maxPriorityFeePerGas);
    }
    if (maxPriorityFeePerGas.compareTo(maxFeePerGas) > 0) {
      throw new IllegalArgumentException(
          "tip " + maxPriorityFeePerGas + " exceeds maxFeePerGas " + maxFeePerGas);
    }
  }

  /** Both values raised by {@code percent} percent, rounded up, and at least by 1 wei. */
  public Fees bumpedBy(int percent) {
    return new Fees(bump(maxFeePerGas, percent), bump(maxPriorityFeePerGas, percent));
  }

  /** Each value is at least the one in {@code other}. */
  public boolean covers(Fees other) {
    return maxFeePerGas.compareTo(other.maxFeePerGas) >= 0
        && maxPriorityFeePerGas.compareTo(other.maxPriorityFeePerGas) >= 0;
  }

  /** The element-wise maximum of this and {@code other}. */
  public Fees max(Fees other) {
    return new Fees(
        maxFeePerGas.max(other.maxFeePerGas), maxPriorityFeePerGas.max(other.maxPriorityFeePerGas));
  }

  /** These fees with the cap limited to {@code ceiling} (and the tip to the new cap). */
  public Fees cappedAt(BigInteger ceiling) {
    BigInteger cap = maxFeePerGas.min(ceiling);
    return new Fees(cap, maxPriorityFeePerGas.min(cap));
  }

  private static BigInteger bump(BigInteger value, int percent) {
    BigInteger scaled = value.multiply(BigInteger.valueOf(100L + percent));
    BigInteger[] qr = scaled.divideAndRemainder(HUNDRED);
    BigInteger up = qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE);
    return up.max(value.add(BigInteger.ONE));
  }
}
