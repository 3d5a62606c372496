package dev.airtrace.bench.processor;

import dev.airtrace.bench.report.BenchRow;
import dev.airtrace.core.DeviceId;
import dev.airtrace.core.GatewayId;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.Reading;
import dev.airtrace.core.SiteId;
import dev.airtrace.localstack.KafkaService;
import dev.airtrace.processor.ProcessorConfig;
import dev.airtrace.processor.SiteAqiTopology;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * Readings per second through the stream processor, side by side with the bare-library limit: a
 * plain {@link KafkaConsumer} that polls the same topic as byte arrays and only counts records.
 * Both read the same pre-loaded input from an in-process KRaft broker (module {@code local-stack});
 * rounds alternate baseline, processor, baseline, ...; the first {@code warmup} seconds of
 * alternating rounds are not counted; the report gives every round, the medians and their ratio,
 * and one {@link BenchRow} line per figure.
 *
 * <p><b>When the processor's clock stops.</b> A processor round starts when its fresh application
 * (new application id, empty state) reaches {@code RUNNING} and stops when the last output record
 * has been committed: first the application's committed offsets reach the end of every input
 * partition, then (the end offsets of its repartition topic read only now, when no more records can
 * be added to it) its committed offsets reach the end of every repartition partition. Under
 * exactly-once the output records a repartition record causes commit in the same transaction as
 * that record's offset, so that instant is when the last output became visible; under at-least-once
 * the commit follows the sends. The offsets are polled every {@value #POLL_MS} ms, so a round can
 * read up to that much long. The round also checks that the site-hourly topic grew by the expected
 * number of hours. A baseline round starts at the first poll and stops when the consumer has
 * counted every input record.
 *
 * <p>The load is a fleet of {@code sites} sites with two devices each, one reading per device and
 * minute (PM2.5, PM10, temperature, humidity, pressure, wind speed and direction, about 400 B of
 * JSON) in event-time order; the default 50 sites over 50 hours make 300,000 readings. Every site
 * closes an hour every 120 readings (hourly mean, AQI, feature window of 48 hours).
 *
 * <p>Options ({@code name=value}, any order): {@code readings} (300000; rounded down to whole hours
 * of the fleet), {@code sites} (50), {@code partitions} (1, of the input topic and so of the
 * repartition topic), {@code threads} (1, stream threads), {@code rounds} (3 counted pairs), {@code
 * warmup} (30, seconds of alternating rounds before counting), {@code guarantee} ({@code
 * exactly_once_v2} or {@code at_least_once}), {@code features} (true), {@code mode} ({@code
 * broker}, or {@code driver}: the topology alone in a {@link TopologyTestDriver}, readings per
 * second of the calling thread's CPU time, no broker, no baseline; for profiling), {@code commit}
 * (milliseconds; default: the shipped {@link ProcessorConfig#DEFAULT_COMMIT_INTERVAL}) and {@code
 * cache} (bytes of {@code statestore.cache.max.bytes}; default: Kafka Streams' 10 MB), both for
 * measuring those settings only: the figures in the table use the shipped defaults. The exact
 * command is in {@code docs/benchmarks.md#processor}.
 */
public final class ProcessorThroughput {
  private static final Duration ROUND_TIMEOUT = Duration.ofMinutes(10);
  private static final long MINUTE = Duration.ofMinutes(1).toMillis();
  private static final long POLL_MS = 25;
  private static final int READINGS_PER_SITE_HOUR = 120;

  private ProcessorThroughput() {}

  /** The harness's options, parsed from {@code name=value} arguments. */
  record Options(
      String mode,
      int readings,
      int sites,
      int partitions,
      int threads,
      int rounds,
      Duration warmup,
      String guarantee,
      boolean features,
      long commitMs,
      long cacheBytes) {
    static Options parse(String[] args) {
      Map<String, String> o = new HashMap<>();
      for (String a : args) {
        int eq = a.indexOf('=');
        if (eq < 1) {
          throw new IllegalArgumentException("options are name=value, was " + a);
        }
        o.put(a.substring(0, eq), a.substring(eq + 1));
      }
      Options parsed =
          new Options(
              o.getOrDefault("mode", "broker"),
              Integer.parseInt(o.getOrDefault("readings", "300000")),
              Integer.parseInt(o.getOrDefault("sites", "50")),
              Integer.parseInt(o.getOrDefault("partitions", "1")),
              Integer.parseInt(o.getOrDefault("threads", "1")),
              Integer.parseInt(o.getOrDefault("rounds", "3")),
              Duration.ofSeconds(Long.parseLong(o.getOrDefault("warmup", "30"))),
              o.getOrDefault("guarantee", StreamsConfig.EXACTLY_ONCE_V2),
              Boolean.parseBoolean(o.getOrDefault("features", "true")),
              Long.parseLong(o.getOrDefault("commit", "0")),
              Long.parseLong(o.getOrDefault("cache", "-1")));
      o.keySet()
          .removeAll(
              Set.of(
                  "mode",
                  "readings",
                  "sites",
                  "partitions",
                  "threads",
                  "rounds",
                  "warmup",
                  "guarantee",
                  "features",
                  "commit",
                  "cache"));
      if (!o.isEmpty()) {
        throw new IllegalArgumentException("unknown options " + o.keySet());
      }
      if (!Set.of("broker", "driver").contains(parsed.mode)) {
        throw new IllegalArgumentException("mode must be broker or driver, was " + parsed.mode);
      }
      if (!Set.of(StreamsConfig.EXACTLY_ONCE_V2, StreamsConfig.AT_LEAST_ONCE)
          .contains(parsed.guarantee)) {
        throw new IllegalArgumentException(
            "guarantee must be exactly_once_v2 or at_least_once, was " + parsed.guarantee);
      }
      if (parsed.commitMs < 0) {
        throw new IllegalArgumentException("commit must be >= 0 ms, was " + parsed.commitMs);
      }
      return parsed;
    }

    int hours() {
      return Math.max(2, readings / (sites * READINGS_PER_SITE_HOUR));
    }

    String describe() {
      return String.format(
          Locale.ROOT,
          "mode=%s readings=%d sites=%d partitions=%d threads=%d rounds=%d warmup=%d"
              + " guarantee=%s features=%s commit=%s cache=%s",
          mode,
          readings,
          sites,
          partitions,
          threads,
          rounds,
          warmup.toSeconds(),
          guarantee,
          features,
          commitMs == 0 ? "shipped" : commitMs + "ms",
          cacheBytes < 0 ? "default" : cacheBytes + "B");
    }
  }

  public static void main(String[] args) throws Exception {
    Options opt = Options.parse(args);
    int hours = opt.hours();
    Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(hours + 2L));
    List<Load> load = load(opt.sites(), hours, start);
    System.out.printf(
        Locale.ROOT,
        "%s%n%d readings (%d sites x 2 devices x 60/h x %d h), JVM %s, %s, %d CPUs, max heap %d MB%n",
        opt.describe(),
        load.size(),
        opt.sites(),
        hours,
        System.getProperty("java.vm.version"),
        ManagementFactory.getRuntimeMXBean().getInputArguments(),
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20);
    if ("driver".equals(opt.mode())) {
      driver(opt, load);
    } else {
      broker(opt, load, hours);
    }
  }

  private static void broker(Options opt, List<Load> load, int hours) throws Exception {
    List<Rate> baseline = new ArrayList<>();
    List<Rate> processor = new ArrayList<>();
    List<Double> loads = new ArrayList<>();
    try (KafkaService kafka = KafkaService.start()) {
      kafka.createTopics(
          opt.partitions(),
          Topics.READINGS.name(),
          Topics.SITE_HOURLY.name(),
          Topics.SITE_AQI.name(),
          Topics.SITE_FEATURES.name(),
          Topics.PROCESSOR_DEAD_LETTERS.name());
      preload(kafka, load, opt.partitions());
      long warmupEnd = System.nanoTime() + opt.warmup().toNanos();
      int warm = 0;
      // Time-based warm-up: whole pairs until the warm-up time has passed (at least one pair).
      while (warm == 0 || System.nanoTime() < warmupEnd) {
        warm++;
        report("warm-up", warm, "consumer ", consumerRound(kafka, load.size(), opt.partitions()));
        report("warm-up", warm, "processor", processorRound(kafka, opt, load.size(), hours));
      }
      for (int round = 1; round <= opt.rounds(); round++) {
        loads.add(BenchRow.loadNow());
        Rate b = consumerRound(kafka, load.size(), opt.partitions());
        report("round", round, "consumer ", b);
        baseline.add(b);
        loads.add(BenchRow.loadNow());
        Rate p = processorRound(kafka, opt, load.size(), hours);
        report("round", round, "processor", p);
        processor.add(p);
      }
      loads.add(BenchRow.loadNow());
    }
    double mb = median(baseline.stream().map(Rate::wall).toList());
    double mp = median(processor.stream().map(Rate::wall).toList());
    double cb = median(baseline.stream().map(Rate::cpu).toList());
    double cp = median(processor.stream().map(Rate::cpu).toList());
    double loadAvg = loads.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    System.out.printf(
        Locale.ROOT,
        "median plain consumer %,.0f rec/s, processor %,.0f rec/s, ratio %.3f (load average %.2f)%n",
        mb,
        mp,
        mp / mb,
        loadAvg);
    String figure =
        opt.partitions() == 1 && opt.threads() == 1
            ? "processor throughput, 1 partition, " + opt.guarantee()
            : String.format(
                Locale.ROOT,
                "processor throughput, %d partitions, %d threads, %s",
                opt.partitions(),
                opt.threads(),
                opt.guarantee());
    System.out.printf(
        Locale.ROOT,
        "median per CPU-second of the process: plain consumer %,.0f rec, processor %,.0f rec,"
            + " ratio %.3f%n",
        cb,
        cp,
        cp / cb);
    System.out.println(BenchRow.of(figure, mb, mp, "rec/s", loadAvg, command(opt)).line());
    System.out.println(
        BenchRow.of(figure + ", per CPU-second", cb, cp, "rec/CPU-s", loadAvg, command(opt))
            .line());
  }

  private static String command(Options opt) {
    return "java -Xms1g -Xmx1g -XX:+UseG1GC -cp 'benchmarks/target/airtrace-benchmarks.jar:"
        + "benchmarks/target/lib/*' dev.airtrace.bench.processor.ProcessorThroughput"
        + " readings="
        + opt.readings()
        + " partitions="
        + opt.partitions()
        + " threads="
        + opt.threads()
        + " guarantee="
        + opt.guarantee()
        + " rounds="
        + opt.rounds()
        + " warmup="
        + opt.warmup().toSeconds()
        + (opt.commitMs() > 0 ? " commit=" + opt.commitMs() : "")
        + (opt.cacheBytes() >= 0 ? " cache=" + opt.cacheBytes() : "");
  }

  private static void report(String what, int round, String who, Rate rate) {
    System.out.printf(
        Locale.ROOT,
        "%-7s %2d %s %,10.0f rec/s %,10.0f rec/CPU-s%n",
        what,
        round,
        who,
        rate.wall(),
        rate.cpu());
  }

  /**
   * One round: records per second of wall-clock time, and records per CPU-second of this process
   * (broker, clients and processor together; the same for both sides, so on a shared machine the
   * CPU rate moves less with other load than the wall-clock rate).
   */
  record Rate(double wall, double cpu) {}

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
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

  private static void preload(KafkaService kafka, List<Load> load, int partitions) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
      for (Load l : load) {
        // keyed by device, like the gateway: the default partitioner spreads devices over
        // partitions, and a device's readings stay in order
        producer.send(
            new ProducerRecord<>(
                Topics.READINGS.name(),
                partitions == 1 ? 0 : null,
                l.eventTime(),
                l.device(),
                l.bytes()));
      }
      producer.flush();
    }
  }

  /** The bare-library limit: a plain consumer polls every input record as bytes and counts. */
  private static Rate consumerRound(KafkaService kafka, int expected, int partitions) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // what Kafka Streams reads with under exactly-once; no transactions here, so no cost either way
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> tps = new ArrayList<>();
      for (int i = 0; i < partitions; i++) {
        tps.add(new TopicPartition(Topics.READINGS.name(), i));
      }
      consumer.assign(tps);
      consumer.seekToBeginning(tps);
      long count = 0;
      long bytes = 0;
      long begin = System.nanoTime();
      long cpuBegin = processCpuNanos();
      long deadline = begin + ROUND_TIMEOUT.toNanos();
      while (count < expected) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
        for (var r : records) {
          count++;
          bytes += r.value().length; // touch the value, as a real consumer would
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("consumer round read " + count + " of " + expected);
        }
      }
      long elapsed = System.nanoTime() - begin;
      long cpu = processCpuNanos() - cpuBegin;
      if (bytes == 0) {
        throw new IllegalStateException("no bytes read");
      }
      return new Rate(count / (elapsed / 1e9), count / (cpu / 1e9));
    }
  }

  private static Rate processorRound(KafkaService kafka, Options opt, int expected, int hours)
      throws Exception {
    Path state = Files.createTempDirectory("airtrace-bench-processor");
    String appId = "bench-processor-" + UUID.randomUUID();
    ProcessorConfig config =
        ProcessorConfig.builder(kafka.bootstrapServers(), state)
            .applicationId(appId)
            .replicationFactor(1)
            .numStreamThreads(opt.threads())
            .features(opt.features())
            .build();
    if (opt.commitMs() > 0) {
      config = config.toBuilder().commitInterval(Duration.ofMillis(opt.commitMs())).build();
    }
    Properties props = config.toStreamsProperties();
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, opt.guarantee());
    if (opt.cacheBytes() >= 0) {
      props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, opt.cacheBytes());
    }
    String repartition = appId + "-" + SiteAqiTopology.REPARTITION + "-repartition";
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      Map<TopicPartition, Long> inputEnd = ends(admin, Topics.READINGS.name(), opt.partitions());
      Map<TopicPartition, Long> hourlyBefore =
          ends(admin, Topics.SITE_HOURLY.name(), opt.partitions());
      AtomicLong runningAt = new AtomicLong();
      AtomicLong cpuAtRunning = new AtomicLong();
      KafkaStreams streams = new KafkaStreams(SiteAqiTopology.build(config), props);
      try {
        streams.setStateListener(
            (now, old) -> {
              if (now == KafkaStreams.State.RUNNING) {
                if (runningAt.compareAndSet(0, System.nanoTime())) {
                  cpuAtRunning.set(processCpuNanos());
                }
              }
            });
        streams.start();
        long deadline = System.nanoTime() + ROUND_TIMEOUT.toNanos();
        while (!reached(admin, appId, inputEnd)) {
          check(streams, deadline);
        }
        // Every input record is processed and committed: the repartition topic is complete.
        Map<TopicPartition, Long> repartitionEnd = ends(admin, repartition, opt.partitions());
        while (!reached(admin, appId, repartitionEnd)) {
          check(streams, deadline);
        }
        long end = System.nanoTime();
        long cpu = processCpuNanos() - cpuAtRunning.get();
        if (runningAt.get() == 0) {
          throw new IllegalStateException("never RUNNING");
        }
        long hourly =
            sum(ends(admin, Topics.SITE_HOURLY.name(), opt.partitions())) - sum(hourlyBefore);
        // hours close when the next hour's readings pass the grace: the last hour stays open
        long expectedHours = (long) opt.sites() * (hours - 1);
        if (hourly < expectedHours) {
          throw new IllegalStateException(
              "site-hourly grew by " + hourly + " offsets, expected >= " + expectedHours);
        }
        printInternalTraffic(admin, appId, expected);
        return new Rate(expected / ((end - runningAt.get()) / 1e9), expected / (cpu / 1e9));
      } finally {
        streams.close(Duration.ofSeconds(30));
        streams.cleanUp();
      }
    } finally {
      deleteRecursively(state);
    }
  }

  private static void check(KafkaStreams streams, long deadline) throws InterruptedException {
    if (System.nanoTime() > deadline
        || streams.state() == KafkaStreams.State.ERROR
        || streams.state() == KafkaStreams.State.PENDING_ERROR) {
      throw new IllegalStateException("round did not finish: " + streams.state());
    }
    TimeUnit.MILLISECONDS.sleep(POLL_MS);
  }

  private static Map<TopicPartition, Long> ends(Admin admin, String topic, int partitions)
      throws Exception {
    Map<TopicPartition, OffsetSpec> req = new LinkedHashMap<>();
    for (int i = 0; i < partitions; i++) {
      req.put(new TopicPartition(topic, i), OffsetSpec.latest());
    }
    Map<TopicPartition, Long> out = new LinkedHashMap<>();
    admin
        .listOffsets(req)
        .all()
        .get(30, TimeUnit.SECONDS)
        .forEach((tp, info) -> out.put(tp, info.offset()));
    return out;
  }

  /**
   * Prints, per internal topic of the round's application (changelogs and the repartition), its end
   * offsets summed over partitions per input reading: the records (and, under exactly-once, the
   * transaction markers) the broker stored for each reading. Unlike a rate it does not move with
   * the machine's load, so a change in the per-reading Kafka traffic shows in it exactly.
   */
  private static void printInternalTraffic(Admin admin, String appId, int readings)
      throws Exception {
    List<String> internal =
        admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
            .filter(t -> t.startsWith(appId + "-"))
            .sorted()
            .toList();
    Map<String, TopicDescription> described =
        admin.describeTopics(internal).allTopicNames().get(30, TimeUnit.SECONDS);
    StringBuilder line = new StringBuilder("internal topic offsets per reading:");
    double total = 0;
    for (String topic : internal) {
      int n = described.get(topic).partitions().size();
      double perReading = sum(ends(admin, topic, n)) / (double) readings;
      total += perReading;
      line.append(
          String.format(Locale.ROOT, " %s %.3f,", topic.substring(appId.length() + 1), perReading));
    }
    line.append(String.format(Locale.ROOT, " total %.3f", total));
    System.out.println(line);
  }

  private static long sum(Map<TopicPartition, Long> offsets) {
    return offsets.values().stream().mapToLong(Long::longValue).sum();
  }

  /**
   * Whether the group's committed offsets reached {@code ends} on every partition. Under
   * exactly-once the end offset counts the transaction's commit marker, which a committed offset
   * never covers, so one short of the end counts as reached when the partition ends in a marker.
   */
  private static boolean reached(Admin admin, String group, Map<TopicPartition, Long> ends)
      throws Exception {
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin
            .listConsumerGroupOffsets(group)
            .partitionsToOffsetAndMetadata()
            .get(30, TimeUnit.SECONDS);
    for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
      OffsetAndMetadata o = committed.get(e.getKey());
      long end = e.getValue();
      if (end == 0) {
        continue;
      }
      if (o == null || o.offset() < end - 1) {
        return false;
      }
    }
    return true;
  }

  private static void driver(Options opt, List<Load> load) throws IOException {
    long warmupEnd = System.nanoTime() + opt.warmup().toNanos();
    int warm = 0;
    while (warm == 0 || System.nanoTime() < warmupEnd) {
      warm++;
      double r = driverRound(load, opt.features());
      report("warm-up", warm, "driver   ", new Rate(Double.NaN, r));
    }
    List<Double> rates = new ArrayList<>();
    for (int round = 1; round <= opt.rounds(); round++) {
      double r = driverRound(load, opt.features());
      report("round", round, "driver   ", new Rate(Double.NaN, r));
      rates.add(r);
    }
    System.out.printf(
        Locale.ROOT,
        "median topology alone %,.0f readings per CPU-second (load average %.2f)%n",
        median(rates),
        BenchRow.loadNow());
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
        long cpuBegin = threads.getCurrentThreadCpuTime();
        for (Load l : load) {
          in.pipeInput(l.device(), l.bytes(), l.eventTime());
        }
        long cpu = threads.getCurrentThreadCpuTime() - cpuBegin;
        return load.size() / (cpu / 1e9);
      }
    } finally {
      deleteRecursively(state);
    }
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().collect(Collectors.toList());
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
