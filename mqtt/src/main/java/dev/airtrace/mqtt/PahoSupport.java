package dev.airtrace.mqtt;

import java.nio.charset.StandardCharsets;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;

/** Maps our config records to Paho options, the one place where that happens. */
final class PahoSupport {
  /** How long a clean disconnect may wait for outstanding work (queued PUBACKs) to go out. */
  static final long DISCONNECT_QUIESCE_MILLIS = 2_000;

  /** How long to wait for the broker to confirm a disconnect before dropping the socket. */
  static final long DISCONNECT_TIMEOUT_MILLIS = 5_000;

  private PahoSupport() {}

  /**
   * A client with in-memory persistence: our own code, not Paho's files, decides what survives a
   * restart (the broker's session for the intake, the caller's retry for the publisher).
   */
  static MqttAsyncClient newClient(MqttEndpoint endpoint, String clientId) {
    try {
      return new MqttAsyncClient(endpoint.serverUri(), clientId, new MemoryPersistence());
    } catch (MqttException | IllegalArgumentException e) {
      throw new MqttTransportException(
          "cannot create MQTT client " + clientId + " for " + endpoint.serverUri(), e);
    }
  }

  static MqttConnectionOptions options(MqttEndpoint endpoint) {
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setServerURIs(new String[] {endpoint.serverUri()});
    o.setAutomaticReconnect(false); // Reconnector does it, with our policy
    o.setKeepAliveInterval((int) endpoint.keepAlive().toSeconds());
    o.setConnectionTimeout((int) endpoint.connectTimeout().toSeconds());
    if (endpoint.username() != null) {
      o.setUserName(endpoint.username());
    }
    if (endpoint.password() != null) {
      o.setPassword(endpoint.password().getBytes(StandardCharsets.UTF_8));
    }
    if (endpoint.tls() != null) {
      o.setSocketFactory(endpoint.tls().socketFactory());
    }
    return o;
  }

  static void closeQuietly(MqttAsyncClient client) {
    try {
      if (client.isConnected()) {
        client
            .disconnect(DISCONNECT_QUIESCE_MILLIS)
            .waitForCompletion(DISCONNECT_TIMEOUT_MILLIS + DISCONNECT_QUIESCE_MILLIS);
      }
    } catch (MqttException e) {
      forceDisconnect(client);
    }
    try {
      client.close(true);
    } catch (MqttException e) {
      // nothing left to release
    }
  }

  static void forceDisconnect(MqttAsyncClient client) {
    try {
      client.disconnectForcibly(0, DISCONNECT_TIMEOUT_MILLIS, false);
    } catch (MqttException e) {
      // already gone
    }
  }

  static String describe(MqttException e) {
    return "reason " + e.getReasonCode() + ": " + e.getMessage();
  }
}
