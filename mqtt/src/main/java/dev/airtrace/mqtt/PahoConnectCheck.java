package dev.airtrace.mqtt;

import java.security.cert.CertificateException;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLException;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * One clean-start connect and disconnect with Paho, classified into {@link MqttConnectCheck}. Uses
 * its own client id, so the checked component's persistent session and its queued messages are
 * untouched. Stateless; each call uses and closes its own client.
 */
final class PahoConnectCheck {
  /**
   * CONNACK reason codes that say the credentials or the client are refused (MQTT 5: 0x86 bad user
   * name or password, 0x87 not authorized, 0x8A banned, 0x8C bad authentication method; MQTT 3.1.1
   * return codes 4 and 5 as Paho reports them).
   */
  private static final Set<Integer> REFUSED = Set.of(134, 135, 138, 140, 4, 5);

  private PahoConnectCheck() {}

  static MqttConnectCheck check(MqttEndpoint endpoint, String clientId) {
    if (endpoint.tls() != null) {
      Optional<String> expired = endpoint.tls().clientCertificateProblem(Instant.now());
      if (expired.isPresent()) {
        return new MqttConnectCheck(MqttConnectCheck.Outcome.REJECTED, expired.get());
      }
    }
    MqttAsyncClient client = PahoSupport.newClient(endpoint, clientId);
    try {
      MqttConnectionOptions options = PahoSupport.options(endpoint);
      options.setCleanStart(true);
      options.setSessionExpiryInterval(0L);
      IMqttToken connect = client.connect(options);
      connect.waitForCompletion(endpoint.connectTimeout().toMillis());
      return new MqttConnectCheck(MqttConnectCheck.Outcome.CONNECTED, "");
    } catch (MqttException e) {
      return classify(e);
    } finally {
      PahoSupport.closeQuietly(client);
    }
  }

  static MqttConnectCheck classify(MqttException e) {
    if (REFUSED.contains(e.getReasonCode())) {
      return new MqttConnectCheck(
          MqttConnectCheck.Outcome.REJECTED,
          "broker refused the credentials: "
              + withoutFinalDot(e.getMessage())
              + " (reason "
              + e.getReasonCode()
              + ")");
    }
    for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
      if (t instanceof SSLException || t instanceof CertificateException) {
        return new MqttConnectCheck(
            MqttConnectCheck.Outcome.REJECTED, "TLS handshake failed: " + Reconnector.describe(t));
      }
    }
    return new MqttConnectCheck(MqttConnectCheck.Outcome.UNREACHABLE, Reconnector.describe(e));
  }

  /** Paho's messages end with a dot ("Not authorized."); ours continue after them. */
  private static String withoutFinalDot(String message) {
    return message != null && message.endsWith(".")
        ? message.substring(0, message.length() - 1)
        : String.valueOf(message);
  }
}
