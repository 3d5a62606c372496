package dev.airtrace.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MqttTlsTest {
  @TempDir Path dir;

  @Test
  void shouldBuildASocketFactoryFromPemCaCertificateAndPkcs8Key() {
    TestPki.Issued ca = TestPki.ca("ca");
    Path caFile = ca.written(dir, "ca").certificate();
    TestPki.PemFiles client = TestPki.leaf(ca, "gateway-1").written(dir, "client");

    MqttTls tls = new MqttTls(caFile, client.certificate(), client.key());

    assertThat(tls.mutual()).isTrue();
    assertThat(tls.socketFactory()).isNotNull();
    assertThat(MqttTls.trusting(caFile).mutual()).isFalse();
  }

  @Test
  void shouldRefuseACertificateWithoutItsKey() {
    Path caFile = TestPki.ca("ca").written(dir, "ca").certificate();

    assertThatThrownBy(() -> new MqttTls(caFile, caFile, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("a client certificate needs its private key");
  }

  @Test
  void shouldNameAMissingFile() {
    Path missing = dir.resolve("absent-ca.crt");

    assertThatThrownBy(() -> MqttTls.trusting(missing))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("cannot read MQTT TLS certificate file " + missing);
  }

  @Test
  void shouldExplainHowToConvertAKeyInTheOldFormat() throws IOException {
    TestPki.Issued ca = TestPki.ca("ca");
    Path caFile = ca.written(dir, "ca").certificate();
    TestPki.PemFiles client = TestPki.leaf(ca, "gateway-1").written(dir, "client");
    Path oldKey = dir.resolve("old.key");
    Files.writeString(
        oldKey,
        "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n",
        StandardCharsets.US_ASCII);

    assertThatThrownBy(() -> new MqttTls(caFile, client.certificate(), oldKey))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("holds a 'EC PRIVATE KEY'")
        .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");
  }

  @Test
  void shouldRefuseAFileWithoutCertificates() throws IOException {
    Path notPem = Files.writeString(dir.resolve("ca.crt"), "hello\n", StandardCharsets.US_ASCII);

    assertThatThrownBy(() -> MqttTls.trusting(notPem))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(notPem.toString());
  }

  @Test
  void shouldRefuseTlsSettingsOnAPlainTcpUri() {
    Path caFile = TestPki.ca("ca").written(dir, "ca").certificate();

    assertThatThrownBy(
            () ->
                MqttEndpoint.builder("tcp://127.0.0.1:1883").tls(MqttTls.trusting(caFile)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("need an ssl:// or wss:// URI");
  }
}
