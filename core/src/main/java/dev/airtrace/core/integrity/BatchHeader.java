package dev.airtrace.core.integrity;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airtrace.core.GatewayId;
import dev.airtrace.core.codec.Json;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The header of one sealed gateway batch: which gateway, its batch counter, the Merkle root over
 * the batch's reading leaves, how many leaves, the first and last timestamp, and the gateway's
 * Ed25519 signature over {@link #canonicalBytes()}.
 *
 * <p>{@link #canonicalBytes()} is what the gateway signs <em>and</em> the leaf this header becomes
 * in the anchoring service's epoch tree, so a proof ties the reading to the gateway's signature and
 * to the chain with one set of bytes. Immutable (arrays are copied in and out); thread-safe.
 *
 * @param gatewayId the gateway that sealed the batch
 * @param seq the gateway's batch counter, from 0, strictly increasing per gateway (a gap is a batch
 *     that never sealed, see docs/gateway.md)
 * @param root the 32-byte RFC 6962 root over the batch's leaves
 * @param size number of leaves, 0 to {@code 2^32-1} (the contract's {@code uint32})
 * @param firstTs the first timestamp covered, epoch milliseconds
 * @param lastTs the last timestamp covered, epoch milliseconds, {@code >= firstTs}
 * @param signature the gateway's 64-byte Ed25519 signature of {@link #canonicalBytes()}, or {@code
 *     null} when not (yet) signed
 */
public record BatchHeader(
    GatewayId gatewayId,
    long seq,
    byte[] root,
    long size,
    long firstTs,
    long lastTs,
    byte[] signature) {
  /** The largest leaf count the on-chain {@code uint32 leafCount} holds. */
  public static final long MAX_SIZE = 0xFFFF_FFFFL;

  public BatchHeader {
    Objects.requireNonNull(gatewayId, "gatewayId");
    root = Bytes32.copyOf("root", root);
    checkCommon(seq, size, firstTs, lastTs);
    if (signature != null) {
      if (signature.length != Ed25519.SIGNATURE_LENGTH) {
        throw new IllegalArgumentException(
            "signature must be 64 bytes but was " + signature.length);
      }
      signature = signature.clone();
    }
  }

  static void checkCommon(long seq, long size, long firstTs, long lastTs) {
    if (seq < 0) {
      throw new IllegalArgumentException("seq must be >= 0 but was " + seq);
    }
    Jcs.requireSafeInteger("seq", seq);
    if (size < 0 || size > MAX_SIZE) {
      throw new IllegalArgumentException("size must be in [0, 2^32-1] but was " + size);
    }
    Jcs.requireSafeInteger("firstTs", firstTs);
    Jcs.requireSafeInteger("lastTs", lastTs);
    if (firstTs > lastTs) {
      throw new IllegalArgumentException(
          "firstTs " + firstTs + " must not be after lastTs " + lastTs);
    }
  }

  /** An unsigned header. */
  public static BatchHeader unsigned(
      GatewayId gatewayId, long seq, byte[] root, long size, long firstTs, long lastTs) {
    return new BatchHeader(gatewayId, seq, root, size, firstTs, lastTs, null);
  }

  /** The root, copied. */
  @Override
  public byte[] root() {
    return root.clone();
  }

  /** The signature, copied, or {@code null}. */
  @Override
  public byte[] signature() {
    return signature == null ? null : signature.clone();
  }

  /** Whether a signature is attached (not whether it is valid). */
  public boolean isSigned() {
    return signature != null;
  }

  /**
   * RFC 8785 JCS of {@code {"firstTs","gateway","lastTs","root"(lowercase hex),"seq","size"}} —
   * every field except the signature. Example: {@code
   * {"firstTs":1,"gateway":"gw-1","lastTs":2,"root":"5dc9…4328","seq":17,"size":8}}.
   */
  public byte[] canonicalBytes() {
    ObjectNode o = Json.mapper().createObjectNode();
    o.put("gateway", gatewayId.value());
    o.put("seq", seq);
    o.put("root", HexFormat.of().formatHex(root));
    o.put("size", size);
    o.put("firstTs", firstTs);
    o.put("lastTs", lastTs);
    return Jcs.canonicalize(o);
  }

  /** {@code SHA-256(0x00 || canonicalBytes())}: this header's leaf hash in the epoch tree. */
  public byte[] leafHash() {
    return MerkleTree.leafHash(canonicalBytes());
  }

  /** This header with {@code signature} attached (or removed, for {@code null}). */
  public BatchHeader withSignature(byte[] signature) {
    return new BatchHeader(gatewayId, seq, root, size, firstTs, lastTs, signature);
  }

  /** This header signed with the gateway's key. */
  public BatchHeader sign(PrivateKey gatewayKey) {
    return withSignature(Ed25519.sign(gatewayKey, canonicalBytes()));
  }

  /**
   * Whether a signature is attached and {@code gatewayKey} verifies it over {@link
   * #canonicalBytes()}.
   */
  public boolean verifySignature(PublicKey gatewayKey) {
    return signature != null && Ed25519.verify(gatewayKey, canonicalBytes(), signature);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BatchHeader b
        && gatewayId.equals(b.gatewayId)
        && seq == b.seq
        && Arrays.equals(root, b.root)
        && size == b.size
        && firstTs == b.firstTs
        && lastTs == b.lastTs
        && Arrays.equals(signature, b.signature);
  }

  @Override
  public int hashCode() {
    return Objects.hash(gatewayId, seq, Arrays.hashCode(root), size, firstTs, lastTs)
        + 31 * Arrays.hashCode(signature);
  }

  @Override
  public String toString() {
    return "BatchHeader[gateway="
        + gatewayId
        + ", seq="
        + seq
        + ", root="
        + HexFormat.of().formatHex(root)
        + ", size="
        + size
        + ", firstTs="
        + firstTs
        + ", lastTs="
        + lastTs
        + ", signature="
        + (signature == null ? "none" : Base64.getEncoder().encodeToString(signature))
        + "]";
  }
}
