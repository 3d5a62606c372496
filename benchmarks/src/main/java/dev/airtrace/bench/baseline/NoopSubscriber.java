package dev.airtrace.bench.baseline;

import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;

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
    Subscription.connectAndSubscribe(
        client, receiveMaximum, (topic, message) -> received.incrementAndGet());
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
