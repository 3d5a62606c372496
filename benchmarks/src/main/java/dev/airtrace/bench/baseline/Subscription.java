package dev.airtrace.bench.baseline;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * The Paho plumbing the two baselines share: both measure message delivery only, so every event but
 * an arriving message is ignored, and both subscribe to every sensor topic the same way (clean
 * start, QoS 1, the receive maximum under test) so that B0 and B1 differ only in what they do per
 * message.
 */
final class Subscription {
  /** Subscribed by both baselines: every sensor topic of the simulator's fleet. */
  static final String SENSOR_TOPICS = "airtrace/v1/+/+/+";

  private static final long TIMEOUT_MS = 30_000;

  private Subscription() {}

  /** What a baseline does with each message; Paho calls it on its callback thread. */
  @FunctionalInterface
  interface OnArrival {
    void messageArrived(String topic, MqttMessage message);
  }

  /**
   * Installs {@code onArrival} as the client's callback, connects with a clean start and {@code
   * receiveMaximum}, and subscribes to {@link #SENSOR_TOPICS} with QoS 1, waiting for both.
   */
  static void connectAndSubscribe(MqttAsyncClient client, int receiveMaximum, OnArrival onArrival)
      throws MqttException {
    client.setCallback(
        new MqttCallback() {
          @Override
          public void messageArrived(String topic, MqttMessage message) {
            onArrival.messageArrived(topic, message);
          }

          @Override
          public void disconnected(MqttDisconnectResponse r) {}

          @Override
          public void mqttErrorOccurred(MqttException e) {}

          @Override
          public void deliveryComplete(IMqttToken token) {}

          @Override
          public void connectComplete(boolean reconnect, String serverUri) {}

          @Override
          public void authPacketArrived(int reasonCode, MqttProperties properties) {}
        });
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setCleanStart(true);
    o.setReceiveMaximum(receiveMaximum);
    client.connect(o).waitForCompletion(TIMEOUT_MS);
    client.subscribe(SENSOR_TOPICS, 1).waitForCompletion(TIMEOUT_MS);
  }
}
