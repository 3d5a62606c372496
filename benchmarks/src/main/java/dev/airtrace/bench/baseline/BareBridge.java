package dev.airtrace.bench.baseline;

import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * The fair baseline (B1) for the gateway throughput benchmark: the least code that moves MQTT
 * messages into Kafka <em>without losing any</em> — Paho's callback sends each payload unchanged to
 * one topic, keyed by the topic's device level, and the MQTT acknowledgement (PUBACK) goes out only
 * from the producer's send callback, once Kafka acknowledged the record (manual acks), just as the
 * gateway acknowledges only after its durable step. A bridge that acknowledged on arrival would
 * never feel the broker's window (receive maximum) and would lose messages in a crash, so it would
 * flatter the baseline. No decoding, validation, dead letters or aggregates. Same producer settings
 * as the gateway, so the ratio measures what the gateway's work costs, not a different producer.
 *
 * <p>Not thread-safe; start and close from one thread (Paho's and the producer's threads call in).
 */
public final class BareBridge implements AutoCloseable {
  private final MqttAsyncClient client;
  private final KafkaProducer<String, byte[]> producer;
  private final AtomicLong produced = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();

  /**
   * Connects a producer and a Paho client with manual acknowledgements subscribed to every sensor
   * topic with QoS 1 and {@code receiveMaximum} unacknowledged messages at most.
   */
  public BareBridge(String mqttUri, String bootstrap, String topic, int receiveMaximum)
      throws MqttException {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
    producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    client = new MqttAsyncClient(mqttUri, "bare-bridge", new MemoryPersistence());
    client.setManualAcks(true);
    Subscription.connectAndSubscribe(
        client,
        receiveMaximum,
        (mqttTopic, message) -> {
          String[] levels = mqttTopic.split("/");
          String key = levels.length >= 4 ? levels[3] : mqttTopic;
          int id = message.getId();
          int qos = message.getQos();
          producer.send(
              new ProducerRecord<>(topic, key, message.getPayload()),
              (md, e) -> {
                if (e != null) {
                  // Not acknowledged: the broker redelivers it after a reconnect.
                  failed.incrementAndGet();
                  return;
                }
                produced.incrementAndGet();
                acknowledge(id, qos);
              });
        });
  }

  private void acknowledge(int id, int qos) {
    if (qos == 0) {
      return;
    }
    try {
      client.messageArrivedComplete(id, qos);
    } catch (MqttException e) {
      // The connection is gone; the broker redelivers the message, which a bridge may duplicate.
      failed.incrementAndGet();
    }
  }

  /** Records Kafka acknowledged so far. */
  public long produced() {
    return produced.get();
  }

  /** Records Kafka failed so far. */
  public long failed() {
    return failed.get();
  }

  @Override
  public void close() throws MqttException {
    try {
      client.disconnect().waitForCompletion(10_000);
      client.close();
    } finally {
      producer.close();
    }
  }
}
