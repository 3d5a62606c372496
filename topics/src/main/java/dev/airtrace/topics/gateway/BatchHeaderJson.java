package dev.airtrace.topics.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.airtrace.core.codec.Json;
import dev.airtrace.core.integrity.AnchorProofJson;
import dev.airtrace.core.integrity.BatchHeader;
import dev.airtrace.core.integrity.ProofFormatException;
import java.io.IOException;

/**
 * The JSON value of the batch-header topic ({@code airtrace.gateway.batch-headers.v1}; schema
 * {@code schemas/batch-header.v1.schema.json}): {@code gateway, seq, root, size, firstTs, lastTs,
 * signature?}. The object is the one an anchor proof embeds as its {@code gatewayBatch} ({@link
 * AnchorProofJson#batchHeaderTree}), so a header read from Kafka and one read from a proof are the
 * same bytes. Stateless and thread-safe.
 */
public final class BatchHeaderJson {
  private BatchHeaderJson() {}

  /** Encodes a header as compact UTF-8 JSON. */
  public static byte[] encode(BatchHeader header) {
    try {
      return Json.mapper().writeValueAsBytes(AnchorProofJson.batchHeaderTree(header));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a JSON tree", e);
    }
  }

  /**
   * Decodes what {@link #encode} wrote.
   *
   * @throws ProofFormatException naming the offending field when the bytes are not a header
   */
  public static BatchHeader decode(byte[] json) {
    JsonNode tree;
    try {
      tree = Json.mapper().readTree(json);
    } catch (IOException e) {
      throw new ProofFormatException("not JSON: " + e.getMessage(), e);
    }
    return AnchorProofJson.batchHeaderFromTree(tree);
  }
}
