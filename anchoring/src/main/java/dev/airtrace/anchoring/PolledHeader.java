package dev.airtrace.anchoring;

import dev.airtrace.core.integrity.BatchHeader;
import java.util.Objects;

/**
 * A batch header with where it came from, so that the loop can commit a partition only up to its
 * oldest header that is not yet in a stored epoch.
 *
 * @param header the header
 * @param partition the source partition
 * @param offset its offset in that partition
 */
public record PolledHeader(BatchHeader header, int partition, long offset) {
  /** Validates the position. */
  public PolledHeader {
    Objects.requireNonNull(header, "header");
    if (partition < 0 || offset < 0) {
      throw new IllegalArgumentException("partition and offset must be >= 0");
    }
  }
}
