package dev.airtrace.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.airtrace.core.Quantity;
import dev.airtrace.core.deadletter.DeadLetter;
import dev.airtrace.localstack.KafkaService;
import dev.airtrace.localstack.TestWaits;
import dev.airtrace.topics.Topic;
import dev.airtrace.topics.Topics;
import dev.airtrace.topics.processor.SiteHourly;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
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
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The catch-up case of issue #10, on a real broker of its own (the readings topic needs a chosen
 * partition count, which the shared broker's topic does not have): a backlog of 26 hours from 15
 * devices in 3 sites, produced keyed by device before the processor starts. Before per-site event
 * time, 3 input partitions dead-lettered more than half of such a backlog as late (measured: 12,921
 * of 23,444) because one partition's progress closed the hours of readings still queued on the
 * others. Now every reading reaches its hour: no dead letter, and the latest revision of every
 * closed site-hour equals the test's own oracle (decimal mean of the hour's readings), on 1 and on
 * 3 partitions alike.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class BackfillCatchUpIT {
  private static final int SITES = 3;
  private static final int DEVICES_PER_SITE = 5;
  private static final int HOURS = 26;
  private static final long MINUTE = 60_000L;
  private static final long HOUR = 3_600_000L;

  /**
   * Hours published per site: the clock of each site ends at hour 25 + 59 min, which passes the end
   * of hour 24 plus the 10 min settle delay but not that of hour 25.
   */
  private static final int CLOSED_HOURS_PER_SITE = HOURS - 1;

  @TempDir Path stateDir;

  @ParameterizedTest(name = "{0} input partition(s)")
  @ValueSource(ints = {3, 1})
  void shouldPublishEveryHourOfABacklogWithoutLateDeadLettersWhateverThePartitioning(int partitions)
      throws Exception {
    try (KafkaService kafka = KafkaService.start(KafkaService.Options.defaults())) {
      kafka.createTopics(partitions, Topics.READINGS.name());
      kafka.createTopics(
          1,
          Topics.SITE_HOURLY.name(),
          Topics.SITE_AQI.name(),
          Topics.SITE_FEATURES.name(),
          Topics.PROCESSOR_DEAD_LETTERS.name());
      Instant base = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(HOURS + 2));
      Map<String, BigDecimal[]> oracle = produceBacklog(kafka, base);
      assertThat(oracle).hasSize(SITES * HOURS);

      ProcessorConfig config =
          ProcessorConfig.builder(kafka.bootstrapServers(), stateDir)
              .applicationId("backfill-it-" + partitions)
              .replicationFactor(1)
              .revisionInterval(Duration.ofMillis(500))
              .build();
      try (StreamProcessorApp app = new StreamProcessorApp(config);
          Committed<SiteHourly> hourly = new Committed<>(kafka, Topics.SITE_HOURLY);
          Committed<DeadLetter> dead = new Committed<>(kafka, Topics.PROCESSOR_DEAD_LETTERS)) {
        app.start();
        Map<String, SiteHourly> latest = new HashMap<>();
        await()
            .atMost(TestWaits.atMost(Duration.ofSeconds(150)))
            .untilAsserted(
                () -> {
                  for (SiteHourly h : hourly.poll()) {
                    latest.merge(
                        h.siteId() + "@" + h.windowStart(),
                        h,
                        (a, b) -> b.revision() > a.revision() ? b : a);
                  }
                  assertThat(latest).hasSize(SITES * CLOSED_HOURS_PER_SITE);
                  for (SiteHourly h : latest.values()) {
                    BigDecimal[] sumCount = oracle.get(h.siteId() + "@" + h.windowStart());
                    double expected =
                        sumCount[0].divide(sumCount[1], MathContext.DECIMAL128).doubleValue();
                    assertThat(h.quantities().get(Quantity.PM2_5).mean())
                        .as("%s", h.siteId() + "@" + h.windowStart())
                        .isEqualTo(expected);
                    assertThat(h.quantities().get(Quantity.PM2_5).count())
                        .isEqualTo(DEVICES_PER_SITE * 60L);
                  }
                });
        assertThat(dead.poll()).as("no dead letter at all").isEmpty();
        int revisions = hourly.all().stream().mapToInt(h -> h.revision() > 0 ? 1 : 0).sum();
        System.out.printf(
            "backfill catch-up, %d partition(s): %d readings, %d hourly records (%d site-hours,"
                + " %d revisions), %d dead letters%n",
            partitions,
            SITES * DEVICES_PER_SITE * HOURS * 60,
            hourly.all().size(),
            latest.size(),
            revisions,
            dead.all().size());
        assertThat(app.state()).isEqualTo(KafkaStreams.State.RUNNING);
        assertThat(app.failure()).isEmpty();
      }
    }
  }

  /**
   * 15 devices, one reading a minute each for 26 hours, in event-time order, keyed by device (so
   * they spread over the partitions); returns the oracle: site@hourStart -> {sum, count} of PM2.5.
   */
  private static Map<String, BigDecimal[]> produceBacklog(KafkaService kafka, Instant base)
      throws Exception {
    Map<String, BigDecimal[]> oracle = new TreeMap<>();
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
      for (int minute = 0; minute < HOURS * 60; minute++) {
        for (int s = 0; s < SITES; s++) {
          for (int d = 0; d < DEVICES_PER_SITE; d++) {
            String site = "backfill-s" + s;
            String device = site + "-d" + d;
            long t = base.toEpochMilli() + minute * MINUTE + d * 1_000L;
            // values with one decimal, different per device and minute
            double pm25 = ((minute * 7 + d * 13 + s * 29) % 400) / 10.0;
            ReadingBuilder r =
                ReadingBuilder.reading()
                    .site(site)
                    .device(device)
                    .seq(minute + 1)
                    .at(Instant.ofEpochMilli(t))
                    .pm25(pm25);
            producer.send(new ProducerRecord<>(Topics.READINGS.name(), device, r.bytes()));
            long hour = Math.floorDiv(t, HOUR) * HOUR;
            BigDecimal[] sc =
                oracle.computeIfAbsent(
                    site + "@" + hour, k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
            sc[0] = sc[0].add(BigDecimal.valueOf(pm25));
            sc[1] = sc[1].add(BigDecimal.ONE);
          }
        }
      }
      producer.flush();
    }
    return oracle;
  }

  /** Reads a topic from the beginning with read_committed. */
  private static final class Committed<V> implements AutoCloseable {
    private final KafkaConsumer<String, V> consumer;
    private final List<V> all = new ArrayList<>();

    Committed(KafkaService kafka, Topic<String, V> topic) {
      Properties p = new Properties();
      p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
      p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
      p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
      consumer =
          new KafkaConsumer<>(p, new StringDeserializer(), topic.valueSerde().deserializer());
      List<TopicPartition> tps =
          consumer.partitionsFor(topic.name()).stream()
              .map(i -> new TopicPartition(i.topic(), i.partition()))
              .toList();
      consumer.assign(tps);
      consumer.seekToBeginning(tps);
    }

    /** The records that arrived since the last poll. */
    List<V> poll() {
      List<V> fresh = new ArrayList<>();
      for (ConsumerRecord<String, V> r : consumer.poll(Duration.ofMillis(200))) {
        fresh.add(r.value());
      }
      all.addAll(fresh);
      return fresh;
    }

    List<V> all() {
      return all;
    }

    @Override
    public void close() {
      consumer.close(Duration.ofSeconds(5));
    }
  }
}
