package dev.airtrace.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 90, unit = TimeUnit.SECONDS)
class KafkaServiceIT {

  @Test
  void shouldRoundTripRecordsThroughCreatedTopic() throws Exception {
    KafkaService kafka = Services.kafka();
    String topic = "harness.roundtrip." + System.nanoTime();
    kafka.createTopics(2, topic);

    try (KafkaProducer<String, String> producer = producer(kafka)) {
      for (int i = 0; i < 10; i++) {
        producer.send(new ProducerRecord<>(topic, "key-" + i, "value-" + i)).get();
      }
    }

    List<String> received = readAll(kafka, topic, 10, "read_uncommitted");
    assertThat(received)
        .containsExactlyInAnyOrder(
            "key-0=value-0",
            "key-1=value-1",
            "key-2=value-2",
            "key-3=value-3",
            "key-4=value-4",
            "key-5=value-5",
            "key-6=value-6",
            "key-7=value-7",
            "key-8=value-8",
            "key-9=value-9");
  }

  @Test
  void shouldAcceptCreatingAnExistingTopicAgain() throws Exception {
    KafkaService kafka = Services.kafka();
    String topic = "harness.idempotent." + System.nanoTime();
    kafka.createTopics(3, topic);

    assertThatCode(() -> kafka.createTopics(3, topic)).doesNotThrowAnyException();
    try (Admin admin = admin(kafka)) {
      int partitions =
          admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
      assertThat(partitions).isEqualTo(3);
    }
  }

  @Test
  void shouldNotAutoCreateTopicsOnInProcessBroker() throws Exception {
    KafkaService kafka = Services.kafka();
    org.junit.jupiter.api.Assumptions.assumeFalse(kafka.isExternal(), "broker settings are ours");
    String topic = "harness.never-created." + System.nanoTime();

    try (KafkaConsumer<String, String> consumer = consumer(kafka)) {
      Map<String, ?> topics = consumer.listTopics(Duration.ofSeconds(10));
      assertThat(topics).doesNotContainKey(topic);
      consumer.partitionsFor(topic, Duration.ofSeconds(2));
    } catch (org.apache.kafka.common.errors.TimeoutException expected) {
      // partitionsFor times out instead of creating the topic
    }
    try (Admin admin = admin(kafka)) {
      assertThat(admin.listTopics().names().get()).doesNotContain(topic);
    }
  }

  @Test
  void shouldCommitTransactionsAsExactlyOnceClientsNeed() throws Exception {
    KafkaService kafka = Services.kafka();
    String topic = "harness.tx." + System.nanoTime();
    kafka.createTopics(1, topic);
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "harness-tx-" + System.nanoTime());

    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, "k", "committed"));
      producer.commitTransaction();
    }

    assertThat(readAll(kafka, topic, 1, "read_committed")).containsExactly("k=committed");
  }

  @Test
  void shouldKeepRecordsWhenRestartedOnSameDataDir(@TempDir Path dataDir) throws Exception {
    String topic = "harness.resume";
    KafkaService.Options options = KafkaService.Options.defaults().withDataDir(dataDir);
    try (KafkaService first = KafkaService.start(options)) {
      first.createTopics(1, topic);
      try (KafkaProducer<String, String> producer = producer(first)) {
        producer.send(new ProducerRecord<>(topic, "k", "before-restart")).get();
      }
    }

    try (KafkaService second = KafkaService.start(options)) {
      assertThat(readAll(second, topic, 1, "read_uncommitted")).containsExactly("k=before-restart");
    }
    assertThat(dataDir).isDirectory();
  }

  private static List<String> readAll(
      KafkaService kafka, String topic, int expected, String isolation) {
    List<String> received = new ArrayList<>();
    Properties p = new Properties();
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
    try (KafkaConsumer<String, String> consumer = consumer(kafka, p)) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (received.size() < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          received.add(r.key() + "=" + r.value());
        }
      }
    }
    return received;
  }

  private static KafkaProducer<String, String> producer(KafkaService kafka) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
  }

  private static KafkaConsumer<String, String> consumer(KafkaService kafka) {
    return consumer(kafka, new Properties());
  }

  private static KafkaConsumer<String, String> consumer(KafkaService kafka, Properties p) {
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "harness-it-" + System.nanoTime());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    return new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
  }

  private static Admin admin(KafkaService kafka) {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    return Admin.create(p);
  }
}
