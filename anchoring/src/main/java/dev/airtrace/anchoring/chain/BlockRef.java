package dev.airtrace.anchoring.chain;

import java.math.BigInteger;

/**
 * A block as far as anchoring cares: its number, its hash ({@code 0x}-prefixed lowercase hex) and
 * its base fee per gas in wei ({@code null} before London).
 */
public record BlockRef(long number, String hash, BigInteger baseFeePerGas) {
  /** Validates the fields. */
  public BlockRef {
    if (number < 0) {
      throw new IllegalArgumentException("block number must be >= 0, was " + number);
    }
    Hex.requireHash(hash, "hash");
  }
}
