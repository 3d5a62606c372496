package dev.airtrace.anchoring.kafka;

import dev.airtrace.anchoring.HeaderDeadLetters;
import dev.airtrace.core.deadletter.DeadLetter;
import dev.airtrace.core.kafka.KafkaClientProperties;
import dev.airtrace.topics.Topic;
import dev.airtrace.topics.TopicProvisioner;
import dev.airtrace.topics.TopicProvisioningException;
import dev.airtrace.topics.TopicRequest;
import dev.airtrace.topics.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes the anchoring service's dead letters to {@value #TOPIC} ({@link
 * Topics#ANCHORING_DEAD_LETTERS}: key {@code gatewayId:seq} or null, value the dead-letter v1 JSON)
 * with an idempotent {@code acks=all} producer, waiting for each write, so that the loop commits a
 * bad header's offset only once its dead letter is stored. Creates the topic when it is missing.
 *
 * <p>Owns its producer. Not thread-safe.
 */
public final class KafkaHeaderDeadLetters implements HeaderDeadLetters {
  /** The anchoring service's dead-letter topic. */
  public static final String TOPIC = Topics.Names.ANCHORING_DEAD_LETTERS;

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final Topic<String, DeadLetter> CONTRACT = Topics.ANCHORING_DEAD_LETTERS;

  private final KafkaProducer<String, DeadLetter> producer;
  private final String topic;

  private KafkaHeaderDeadLetters(
      String bootstrapServers, KafkaClientProperties client, String topic) {
    this.topic = topic;
    Properties p = client.toProperties(); // cannot hold any key set below
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "airtrace-anchoring-deadletters");
    this.producer =
        new KafkaProducer<>(
            p, CONTRACT.keySerde().serializer(), CONTRACT.valueSerde().serializer());
  }

  /** Creates {@code topic} if missing (broker defaults) and opens the producer. */
  public static KafkaHeaderDeadLetters open(String bootstrapServers, String topic) {
    return open(bootstrapServers, KafkaClientProperties.NONE, topic);
  }

  /** Like {@link #open(String, String)}, with the environment's client settings (TLS, SASL). */
  public static KafkaHeaderDeadLetters open(
      String bootstrapServers, KafkaClientProperties client, String topic) {
    Map<String, Object> admin = new HashMap<>(client.values());
    admin.put("bootstrap.servers", bootstrapServers);
    try (TopicProvisioner provisioner = TopicProvisioner.create(admin)) {
      provisioner.createMissing(
          List.of(TopicRequest.of(CONTRACT, topic)), TopicProvisioner.Defaults.BROKER, TIMEOUT);
    } catch (TopicProvisioningException e) {
      throw new IllegalStateException("could not create " + topic + ": " + e.getMessage(), e);
    }
    return new KafkaHeaderDeadLetters(bootstrapServers, client, topic);
  }

  @Override
  public void publish(String key, DeadLetter deadLetter) {
    try {
      producer
          .send(new ProducerRecord<>(topic, key, deadLetter))
          .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while storing a dead letter in " + topic, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("could not store a dead letter in " + topic, e);
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
