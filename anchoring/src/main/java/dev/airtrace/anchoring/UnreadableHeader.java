package dev.airtrace.anchoring;

import java.util.Objects;

/**
 * A batch-header record whose value does not decode, as the source saw it, so that the loop can
 * dead-letter it with its original bytes.
 *
 * @param key the record key ({@code gatewayId:seq} by contract), or null
 * @param value the original bytes (empty for a null value); not copied, do not modify
 * @param source {@code kafka:<topic>/<partition>/<offset>}
 * @param error why it did not decode
 */
public record UnreadableHeader(String key, byte[] value, String source, String error) {
  /** Validates presence. */
  public UnreadableHeader {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(error, "error");
  }
}
