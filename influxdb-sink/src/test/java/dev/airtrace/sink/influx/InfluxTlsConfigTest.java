package dev.airtrace.sink.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airtrace.localstack.TlsFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@value InfluxSinkConfig#CA_FILE}, URL checks and the clear-text credentials warning. */
class InfluxTlsConfigTest {
  @TempDir Path dir;

  private static Map<String, String> props(String url) {
    Map<String, String> props = new HashMap<>();
    props.put(InfluxSinkConfig.URL, url);
    props.put(InfluxSinkConfig.DATABASE, "airtrace");
    return props;
  }

  @Test
  void shouldAcceptAnHttpsUrlWithAPemCaBundle() {
    TlsFiles ca = TlsFiles.create(dir, "test-ca");
    Map<String, String> props = props("https://influxdb:8086");
    props.put(InfluxSinkConfig.CA_FILE, ca.caCertificate().toString());

    assertThat(new InfluxSinkConfig(props).caFile()).contains(ca.caCertificate());
  }

  @Test
  void shouldHaveNoCaFileByDefault() {
    assertThat(new InfluxSinkConfig(props("https://influxdb:8086")).caFile()).isEmpty();
  }

  @Test
  void shouldRejectACaFileForAPlainHttpUrl() {
    TlsFiles ca = TlsFiles.create(dir, "test-ca");
    Map<String, String> props = props("http://influxdb:8086");
    props.put(InfluxSinkConfig.CA_FILE, ca.caCertificate().toString());

    assertThatThrownBy(() -> new InfluxSinkConfig(props))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(InfluxSinkConfig.CA_FILE)
        .hasMessageContaining("needs an https://");
  }

  @Test
  void shouldRejectAMissingCaFileNamingIt() {
    Path missing = dir.resolve("no-such-ca.crt");
    Map<String, String> props = props("https://influxdb:8086");
    props.put(InfluxSinkConfig.CA_FILE, missing.toString());

    assertThatThrownBy(() -> new InfluxSinkConfig(props))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("cannot read InfluxDB CA file " + missing);
  }

  @Test
  void shouldRejectACaFileWithoutACertificate() throws IOException {
    Path notPem = Files.writeString(dir.resolve("ca.crt"), "not a certificate\n");
    Map<String, String> props = props("https://influxdb:8086");
    props.put(InfluxSinkConfig.CA_FILE, notPem.toString());

    assertThatThrownBy(() -> new InfluxSinkConfig(props))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(notPem.toString());
  }

  @Test
  void shouldRejectAUrlThatIsNotHttpOrHttps() {
    assertThatThrownBy(() -> new InfluxSinkConfig(props("ftp://influxdb:8086")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("must be an http:// or https:// URL");
  }

  @Test
  void shouldWarnWhenAPasswordGoesInClearTextToANonLoopbackHost() {
    Map<String, String> props = props("http://influxdb:8086");
    props.put(InfluxSinkConfig.USERNAME, "writer");
    props.put(InfluxSinkConfig.PASSWORD, "pw");

    assertThat(new InfluxSinkConfig(props).plaintextCredentialsWarning())
        .hasValueSatisfying(
            w ->
                assertThat(w)
                    .contains("clear text to http://influxdb:8086")
                    .contains(InfluxSinkConfig.CA_FILE));
  }

  @Test
  void shouldAcceptAndWarnForAHostNameWithAnUnderscore() {
    Map<String, String> props = props("http://my_influx:8086");
    props.put(InfluxSinkConfig.PASSWORD, "pw");

    assertThat(new InfluxSinkConfig(props).plaintextCredentialsWarning()).isPresent();
  }

  @Test
  void shouldNotWarnForHttpsLoopbackOrNoPassword() {
    Map<String, String> https = props("https://influxdb:8086");
    https.put(InfluxSinkConfig.PASSWORD, "pw");
    Map<String, String> loopback = props("http://127.0.0.1:8086");
    loopback.put(InfluxSinkConfig.PASSWORD, "pw");
    Map<String, String> anonymous = props("http://influxdb:8086");

    assertThat(new InfluxSinkConfig(https).plaintextCredentialsWarning()).isEmpty();
    assertThat(new InfluxSinkConfig(loopback).plaintextCredentialsWarning()).isEmpty();
    assertThat(new InfluxSinkConfig(anonymous).plaintextCredentialsWarning()).isEmpty();
  }

  @Test
  void shouldTreatOnlyLoopbackSpellingsAsLoopback() {
    assertThat(InfluxSinkConfig.isLoopback("localhost")).isTrue();
    assertThat(InfluxSinkConfig.isLoopback("127.0.0.1")).isTrue();
    assertThat(InfluxSinkConfig.isLoopback("127.1.2.3")).isTrue();
    assertThat(InfluxSinkConfig.isLoopback("[::1]")).isTrue();
    assertThat(InfluxSinkConfig.isLoopback("10.0.0.1")).isFalse();
    assertThat(InfluxSinkConfig.isLoopback("influxdb")).isFalse();
    assertThat(InfluxSinkConfig.isLoopback("localhost.example.com")).isFalse();
  }

  @Test
  void shouldReportAnUntrustedCertificateAsATlsFailure() {
    SSLHandshakeException handshake = new SSLHandshakeException("PKIX path building failed");
    handshake.initCause(new CertificateException("unable to find valid certification path"));
    RuntimeException wrapped = new RuntimeException(new java.io.IOException(handshake));

    assertThat(InfluxDbJavaWriter.tlsFailure(wrapped))
        .hasValueSatisfying(
            m ->
                assertThat(m)
                    .startsWith("TLS: InfluxDB's certificate is not trusted")
                    .endsWith("PKIX path building failed"));
  }

  @Test
  void shouldNotReportAConnectionRefusalAsATlsFailure() {
    RuntimeException refused =
        new RuntimeException(new java.net.ConnectException("Connection refused"));

    assertThat(InfluxDbJavaWriter.tlsFailure(refused)).isEmpty();
  }
}
