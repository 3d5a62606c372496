package dev.airtrace.core.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airtrace.core.GatewayId;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class BatchHeaderTest {
  private static final byte[] ROOT =
      HexFormat.of().parseHex("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

  private static BatchHeader header() {
    return BatchHeader.unsigned(
        new GatewayId("gw-1"), 17, ROOT, 8, 1_764_057_600_000L, 1_764_057_659_999L);
  }

  @Test
  void shouldCanonicaliseEveryFieldButTheSignatureInJcsOrder() {
    assertThat(new String(header().canonicalBytes(), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"firstTs\":1764057600000,\"gateway\":\"gw-1\",\"lastTs\":1764057659999,"
                + "\"root\":\"5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328\","
                + "\"seq\":17,\"size\":8}");
  }

  @Test
  void shouldKeepTheCanonicalBytesWhenSigned() {
    BatchHeader signed = header().sign(Ed25519.generate().getPrivate());

    assertThat(signed.canonicalBytes()).isEqualTo(header().canonicalBytes());
    assertThat(signed.leafHash()).isEqualTo(MerkleTree.leafHash(header().canonicalBytes()));
  }

  @Test
  void shouldVerifyItsSignatureOnlyUnderTheGatewaysKey() {
    KeyPair gateway = Ed25519.generate();
    BatchHeader signed = header().sign(gateway.getPrivate());

    assertThat(signed.verifySignature(gateway.getPublic())).isTrue();
    assertThat(signed.verifySignature(Ed25519.generate().getPublic())).isFalse();
    assertThat(header().verifySignature(gateway.getPublic())).isFalse();
  }

  @Test
  void shouldInvalidateTheSignatureWhenAnyFieldChanges() {
    KeyPair gateway = Ed25519.generate();
    BatchHeader s = header().sign(gateway.getPrivate());
    byte[] otherRoot = ROOT.clone();
    otherRoot[31] ^= 1;

    assertThat(
            new BatchHeader(
                    new GatewayId("gw-2"), 17, ROOT, 8, s.firstTs(), s.lastTs(), s.signature())
                .verifySignature(gateway.getPublic()))
        .isFalse();
    assertThat(
            new BatchHeader(s.gatewayId(), 18, ROOT, 8, s.firstTs(), s.lastTs(), s.signature())
                .verifySignature(gateway.getPublic()))
        .isFalse();
    assertThat(
            new BatchHeader(s.gatewayId(), 17, otherRoot, 8, s.firstTs(), s.lastTs(), s.signature())
                .verifySignature(gateway.getPublic()))
        .isFalse();
    assertThat(
            new BatchHeader(s.gatewayId(), 17, ROOT, 9, s.firstTs(), s.lastTs(), s.signature())
                .verifySignature(gateway.getPublic()))
        .isFalse();
    assertThat(
            new BatchHeader(s.gatewayId(), 17, ROOT, 8, s.firstTs() - 1, s.lastTs(), s.signature())
                .verifySignature(gateway.getPublic()))
        .isFalse();
  }

  @Test
  void shouldNotLetCallersMutateItsArrays() {
    BatchHeader h = header().sign(Ed25519.generate().getPrivate());
    byte[] root = h.root();
    root[0] ^= 1;
    h.signature()[0] ^= 1;

    assertThat(h.root()).isEqualTo(ROOT);
    assertThat(h)
        .isEqualTo(
            new BatchHeader(h.gatewayId(), 17, ROOT, 8, h.firstTs(), h.lastTs(), h.signature()));
  }

  @Test
  void shouldRejectMalformedHeaders() {
    GatewayId gw = new GatewayId("gw-1");

    assertThatThrownBy(() -> BatchHeader.unsigned(gw, 1, new byte[31], 1, 0, 0))
        .hasMessageContaining("root must be 32 bytes");
    assertThatThrownBy(() -> BatchHeader.unsigned(gw, -1, ROOT, 1, 0, 0))
        .hasMessageContaining("seq");
    assertThatThrownBy(() -> BatchHeader.unsigned(gw, 1, ROOT, 1L << 32, 0, 0))
        .hasMessageContaining("size");
    assertThatThrownBy(() -> BatchHeader.unsigned(gw, 1, ROOT, 1, 5, 4))
        .hasMessageContaining("firstTs 5 must not be after lastTs 4");
    assertThatThrownBy(() -> new BatchHeader(gw, 1, ROOT, 1, 0, 0, new byte[63]))
        .hasMessageContaining("signature must be 64 bytes");
  }
}
