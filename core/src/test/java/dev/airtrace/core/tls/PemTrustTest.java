package dev.airtrace.core.tls;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failures of {@link PemTrust} name the file and its purpose. Reading real certificates is covered
 * where test certificates are generated (mqtt's MqttTlsTest, influxdb-sink's InfluxTlsConfigTest).
 */
class PemTrustTest {
  @TempDir Path dir;

  @Test
  void shouldNameTheFileAndItsPurposeWhenItIsMissing() {
    Path missing = dir.resolve("ca.crt");

    assertThatThrownBy(() -> PemTrust.trustManager(missing, "InfluxDB CA"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("cannot read InfluxDB CA file " + missing);
  }

  @Test
  void shouldRejectAFileWithoutACertificate() throws IOException {
    Path notPem = Files.writeString(dir.resolve("ca.crt"), "hello\n");

    assertThatThrownBy(() -> PemTrust.certificates(notPem, "InfluxDB CA"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("InfluxDB CA file " + notPem);
  }

  @Test
  void shouldRejectAnEmptyFile() throws IOException {
    Path empty = Files.writeString(dir.resolve("empty.crt"), "");

    assertThatThrownBy(() -> PemTrust.certificates(empty, "MQTT TLS CA"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("MQTT TLS CA file " + empty);
  }
}
