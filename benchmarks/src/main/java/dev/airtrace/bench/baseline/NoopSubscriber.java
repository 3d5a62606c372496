package dev.airtrace.bench.baseline;

import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * The ceiling of the gateway benchmark (B0): a Paho subscriber that counts each message and lets
 * Paho acknowledge it on arrival, doing nothing else. Its rate is what the publisher and the broker
 * deliver at most on this machine; a bridge or gateway cannot exceed it, so a bare bridge close to
 * it says the benchmark measures the publisher rather than the bridge.
 *
 * <p>Thread-safe counters; start and close from one thread.
 */
public final class NoopSubscriber implements AutoCloseable {
  private final MqttAsyncClient client;
  private final AtomicLong received = new AtomicLong();

  /** Connects and subscribes to every sensor topic with QoS 1 and the given receive maximum. */
  public NoopSubscriber(String mqttUri, int receiveMaximum) throws MqttException {
    client = new MqttAsyncClient(mqttUri, "noop-subscriber", new MemoryPersistence());
    client.setCallback(
        new MqttCallback() {
          @Override
          public void messageArrived(String topic, MqttMessage message) {
            received.incrementAndGet();
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
    client.connect(o).waitForCompletion(30_000);
    client.subscribe("airtrace/v1/+/+/+", 1).waitForCompletion(30_000);
  }

  /** Messages received so far. */
  public long received() {
    return received.get();
  }

  @Override
  public void close() throws MqttException {
    client.disconnect().waitForCompletion(10_000);
    client.close();
  }
}
