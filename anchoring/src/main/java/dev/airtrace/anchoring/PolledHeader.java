package dev.airtrace.anchoring;

import dev.airtrace.core.deadletter.DeadLetter;
import dev.airtrace.core.integrity.BatchHeader;
import dev.airtrace.topics.Topics;
import dev.airtrace.topics.gateway.BatchHeaderJson;
import java.util.Objects;

/**
 * A batch header with where it came from, so that the loop can commit a partition only up to its
 * oldest header that is not yet in a stored epoch, and dead-letter a conflicting header with its
 * original bytes.
 *
 * @param header the header
 * @param partition the source partition
 * @param offset its offset in that partition
 * @param source {@code kafka:<topic>/<partition>/<offset>}, the dead-letter source
 * @param bytes the record value as received; not copied, do not modify
 */
public record PolledHeader(
    BatchHeader header, int partition, long offset, String source, byte[] bytes) {
  /** Validates the position. */
  public PolledHeader {
    Objects.requireNonNull(header, "header");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(bytes, "bytes");
    if (partition < 0 || offset < 0) {
      throw new IllegalArgumentException("partition and offset must be >= 0");
    }
  }

  /**
   * A header from the default batch-header topic whose bytes are its canonical encoding (for
   * sources that do not keep the original bytes, such as test fakes).
   */
  public PolledHeader(BatchHeader header, int partition, long offset) {
    this(
        header,
        partition,
        offset,
        DeadLetter.kafkaSource(Topics.BATCH_HEADERS.name(), partition, offset),
        BatchHeaderJson.encode(header));
  }
}
