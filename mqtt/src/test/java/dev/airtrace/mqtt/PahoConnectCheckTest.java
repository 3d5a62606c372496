package dev.airtrace.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.nio.file.Path;
import java.time.Instant;
import javax.net.ssl.SSLHandshakeException;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PahoConnectCheckTest {
  /** Paho's reason code for an error below MQTT (socket, TLS): "Untranslated MqttException". */
  private static final int CLIENT_EXCEPTION = MqttException.REASON_CODE_CLIENT_EXCEPTION;

  @Test
  void shouldRejectWhenTheBrokerSaysNotAuthorized() {
    MqttConnectCheck check = PahoConnectCheck.classify(new MqttException(135));

    assertThat(check.rejected()).isTrue();
    assertThat(check.detail())
        .startsWith("broker refused the credentials: ")
        .endsWith("(reason 135)");
  }

  @Test
  void shouldRejectWhenTheBrokerSaysBadUserNameOrPassword() {
    assertThat(PahoConnectCheck.classify(new MqttException(134)).rejected()).isTrue();
  }

  @Test
  void shouldRejectWhenTheTlsHandshakeFails() {
    MqttException e =
        new MqttException(
            CLIENT_EXCEPTION,
            new SSLHandshakeException(
                "PKIX path building failed: unable to find valid certification path"));

    MqttConnectCheck check = PahoConnectCheck.classify(e);

    assertThat(check.outcome()).isEqualTo(MqttConnectCheck.Outcome.REJECTED);
    assertThat(check.detail())
        .startsWith("TLS handshake failed: SSLHandshakeException: PKIX path building failed");
  }

  @Test
  void shouldCallARefusedConnectionUnreachableNotRejected() {
    MqttException e =
        new MqttException(CLIENT_EXCEPTION, new ConnectException("Connection refused"));

    MqttConnectCheck check = PahoConnectCheck.classify(e);

    assertThat(check.outcome()).isEqualTo(MqttConnectCheck.Outcome.UNREACHABLE);
    assertThat(check.detail()).contains("Connection refused");
  }

  @Test
  void shouldReportAnExpiredClientCertificateBeforeConnecting(@TempDir Path dir) throws Exception {
    TestPki.Issued ca = TestPki.ca("check-ca");
    Path caFile = ca.written(dir, "ca").certificate();
    TestPki.PemFiles expired = TestPki.expiredLeaf(ca, "dev-1").written(dir, "expired");
    TestPki.PemFiles valid = TestPki.leaf(ca, "dev-1").written(dir, "valid");

    MqttTls expiredTls = new MqttTls(caFile, expired.certificate(), expired.key());
    MqttTls validTls = new MqttTls(caFile, valid.certificate(), valid.key());

    assertThat(expiredTls.clientCertificateProblem(Instant.now()))
        .hasValueSatisfying(p -> assertThat(p).contains("expired on"));
    assertThat(validTls.clientCertificateProblem(Instant.now())).isEmpty();
    assertThat(MqttTls.trusting(caFile).clientCertificateProblem(Instant.now())).isEmpty();
    MqttConnectCheck check =
        PahoConnectCheck.check(
            MqttEndpoint.builder("ssl://localhost:1").tls(expiredTls).build(), "check-expired");
    assertThat(check.rejected()).isTrue();
    assertThat(check.detail()).contains(expired.certificate().toString()).contains("expired on");
  }
}
