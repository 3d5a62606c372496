package dev.airtrace.anchoring.kafka;

import dev.airtrace.anchoring.state.EpochRecord;
import dev.airtrace.anchoring.state.EpochRecordJson;
import dev.airtrace.anchoring.state.EpochStore;
import dev.airtrace.core.kafka.KafkaClientProperties;
import dev.airtrace.topics.TopicProvisioner;
import dev.airtrace.topics.TopicProvisioningException;
import dev.airtrace.topics.TopicRequest;
import dev.airtrace.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * {@link EpochStore} in a compacted, single-partition Kafka topic: key = epoch seq (decimal
 * string), value = {@link EpochRecordJson}. Compaction keeps the latest record per epoch, so {@link
 * #loadAll()} reads the topic from the beginning to its end offset at start-up. {@link #put} waits
 * for {@code acks=all} (idempotent producer), so a record is durable before the anchorer broadcasts
 * the transaction it describes.
 *
 * <p>Single writer: run one anchoring service per operator key; two would sign competing
 * transactions. One partition keeps the records of all epochs in one ordered log.
 *
 * <p>Owns its producer; {@link #close()} closes it. Not thread-safe (one caller, the anchorer).
 */
public final class KafkaEpochStore implements EpochStore {
  /** The topic this module owns ({@link Topics#EPOCHS}). */
  public static final String TOPIC = Topics.Names.EPOCHS;

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final String bootstrapServers;
  private final KafkaClientProperties client;
  private final String topic;
  private final KafkaProducer<String, byte[]> producer;

  private KafkaEpochStore(String bootstrapServers, KafkaClientProperties client, String topic) {
    this.bootstrapServers = bootstrapServers;
    this.client = client;
    this.topic = topic;
    Properties p = client.toProperties(); // cannot hold any key set below
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(1024 * 1024));
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "airtrace-anchoring-epochs");
    this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }

  /**
   * Opens the store on {@code topic}, creating it (one partition, {@code cleanup.policy=compact})
   * when missing.
   */
  public static KafkaEpochStore open(String bootstrapServers, String topic) {
    return open(bootstrapServers, KafkaClientProperties.NONE, topic);
  }

  /** Like {@link #open(String, String)}, with the environment's client settings (TLS, SASL). */
  public static KafkaEpochStore open(
      String bootstrapServers, KafkaClientProperties client, String topic) {
    ensureTopic(bootstrapServers, client, topic);
    return new KafkaEpochStore(bootstrapServers, client, topic);
  }

  @Override
  public List<EpochRecord> loadAll() {
    Properties p = client.toProperties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "airtrace-anchoring-epochs-restore");
    Map<Long, EpochRecord> latest = new TreeMap<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      consumer
          .partitionsFor(topic, TIMEOUT)
          .forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (!reached(consumer, end)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not read " + topic + " to its end in " + TIMEOUT);
        }
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.value() == null) {
            latest.remove(Long.parseLong(r.key()));
          } else {
            EpochRecord record = EpochRecordJson.read(r.value());
            latest.put(record.seq(), record);
          }
        }
      }
    }
    return List.copyOf(latest.values());
  }

  @Override
  public void put(EpochRecord record) {
    try {
      producer
          .send(
              new ProducerRecord<>(
                  topic, 0, Long.toString(record.seq()), EpochRecordJson.write(record)))
          .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted storing epoch " + record.seq(), e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("could not store epoch " + record.seq() + " in " + topic, e);
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }

  private static boolean reached(
      KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey(), TIMEOUT) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  private static void ensureTopic(
      String bootstrapServers, KafkaClientProperties client, String topic) {
    try (TopicProvisioner provisioner =
        TopicProvisioner.create(adminConfig(bootstrapServers, client))) {
      provisioner.createMissing(
          List.of(TopicRequest.of(Topics.EPOCHS, topic)),
          TopicProvisioner.Defaults.BROKER,
          TIMEOUT);
    } catch (TopicProvisioningException e) {
      throw new IllegalStateException("could not create " + topic + ": " + e.getMessage(), e);
    }
  }

  private static Map<String, Object> adminConfig(
      String bootstrapServers, KafkaClientProperties client) {
    Map<String, Object> admin = new HashMap<>();
    client.values().forEach(admin::put);
    admin.put("bootstrap.servers", bootstrapServers);
    return admin;
  }
}
