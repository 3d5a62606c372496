package dev.airtrace.anchoring.testdata;

import dev.airtrace.core.GatewayId;
import dev.airtrace.core.integrity.BatchHeader;
import dev.airtrace.core.integrity.MerkleTree;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Test-data builder for gateway batch headers with a real root over synthetic leaves. */
public final class BatchHeaders {
  private String gateway = "gw-1";
  private long seq = 0;
  private int size = 4;
  private long firstTs = 1_700_000_000_000L;

  public static BatchHeaders header() {
    return new BatchHeaders();
  }

  public BatchHeaders gateway(String id) {
    this.gateway = id;
    return this;
  }

  public BatchHeaders seq(long s) {
    this.seq = s;
    return this;
  }

  public BatchHeaders size(int n) {
    this.size = n;
    return this;
  }

  public BatchHeaders firstTs(long ts) {
    this.firstTs = ts;
    return this;
  }

  /** The synthetic reading leaves of this batch (canonical JSON with a gatewayId). */
  public List<byte[]> leaves() {
    List<byte[]> leaves = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      leaves.add(
          // canonical (RFC 8785) JSON naming the gateway, like a real reading leaf
          ("{\"batch\":" + seq + ",\"gatewayId\":\"" + gateway + "\",\"i\":" + i + "}")
              .getBytes(StandardCharsets.UTF_8));
    }
    return leaves;
  }

  /** The leaf hashes of {@link #leaves()}. */
  public List<byte[]> leafHashes() {
    List<byte[]> hashes = new ArrayList<>();
    leaves().forEach(l -> hashes.add(MerkleTree.leafHash(l)));
    return hashes;
  }

  /** A gateway key shared by all built headers, so signatures are real Ed25519. */
  private static final java.security.KeyPair GATEWAY_KEY = newKey();

  private static java.security.KeyPair newKey() {
    try {
      return java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The header signed with the shared test gateway key. */
  public BatchHeader signed() {
    return build().sign(GATEWAY_KEY.getPrivate());
  }

  public BatchHeader build() {
    byte[] root = MerkleTree.fromLeaves(leaves()).root();
    return BatchHeader.unsigned(
        new GatewayId(gateway),
        seq,
        root,
        size,
        firstTs + seq * 60_000,
        firstTs + seq * 60_000 + 59_999);
  }
}
