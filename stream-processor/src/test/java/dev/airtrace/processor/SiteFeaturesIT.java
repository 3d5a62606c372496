package dev.airtrace.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.airtrace.core.Quantity;
import dev.airtrace.localstack.KafkaService;
import dev.airtrace.localstack.Services;
import dev.airtrace.topics.Topics;
import dev.airtrace.topics.processor.FeatureChannel;
import dev.airtrace.topics.processor.SiteFeatures;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
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
 * Feature windows from {@link StreamProcessorApp} with exactly_once_v2 against a real Kafka 4.4
 * broker (local stack): 52 hours of readings for one site with a three-hour gap, read back with
 * read_committed and compared with the values this test computes itself.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class SiteFeaturesIT {
  private static final Duration AT_MOST = Duration.ofSeconds(150);
  private static final int HOURS_FED = 52;
  private static final Set<Integer> GAP = Set.of(30, 31, 32);
  private static final double RH = 60.0;

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

  // The oracle: per hour h, d1 sends pm2_5 h + 0.5, temperature 10 + h / 4 and RH 60 at :10,
  // d2 sends pm2_5 h + 1.5 and pressure 1000 + h at :40.
  private static double pm25(int h) {
    return h + 1.0; // (h + 0.5 + h + 1.5) / 2
  }

  private static double temperature(int h) {
    return 10 + h / 4.0;
  }

  private static double pressure(int h) {
    return 1000.0 + h;
  }

  /** Magnus with Alduchov & Eskridge's constants, written out independently of DewPoint. */
  private static double dewPoint(int h) {
    double t = temperature(h);
    double g = Math.log(RH / 100) + 17.625 * t / (243.04 + t);
    return 243.04 * g / (17.625 - g);
  }

  @Test
  void shouldPublishTheLast48HoursWithExactMeansAndNullsForTheGap() throws Exception {
    // Event times 54 hours ago: old enough to span 52 hours, recent enough for the broker to keep.
    String site = "it-" + UUID.randomUUID().toString().substring(0, 8);
    Instant base = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(54));
    long hourMs = Duration.ofHours(1).toMillis();
    ProcessorConfig config =
        ProcessorConfig.builder(kafka.bootstrapServers(), stateDir)
            .applicationId("airtrace-processor-features-it-" + UUID.randomUUID())
            .replicationFactor(1)
            .build();

    InputOffsets.startAtEnd(kafka, config.applicationId());
    try (StreamProcessorApp app = new StreamProcessorApp(config);
        KafkaProducer<String, byte[]> producer = producer()) {
      app.start();
      assertThat(app.awaitRunning(AT_MOST)).as("RUNNING within " + AT_MOST).isTrue();

      String d1 = site + "-d1";
      String d2 = site + "-d2";
      long seq = 1;
      for (int h = 0; h < HOURS_FED; h++) {
        if (GAP.contains(h)) {
          continue;
        }
        send(
            producer,
            reading(site, base, h, 10)
                .device(d1)
                .seq(seq)
                .pm25(h + 0.5)
                .value(Quantity.TEMPERATURE, temperature(h))
                .value(Quantity.RELATIVE_HUMIDITY, RH));
        send(
            producer,
            reading(site, base, h, 40)
                .device(d2)
                .seq(seq)
                .pm25(h + 1.5)
                .value(Quantity.PRESSURE, pressure(h)));
        seq++;
      }
      // closes the last fed hour (end + 10 min grace)
      send(producer, reading(site, base, HOURS_FED, 15).device(d1).seq(seq).pm25(1.0));
      producer.flush();

      int expectedWindows = HOURS_FED - GAP.size();
      List<SiteFeatures> windows = new ArrayList<>();
      try (KafkaConsumer<String, SiteFeatures> consumer = committedFeatures()) {
        await()
            .atMost(AT_MOST)
            .until(
                () -> {
                  for (ConsumerRecord<String, SiteFeatures> r :
                      consumer.poll(Duration.ofMillis(200))) {
                    if (site.equals(r.key())) {
                      windows.add(r.value());
                    }
                  }
                  return windows.size() >= expectedWindows;
                });
      }
      windows.sort(Comparator.comparingLong(SiteFeatures::issueTime));

      long t0 = base.toEpochMilli();
      assertThat(windows).hasSize(expectedWindows);
      assertThat(windows)
          .extracting(w -> (int) ((w.issueTime() - t0) / hourMs) - 1)
          .as("one window per closed hour, issued at its end")
          .containsExactlyElementsOf(
              IntStream.range(0, HOURS_FED).filter(h -> !GAP.contains(h)).boxed().toList());

      SiteFeatures last = windows.get(windows.size() - 1);
      int newest = HOURS_FED - 1;
      assertThat(last.siteId()).isEqualTo(site);
      assertThat(last.hours()).isEqualTo(48);
      assertThat(last.issueTime()).isEqualTo(t0 + HOURS_FED * hourMs);
      assertThat(last.hourStarts())
          .containsExactlyElementsOf(
              IntStream.rangeClosed(newest - 47, newest).mapToObj(h -> t0 + h * hourMs).toList());
      assertThat(last.values(FeatureChannel.PM2_5))
          .containsExactlyElementsOf(series(newest, SiteFeaturesIT::pm25));
      assertThat(last.values(FeatureChannel.TEMPERATURE))
          .containsExactlyElementsOf(series(newest, SiteFeaturesIT::temperature));
      assertThat(last.values(FeatureChannel.RELATIVE_HUMIDITY))
          .containsExactlyElementsOf(series(newest, h -> RH));
      assertThat(last.values(FeatureChannel.PRESSURE))
          .containsExactlyElementsOf(series(newest, SiteFeaturesIT::pressure));
      assertThat(last.values(FeatureChannel.PM10)).hasSize(48).containsOnlyNulls();
      List<Double> dew = last.values(FeatureChannel.DEW_POINT);
      List<Double> expectedDew = series(newest, SiteFeaturesIT::dewPoint);
      for (int i = 0; i < 48; i++) {
        if (expectedDew.get(i) == null) {
          assertThat(dew.get(i)).as("dew point of hour %d", i).isNull();
        } else {
          assertThat(dew.get(i))
              .as("dew point of hour %d", i)
              .isCloseTo(expectedDew.get(i), within(1e-9));
        }
      }

      // the first window after the gap (newest hour 33) has nulls for hours 30, 31 and 32
      SiteFeatures afterGap =
          windows.stream().filter(w -> w.issueTime() == t0 + 34 * hourMs).findFirst().orElseThrow();
      assertThat(afterGap.values(FeatureChannel.PM2_5))
          .containsExactlyElementsOf(series(33, SiteFeaturesIT::pm25));
      assertThat(afterGap.values(FeatureChannel.PM2_5).subList(44, 47)).containsOnlyNulls();

      assertThat(app.state()).isEqualTo(KafkaStreams.State.RUNNING);
      assertThat(app.failure()).isEmpty();
    }
  }

  /**
   * The 48 values of the window ending with hour {@code newest}: {@code value(h)} for fed hours,
   * null for hours before the first or inside the gap.
   */
  private static <T> List<T> series(int newest, IntFunction<T> value) {
    List<T> out = new ArrayList<>();
    for (int h = newest - 47; h <= newest; h++) {
      out.add(h < 0 || GAP.contains(h) ? null : value.apply(h));
    }
    return out;
  }

  private static ReadingBuilder reading(String site, Instant base, int hours, int minutes) {
    return ReadingBuilder.reading()
        .site(site)
        .at(base.plus(Duration.ofHours(hours)).plus(Duration.ofMinutes(minutes)));
  }

  /** Sends to partition 0 (one input partition keeps the order the test relies on). */
  private static void send(KafkaProducer<String, byte[]> producer, ReadingBuilder r)
      throws Exception {
    var reading = r.build();
    producer
        .send(
            new ProducerRecord<>(Topics.READINGS.name(), 0, reading.deviceId().value(), r.bytes()))
        .get();
  }

  private static KafkaProducer<String, byte[]> producer() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }

  private static KafkaConsumer<String, SiteFeatures> committedFeatures() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    KafkaConsumer<String, SiteFeatures> consumer =
        new KafkaConsumer<>(
            p, new StringDeserializer(), Topics.SITE_FEATURES.valueSerde().deserializer());
    List<TopicPartition> partitions =
        consumer.partitionsFor(Topics.SITE_FEATURES.name()).stream()
            .map(i -> new TopicPartition(i.topic(), i.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    return consumer;
  }
}
