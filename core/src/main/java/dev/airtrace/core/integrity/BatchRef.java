package dev.airtrace.core.integrity;

/**
 * Where a reading sits in its gateway's Merkle batches: the batch counter of the gateway that
 * accepted it and the reading's leaf index in that batch. Written on the readings topic as {@code
 * "batch":{"seq":17,"index":3}}; together with the reading's {@code gatewayId} it names one leaf of
 * one {@link BatchHeader}. Immutable.
 *
 * @param seq the gateway's batch counter ({@link BatchHeader#seq()}), {@code >= 0}, at most {@code
 *     2^53-1}
 * @param index the leaf index in that batch, {@code >= 0} (below the header's size once sealed)
 */
public record BatchRef(long seq, long index) {
  public BatchRef {
    if (seq < 0) {
      throw new IllegalArgumentException("batch seq must be >= 0 but was " + seq);
    }
    Jcs.requireSafeInteger("seq", seq);
    if (index < 0 || index > BatchHeader.MAX_SIZE) {
      throw new IllegalArgumentException("batch index must be in [0, 2^32-1] but was " + index);
    }
  }
}
