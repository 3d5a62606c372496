package dev.airtrace.topics.gateway;

/**
 * Statistics of one quantity over one device-minute, in the quantity's canonical unit. Immutable.
 *
 * @param count number of readings that carried the quantity, {@code >= 1}
 * @param min smallest value
 * @param max largest value
 * @param mean arithmetic mean
 * @param last the value with the highest event time (ties: the highest sequence number), so it does
 *     not depend on arrival order
 */
public record QuantityStats(long count, double min, double max, double mean, double last) {
  public QuantityStats {
    if (count < 1) {
      throw new IllegalArgumentException("count must be >= 1 but was " + count);
    }
  }
}
