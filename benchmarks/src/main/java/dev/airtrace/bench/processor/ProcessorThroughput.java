package dev.airtrace.bench.processor;

import dev.airtrace.core.DeviceId;
import dev.airtrace.core.GatewayId;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.Reading;
import dev.airtrace.core.SiteId;
import dev.airtrace.localstack.KafkaService;
import dev.airtrace.processor.ProcessorConfig;
import dev.airtrace.processor.SiteAqiTopology;
import dev.airtrace.processor.StreamProcessorApp;
import dev.airtrace.topics.Topics;
import dev.airtrace.topics.gateway.ReadingJson;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * Readings per second through the stream processor with feature windows on and off, in the same
 * run. Rounds alternate off, on, off, on, ... so drift in the machine's load hits both; the report
 * gives every round, the median of each and the ratio on/off.
 *
 * <p>The load is a fleet of {@code sites} sites with two devices each, one reading per device and
 * minute (PM2.5, PM10, temperature, humidity, pressure, and wind where the core defines it) over
 * {@code hours} hours of event time, in event-time order: every site closes an hour every 120
 * readings, so every 120 readings trigger one window of 48 hours.
 *
 * <p>Modes:
 *
 * <ul>
 *   <li>{@code driver}: the topology ({@link SiteAqiTopology#build}, RocksDB stores) in a {@link
 *       TopologyTestDriver}: the topology's own CPU cost, no broker, no transactions. The driver
 *       processes every record synchronously on the calling thread, so the rate is readings per
 *       second of that thread's CPU time (robust against other load on a shared machine; GC and
 *       RocksDB background threads are not counted); the wall-clock rate is printed beside it.
 *   <li>{@code broker}: {@link StreamProcessorApp} with exactly_once_v2 against an in-process Kafka
 *       broker (local stack), the readings pre-loaded into one partition; a round starts a fresh
 *       application id and ends when its committed offsets reach the end of the input.
 * </ul>
 *
 * <p>Run: {@code ./mvnw -q -pl benchmarks -am install -DskipTests && java -cp
 * "benchmarks/target/airtrace-benchmarks.jar:benchmarks/target/lib/*"
 * dev.airtrace.bench.processor.ProcessorThroughput [driver|broker] [sites] [hours] [rounds]
 * [warm-up rounds]}; warm-up rounds (default 1 pair) are not counted.
 */
public final class ProcessorThroughput {
  private static final Duration ROUND_TIMEOUT = Duration.ofMinutes(10);
  private static final long MINUTE = Duration.ofMinutes(1).toMillis();

  private ProcessorThroughput() {}

  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "driver";
    int sites = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    int hours = args.length > 2 ? Integer.parseInt(args[2]) : 72;
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    int warmups = args.length > 4 ? Integer.parseInt(args[4]) : 1;
    Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(hours + 2L));
    List<Load> load = load(sites, hours, start);
    System.out.printf(
        Locale.ROOT,
        "%s: %d readings (%d sites x 2 devices x 60/h x %d h), %d rounds + %d warm-up%n",
        mode,
        load.size(),
        sites,
        hours,
        rounds,
        warmups);
    List<Double> off = new ArrayList<>();
    List<Double> on = new ArrayList<>();
    KafkaService kafka = null;
    try {
      if ("broker".equals(mode)) {
        kafka = KafkaService.start();
        kafka.createTopics(
            1,
            Topics.READINGS.name(),
            Topics.SITE_HOURLY.name(),
            Topics.SITE_AQI.name(),
            Topics.SITE_FEATURES.name(),
            Topics.PROCESSOR_DEAD_LETTERS.name());
        preload(kafka, load);
      } else if (!"driver".equals(mode)) {
        throw new IllegalArgumentException("mode must be driver or broker, was " + mode);
      }
      for (int round = 1 - warmups; round <= rounds; round++) {
        for (boolean features : new boolean[] {false, true}) {
          double rate =
              kafka == null ? driverRound(load, features) : brokerRound(kafka, load, features);
          System.out.printf(
              Locale.ROOT,
              "round %2d features %-3s %,10.0f readings/s%s%n",
              round,
              features ? "on" : "off",
              rate,
              round < 1 ? " (warm-up)" : "");
          if (round >= 1) {
            (features ? on : off).add(rate);
          }
        }
      }
    } finally {
      if (kafka != null) {
        kafka.close();
      }
    }
    double medianOff = median(off);
    double medianOn = median(on);
    System.out.printf(
        Locale.ROOT,
        "median off %,.0f readings/s, on %,.0f readings/s, ratio on/off %.3f%n",
        medianOff,
        medianOn,
        medianOn / medianOff);
  }

  /** One encoded reading: its device key and bytes. */
  record Load(String device, byte[] bytes, long eventTime) {}

  static List<Load> load(int sites, int hours, Instant start) {
    SplittableRandom random = new SplittableRandom(42);
    Optional<Quantity> windSpeed = Quantity.fromCode("wind_speed");
    Optional<Quantity> windDirection = Quantity.fromCode("wind_direction");
    List<Load> out = new ArrayList<>(sites * 2 * 60 * hours);
    long t0 = start.toEpochMilli();
    long seq = 0;
    for (int minute = 0; minute < hours * 60; minute++) {
      seq++;
      for (int s = 0; s < sites; s++) {
        for (int d = 0; d < 2; d++) {
          // devices report at second 10 and 40 of their minute, so readings stay in time order
          long t = t0 + minute * MINUTE + (d == 0 ? 10_000 : 40_000);
          Map<Quantity, Double> v = new EnumMap<>(Quantity.class);
          v.put(Quantity.PM2_5, round(5 + random.nextDouble() * 60));
          v.put(Quantity.PM10, round(10 + random.nextDouble() * 90));
          v.put(Quantity.TEMPERATURE, round(-5 + random.nextDouble() * 35));
          v.put(Quantity.RELATIVE_HUMIDITY, round(20 + random.nextDouble() * 75));
          v.put(Quantity.PRESSURE, round(990 + random.nextDouble() * 40));
          windSpeed.ifPresent(q -> v.put(q, round(random.nextDouble() * 12)));
          windDirection.ifPresent(q -> v.put(q, round(random.nextDouble() * 359)));
          String device = "bench-s" + s + "-d" + d;
          Reading r =
              new Reading(
                  new DeviceId(device),
                  new SiteId("bench-s" + s),
                  t,
                  seq,
                  v,
                  null,
                  new GatewayId("bench-gw"),
                  t + 100);
          out.add(new Load(device, ReadingJson.encode(r), t));
        }
      }
    }
    out.sort(Comparator.comparingLong(Load::eventTime));
    return out;
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }

  private static double driverRound(List<Load> load, boolean features) throws IOException {
    Path state = Files.createTempDirectory("airtrace-bench-processor");
    try {
      ProcessorConfig config =
          ProcessorConfig.builder("unused:9092", state)
              .applicationId("bench-processor")
              .features(features)
              .build();
      try (TopologyTestDriver driver =
          new TopologyTestDriver(
              SiteAqiTopology.build(config),
              config.toStreamsProperties(),
              Instant.ofEpochMilli(load.get(0).eventTime()))) {
        TestInputTopic<String, byte[]> in =
            driver.createInputTopic(
                Topics.READINGS.name(),
                Topics.READINGS.keySerde().serializer(),
                Serdes.ByteArray().serializer());
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long begin = System.nanoTime();
        long cpuBegin = threads.getCurrentThreadCpuTime();
        for (Load l : load) {
          in.pipeInput(l.device(), l.bytes(), l.eventTime());
        }
        long cpu = threads.getCurrentThreadCpuTime() - cpuBegin;
        long elapsed = System.nanoTime() - begin;
        System.out.printf(
            Locale.ROOT,
            "           wall %,10.0f readings/s (%.1f s)%n",
            load.size() / (elapsed / 1e9),
            elapsed / 1e9);
        return load.size() / (cpu / 1e9);
      }
    } finally {
      deleteRecursively(state);
    }
  }

  private static void preload(KafkaService kafka, List<Load> load) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
      for (Load l : load) {
        producer.send(
            new ProducerRecord<>(Topics.READINGS.name(), 0, l.eventTime(), l.device(), l.bytes()));
      }
      producer.flush();
    }
  }

  private static double brokerRound(KafkaService kafka, List<Load> load, boolean features)
      throws Exception {
    Path state = Files.createTempDirectory("airtrace-bench-processor");
    String appId = "bench-processor-" + UUID.randomUUID();
    ProcessorConfig config =
        ProcessorConfig.builder(kafka.bootstrapServers(), state)
            .applicationId(appId)
            .replicationFactor(1)
            .features(features)
            .build();
    TopicPartition input = new TopicPartition(Topics.READINGS.name(), 0);
    try (Admin admin =
            Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
        StreamProcessorApp app = new StreamProcessorApp(config)) {
      long end =
          admin
              .listOffsets(Map.of(input, OffsetSpec.latest()))
              .partitionResult(input)
              .get(30, TimeUnit.SECONDS)
              .offset();
      app.start();
      if (!app.awaitRunning(ROUND_TIMEOUT)) {
        throw new IllegalStateException("processor not running within " + ROUND_TIMEOUT);
      }
      long begin = System.nanoTime();
      long deadline = begin + ROUND_TIMEOUT.toNanos();
      while (committed(admin, appId, input) < end) {
        if (System.nanoTime() > deadline || app.failure().isPresent()) {
          throw new IllegalStateException(
              "round did not finish: " + app.failure().map(Throwable::toString).orElse("timeout"));
        }
        TimeUnit.MILLISECONDS.sleep(20);
      }
      long elapsed = System.nanoTime() - begin;
      return load.size() / (elapsed / 1e9);
    } finally {
      deleteRecursively(state);
    }
  }

  private static long committed(Admin admin, String group, TopicPartition tp) throws Exception {
    OffsetAndMetadata o =
        admin
            .listConsumerGroupOffsets(group)
            .partitionsToOffsetAndMetadata()
            .get(30, TimeUnit.SECONDS)
            .get(tp);
    return o == null ? -1 : o.offset();
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().collect(Collectors.toList());
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
