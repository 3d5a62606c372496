package dev.airtrace.core.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class Ed25519Test {
  private static final HexFormat HEX = HexFormat.of();

  // RFC 8032 §7.1, TEST 1 (empty message).
  private static final byte[] SEED =
      HEX.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
  private static final String PUBLIC =
      "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
  private static final String SIGNATURE =
      "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";

  private static final byte[] MESSAGE = "batch header".getBytes(StandardCharsets.UTF_8);

  @Test
  void shouldSignTheRfc8032TestVector() {
    PrivateKey key = Ed25519.privateKeyFromSeed(SEED);

    assertThat(HEX.formatHex(Ed25519.sign(key, new byte[0]))).isEqualTo(SIGNATURE);
  }

  @Test
  void shouldVerifyTheRfc8032TestVectorWithTheRawPublicKey() {
    PublicKey key = Ed25519.publicKeyFromRaw(HEX.parseHex(PUBLIC));

    assertThat(Ed25519.verify(key, new byte[0], HEX.parseHex(SIGNATURE))).isTrue();
    assertThat(Ed25519.verify(key, new byte[] {0}, HEX.parseHex(SIGNATURE))).isFalse();
  }

  @Test
  void shouldRejectASignatureOfAChangedMessageOrByAnotherKey() {
    KeyPair kp = Ed25519.generate();
    byte[] sig = Ed25519.sign(kp.getPrivate(), MESSAGE);
    byte[] changed = MESSAGE.clone();
    changed[0] ^= 1;

    assertThat(Ed25519.verify(kp.getPublic(), MESSAGE, sig)).isTrue();
    assertThat(Ed25519.verify(kp.getPublic(), changed, sig)).isFalse();
    assertThat(Ed25519.verify(Ed25519.generate().getPublic(), MESSAGE, sig)).isFalse();
  }

  @Test
  void shouldTreatAMalformedSignatureAsInvalid() {
    KeyPair kp = Ed25519.generate();
    byte[] sig = Ed25519.sign(kp.getPrivate(), MESSAGE);
    byte[] flipped = sig.clone();
    flipped[63] ^= (byte) 0x80;

    assertThat(Ed25519.verify(kp.getPublic(), MESSAGE, new byte[63])).isFalse();
    assertThat(Ed25519.verify(kp.getPublic(), MESSAGE, null)).isFalse();
    assertThat(Ed25519.verify(kp.getPublic(), MESSAGE, flipped)).isFalse();
    assertThat(Ed25519.verify(kp.getPublic(), MESSAGE, new byte[64])).isFalse();
  }

  @Test
  void shouldRoundTripThePublicKeyAsRawBase64() {
    KeyPair kp = Ed25519.generate();
    String b64 = Ed25519.publicKeyToBase64(kp.getPublic());

    assertThat(Base64.getDecoder().decode(b64)).hasSize(32);
    assertThat(Ed25519.publicKeyFromBase64(b64).getEncoded())
        .isEqualTo(kp.getPublic().getEncoded());
  }

  @Test
  void shouldWriteTheRfc8032PublicKeyAsSpkiPem() {
    PublicKey key = Ed25519.publicKeyFromRaw(HEX.parseHex(PUBLIC));
    String pem = Ed25519.publicKeyToPem(key);

    // DER = 302a300506032b6570032100 || key, as `openssl pkey -pubout` writes it.
    assertThat(pem)
        .isEqualTo(
            "-----BEGIN PUBLIC KEY-----\n"
                + "MCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\n"
                + "-----END PUBLIC KEY-----\n");
    assertThat(Ed25519.rawPublicKey(Ed25519.publicKeyFromPem(pem))).isEqualTo(HEX.parseHex(PUBLIC));
  }

  @Test
  void shouldRoundTripThePrivateKeyAsPkcs8PemAndKeepSigning() {
    KeyPair kp = Ed25519.generate();
    String pem = Ed25519.privateKeyToPem(kp.getPrivate());
    PrivateKey back = Ed25519.privateKeyFromPem(pem);

    assertThat(pem)
        .startsWith("-----BEGIN PRIVATE KEY-----\n")
        .endsWith("-----END PRIVATE KEY-----\n");
    assertThat(Ed25519.verify(kp.getPublic(), MESSAGE, Ed25519.sign(back, MESSAGE))).isTrue();
  }

  @Test
  void shouldReadAPrivateKeyPemWrittenByOpenssl() {
    // PKCS#8 v1 of the RFC 8032 seed, laid out as `openssl genpkey -algorithm ed25519` writes it.
    String pem =
        "-----BEGIN PRIVATE KEY-----\r\n"
            + Base64.getEncoder()
                .encodeToString(
                    HEX.parseHex("302e020100300506032b657004220420" + HEX.formatHex(SEED)))
            + "\r\n-----END PRIVATE KEY-----\r\n";

    PrivateKey key = Ed25519.privateKeyFromPem(pem);

    assertThat(HEX.formatHex(Ed25519.sign(key, new byte[0]))).isEqualTo(SIGNATURE);
  }

  @Test
  void shouldExplainWhatIsWrongWithABadPublicKey() {
    assertThatThrownBy(() -> Ed25519.publicKeyFromRaw(new byte[31]))
        .isInstanceOf(KeyFormatException.class)
        .hasMessageContaining("32 bytes but got 31");
    assertThatThrownBy(() -> Ed25519.publicKeyFromBase64("not base64!"))
        .isInstanceOf(KeyFormatException.class)
        .hasMessageContaining("not valid base64");
    assertThatThrownBy(() -> Ed25519.publicKeyFromPem("MCowBQYDK2VwAyEA"))
        .isInstanceOf(KeyFormatException.class)
        .hasMessageContaining("BEGIN PUBLIC KEY");
    assertThatThrownBy(
            () ->
                Ed25519.publicKeyFromPem(
                    "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"))
        .isInstanceOf(KeyFormatException.class)
        .hasMessageContaining("not an Ed25519 public key");
  }

  @Test
  void shouldRefuseAKeyOfAnotherAlgorithm() throws Exception {
    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
    ec.initialize(256);
    KeyPair p256 = ec.generateKeyPair();

    assertThatThrownBy(() -> Ed25519.sign(p256.getPrivate(), MESSAGE))
        .isInstanceOf(KeyFormatException.class)
        .hasMessageContaining("expected an Ed25519 key but got a EC key");
    assertThatThrownBy(() -> Ed25519.verify(p256.getPublic(), MESSAGE, new byte[64]))
        .isInstanceOf(KeyFormatException.class);
  }

  @Test
  void shouldRefuseAPrivateKeyPemWherePublicIsExpected() {
    String privatePem = Ed25519.privateKeyToPem(Ed25519.generate().getPrivate());

    assertThatThrownBy(() -> Ed25519.publicKeyFromPem(privatePem))
        .isInstanceOf(KeyFormatException.class)
        .hasMessageContaining("BEGIN PUBLIC KEY");
  }
}
