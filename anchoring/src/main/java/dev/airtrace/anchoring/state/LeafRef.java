package dev.airtrace.anchoring.state;

import java.util.Comparator;
import java.util.HexFormat;

/**
 * One leaf of an epoch tree: the gateway batch header it stands for (gateway id and batch seq, the
 * Kafka key {@code gatewayId:seq}) and its leaf hash {@code SHA-256(0x00 || canonicalBytes)}, as
 * lowercase hex. Enough to rebuild the epoch tree and every level-1 path without the headers.
 */
public record LeafRef(String gatewayId, long gatewaySeq, String leafHash) {
  /**
   * The leaf order inside an epoch: gateway id by its UTF-8 bytes (unsigned), then batch seq
   * numerically. Anyone holding the headers can rebuild the same tree.
   */
  public static final Comparator<LeafRef> EPOCH_ORDER =
      Comparator.comparing(LeafRef::gatewayId, LeafRef::compareUtf8)
          .thenComparingLong(LeafRef::gatewaySeq);

  /** Validates the id, seq and hash. */
  public LeafRef {
    if (gatewayId == null || gatewayId.isBlank()) {
      throw new IllegalArgumentException("gatewayId must not be blank");
    }
    if (gatewaySeq < 0) {
      throw new IllegalArgumentException("gatewaySeq must be >= 0, was " + gatewaySeq);
    }
    if (leafHash == null || leafHash.length() != 64) {
      throw new IllegalArgumentException("leafHash must be 64 hex digits, was " + leafHash);
    }
    HexFormat.of().parseHex(leafHash);
  }

  /** The Kafka key of the header, {@code gatewayId:seq}. */
  public String key() {
    return gatewayId + ":" + gatewaySeq;
  }

  /** The leaf hash as bytes. */
  public byte[] leafHashBytes() {
    return HexFormat.of().parseHex(leafHash);
  }

  /** Compares two strings by their UTF-8 bytes, unsigned (code-point order). */
  public static int compareUtf8(String a, String b) {
    byte[] x = a.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] y = b.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return java.util.Arrays.compareUnsigned(x, y);
  }
}
