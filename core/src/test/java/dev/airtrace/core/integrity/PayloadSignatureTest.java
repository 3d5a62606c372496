package dev.airtrace.core.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;

class PayloadSignatureTest {
  private static final KeyPair KEY = Ed25519.generate();

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void shouldSignTheCanonicalBytesOfThePayloadWithoutSig() {
    byte[] payload = utf8("{\"seq\":1, \"time\":1764057600000,\"values\":{\"pm2_5\":12.5}}");

    byte[] signed = PayloadSignature.sign(payload, KEY.getPrivate());

    assertThat(PayloadSignature.signedBytes(signed))
        .asString(StandardCharsets.UTF_8)
        .isEqualTo("{\"seq\":1,\"time\":1764057600000,\"values\":{\"pm2_5\":12.5}}");
    assertThat(PayloadSignature.parse(signed))
        .isInstanceOfSatisfying(
            PayloadSignature.Signed.class, s -> assertThat(s.verifies(KEY.getPublic())).isTrue());
  }

  @Test
  void shouldVerifyRegardlessOfMemberOrderAndWhitespace() {
    byte[] signed = PayloadSignature.sign(utf8("{\"a\":1,\"b\":[true,null]}"), KEY.getPrivate());
    String sig =
        new String(signed, StandardCharsets.UTF_8).replaceAll(".*\"sig\":\"([^\"]+)\".*", "$1");

    byte[] reordered = utf8("{ \"sig\" : \"" + sig + "\", \"b\" : [ true , null ], \"a\" : 1 }");

    assertThat(
            ((PayloadSignature.Signed) PayloadSignature.parse(reordered)).verifies(KEY.getPublic()))
        .isTrue();
  }

  @Test
  void shouldNotVerifyAChangedValueOrAnotherKey() {
    byte[] signed = PayloadSignature.sign(utf8("{\"a\":1}"), KEY.getPrivate());
    byte[] changed =
        new String(signed, StandardCharsets.UTF_8)
            .replace("\"a\":1", "\"a\":2")
            .getBytes(StandardCharsets.UTF_8);

    assertThat(
            ((PayloadSignature.Signed) PayloadSignature.parse(changed)).verifies(KEY.getPublic()))
        .isFalse();
    assertThat(
            ((PayloadSignature.Signed) PayloadSignature.parse(signed))
                .verifies(Ed25519.generate().getPublic()))
        .isFalse();
  }

  @Test
  void shouldClassifyUnsignedMalformedAndNonObjectPayloads() {
    assertThat(PayloadSignature.parse(utf8("{\"a\":1}")))
        .isInstanceOf(PayloadSignature.Unsigned.class);
    assertThat(PayloadSignature.parse(utf8("[1]")))
        .isInstanceOf(PayloadSignature.NotAnObject.class);
    assertThat(PayloadSignature.parse(utf8("{oops")))
        .isInstanceOf(PayloadSignature.NotAnObject.class);
    assertThat(PayloadSignature.parse(utf8("{\"a\":1,\"sig\":42}")))
        .isInstanceOfSatisfying(
            PayloadSignature.Signed.class, s -> assertThat(s.signature()).isEmpty());
    assertThatThrownBy(() -> PayloadSignature.sign(utf8("[1]"), KEY.getPrivate()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldSplitAnAlreadyParsedPayloadLikeItsBytesWithoutModifyingTheTree() throws Exception {
    byte[] signed = PayloadSignature.sign(utf8("{\"seq\":7,\"v\":1.5}"), KEY.getPrivate());
    com.fasterxml.jackson.databind.JsonNode tree =
        dev.airtrace.core.codec.Json.mapper().readTree(signed);

    PayloadSignature.Parsed parsed = PayloadSignature.parse(tree);

    assertThat(parsed)
        .isInstanceOfSatisfying(
            PayloadSignature.Signed.class,
            s -> {
              assertThat(s.verifies(KEY.getPublic())).isTrue();
              assertThat(s.signedBytes())
                  .asString(StandardCharsets.UTF_8)
                  .isEqualTo("{\"seq\":7,\"v\":1.5}");
            });
    // The gateway hands the same tree to the decoder afterwards: sig must still be there.
    assertThat(tree.has(PayloadSignature.MEMBER)).isTrue();
    assertThat(PayloadSignature.parse((com.fasterxml.jackson.databind.JsonNode) null))
        .isInstanceOf(PayloadSignature.NotAnObject.class);
  }
}
