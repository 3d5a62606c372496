package dev.airtrace.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.airtrace.core.Quantity;
import dev.airtrace.core.aqi.AqiCategory;
import dev.airtrace.core.aqi.Averaging;
import dev.airtrace.core.aqi.Pollutant;
import dev.airtrace.core.aqi.SubIndex;
import dev.airtrace.core.deadletter.DeadLetter;
import dev.airtrace.core.deadletter.RejectReason;
import dev.airtrace.localstack.KafkaService;
import dev.airtrace.localstack.Services;
import dev.airtrace.topics.Topic;
import dev.airtrace.topics.Topics;
import dev.airtrace.topics.processor.SiteAqi;
import dev.airtrace.topics.processor.SiteHourly;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link StreamProcessorApp} with exactly_once_v2 against a real Kafka 4.4 broker (in-process KRaft
 * from the local stack, or {@code KAFKA_BOOTSTRAP}); outputs are read with read_committed.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class StreamProcessorAppIT {
  private static final Duration AT_MOST = Duration.ofSeconds(90);
  private static final long HOUR = Duration.ofHours(1).toMillis();

  private static KafkaService kafka;

  @TempDir Path stateDir;

  @BeforeAll
  static void createTopics() {
    kafka = Services.kafka();
    kafka.createTopics(
        2,
        Topics.READINGS.name(),
        Topics.SITE_HOURLY.name(),
        Topics.SITE_AQI.name(),
        Topics.SITE_FEATURES.name(),
        Topics.PROCESSOR_DEAD_LETTERS.name());
  }

  @Test
  void shouldPublishTheExactSiteAqiWithExactlyOnce() throws Exception {
    // A site and devices of their own, and event times three hours ago, so that other data on a
    // shared broker neither mixes in nor makes these readings late; the broker keeps recent data.
    String site = "it-" + UUID.randomUUID().toString().substring(0, 8);
    String d1 = site + "-d1";
    String d2 = site + "-d2";
    Instant base = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(3));
    ProcessorConfig config =
        ProcessorConfig.builder(kafka.bootstrapServers(), stateDir)
            .applicationId("airtrace-processor-it-" + UUID.randomUUID())
            .replicationFactor(1)
            .build();

    InputOffsets.startAtEnd(kafka, config.applicationId());
    try (StreamProcessorApp app = new StreamProcessorApp(config)) {
      app.start();
      assertThat(app.awaitRunning(AT_MOST)).as("RUNNING within " + AT_MOST).isTrue();

      ReadingBuilder firstOfHour0 = reading(site, base, 0, 10).device(d1).seq(1).pm25(6.0);
      byte[] corrupt = "{\"deviceId\":".getBytes(StandardCharsets.UTF_8);
      try (KafkaProducer<String, byte[]> producer = producer()) {
        // One input partition, so the order below is the order the repartitioned side sees.
        send(producer, d1, firstOfHour0.bytes());
        send(producer, d2, reading(site, base, 0, 20).device(d2).seq(1).pm25(10.0).bytes());
        send(producer, d1, firstOfHour0.bytes()); // duplicate delivery
        send(producer, d1, corrupt); // poison pill
        send(producer, d1, reading(site, base, 1, 10).device(d1).seq(2).pm25(18.0).bytes());
        send(producer, d2, reading(site, base, 1, 40).device(d2).seq(2).pm25(22.0).bytes());
        send(producer, d1, reading(site, base, 2, 15).device(d1).seq(3).pm25(1.0).bytes());
        producer.flush();
      }

      // hour 0: (6 + 10) / 2 = 8.0, no NowCast (c2, c3 missing) -> no AQI record
      // hour 1: (18 + 22) / 2 = 20.0; NowCast c1 = 20, c2 = 8: w* = 0.4 -> 0.5,
      //   (20 + 0.5 * 8) / 1.5 = 16.0 -> AQI 49/26.3 * (16.0 - 9.1) + 51 = 63.86 -> 64
      long hour1 = base.toEpochMilli() + HOUR;
      SiteAqi expected =
          new SiteAqi(
              site,
              hour1,
              hour1 + HOUR,
              64,
              AqiCategory.MODERATE,
              Pollutant.PM2_5,
              false,
              Map.of(
                  Pollutant.PM2_5,
                  new SubIndex(Pollutant.PM2_5, Averaging.NOWCAST, 16.0, 64, false)),
              Map.of(Pollutant.PM2_5, 16.0),
              Map.of());

      try (Committed<SiteAqi> aqi = new Committed<>(Topics.SITE_AQI);
          Committed<SiteHourly> hourly = new Committed<>(Topics.SITE_HOURLY);
          Committed<DeadLetter> dead = new Committed<>(Topics.PROCESSOR_DEAD_LETTERS)) {
        await().atMost(AT_MOST).until(() -> aqi.poll(site).size() == 1);
        assertThat(aqi.values()).containsExactly(expected);

        await().atMost(AT_MOST).until(() -> hourly.poll(site).size() == 2);
        assertThat(hourly.values())
            .extracting(h -> h.quantities().get(Quantity.PM2_5))
            .containsExactly(
                new SiteHourly.QuantityMean(8.0, 2, 2), new SiteHourly.QuantityMean(20.0, 2, 2));

        await()
            .atMost(AT_MOST)
            .until(() -> dead.poll(d -> d.gatewayId().equals(config.applicationId())).size() == 1);
        DeadLetter d = dead.values().get(0);
        assertThat(d.reason()).isEqualTo(RejectReason.UNDECODABLE_RECORD);
        assertThat(d.payload()).isEqualTo(corrupt);
        assertThat(d.source()).startsWith("kafka:" + Topics.READINGS.name() + "/0/");
      }
      assertThat(app.state()).isEqualTo(KafkaStreams.State.RUNNING);
      assertThat(app.failure()).isEmpty();
    }
  }

  /** A reading of {@code site} at {@code base + hours h + minutes min}. */
  private static ReadingBuilder reading(String site, Instant base, int hours, int minutes) {
    return ReadingBuilder.reading()
        .site(site)
        .at(base.plus(Duration.ofHours(hours)).plus(Duration.ofMinutes(minutes)));
  }

  /** Sends to partition 0 and waits for the ack. */
  private static void send(KafkaProducer<String, byte[]> producer, String key, byte[] value)
      throws Exception {
    producer.send(new ProducerRecord<>(Topics.READINGS.name(), 0, key, value)).get();
  }

  private static KafkaProducer<String, byte[]> producer() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }

  /** Reads a topic from the beginning with read_committed, keeping the matching records. */
  private static final class Committed<V> implements AutoCloseable {
    private final KafkaConsumer<String, V> consumer;
    private final List<V> values = new ArrayList<>();

    Committed(Topic<String, V> topic) {
      Properties p = new Properties();
      p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
      p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
      p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
      consumer =
          new KafkaConsumer<>(p, new StringDeserializer(), topic.valueSerde().deserializer());
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic.name()).stream()
              .map(i -> new TopicPartition(i.topic(), i.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
    }

    List<V> poll(String key) {
      for (ConsumerRecord<String, V> r : consumer.poll(Duration.ofMillis(200))) {
        if (key.equals(r.key())) {
          values.add(r.value());
        }
      }
      return values;
    }

    List<V> poll(java.util.function.Predicate<V> keep) {
      for (ConsumerRecord<String, V> r : consumer.poll(Duration.ofMillis(200))) {
        if (keep.test(r.value())) {
          values.add(r.value());
        }
      }
      return values;
    }

    List<V> values() {
      return values;
    }

    @Override
    public void close() {
      consumer.close(Duration.ofSeconds(5));
    }
  }
}
