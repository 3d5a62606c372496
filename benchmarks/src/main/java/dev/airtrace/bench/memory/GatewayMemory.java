package dev.airtrace.bench.memory;

import dev.airtrace.bench.report.BenchRow;
import dev.airtrace.localstack.KafkaService;
import dev.airtrace.localstack.MosquittoService;
import dev.airtrace.mqtt.MqttClients;
import dev.airtrace.mqtt.MqttEndpoint;
import dev.airtrace.mqtt.MqttPublisher;
import dev.airtrace.mqtt.MqttPublisherConfig;
import dev.airtrace.topics.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * Memory harness: the resident set (RSS) of the edge gateway at 1,000 devices × 9 quantities with
 * every model on (anomaly detector with anomaly-ae on the CPU, fault rules, spatial comparison, QC,
 * calibration, Merkle integrity, disk outbox), started exactly as an operator starts it: {@code
 * ./airtrace gateway} in a child process, so it runs with the launcher's edge JVM flags and
 * environment (or {@code AIRTRACE_JAVA_OPTS} when set). Mosquitto and Kafka come from {@code
 * local-stack}.
 *
 * <p>It publishes one JSON reading per device per second (1,000 messages/s, 9,000 values/s), event
 * time = wall time, for the duration (default 10 minutes), samples the child's {@code VmRSS} and
 * {@code VmHWM} from {@code /proc/PID/status} every 5 s, checks the gateway kept up (readings in
 * Kafka's readings topic, from the end offsets, against messages published), and prints the RSS
 * curve, the peak, the steady value (median of the last 3 minutes, or of the last third on a short
 * run) and one {@link BenchRow}: figure "gateway RSS, 1,000 devices × 9 quantities, models on",
 * {@code ours} = steady RSS in MB, {@code baseline} = the 256 MB goal of issue #13 (ratio ≤ 1 meets
 * it). At the end it prints where the resident pages are, from the kernel's side ({@code
 * /proc/PID/smaps}: per mapped library, the Java heap, the malloc arenas) and then from the JVM's
 * ({@code GC.heap_info} after a full collection, the NMT summary when enabled).
 *
 * <p>Run from the repository root after {@code ./mvnw -q -pl benchmarks,cli -am install
 * -DskipTests}: {@code java -cp "benchmarks/target/airtrace-benchmarks.jar:benchmarks/target/lib/*"
 * dev.airtrace.bench.memory.GatewayMemory [minutes] [devices]} (defaults 10 and 1,000).
 */
public final class GatewayMemory {
  /** The goal of issue #13: the gateway's RSS at 1,000 devices with every model on. */
  static final double GOAL_MB = 256;

  private static final String[] QUANTITIES = {
    "pm2_5", "pm10", "no2", "o3", "so2", "co", "temperature", "relative_humidity", "pressure"
  };
  private static final double[] LEVELS = {12, 20, 15, 30, 3, 0.4, 18, 55, 1013};

  /** Relative swing of the cycle, so every value stays inside its quantity's plausible range. */
  private static final double[] SWING = {0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.2, 0.2, 0.01};

  /**
   * The first line of a mapping in {@code smaps}: {@code start-end perms offset dev inode path}.
   */
  private static final java.util.regex.Pattern MAPPING_HEADER =
      java.util.regex.Pattern.compile("[0-9a-f]+-[0-9a-f]+ ");

  private static final Duration SAMPLE_EVERY = Duration.ofSeconds(5);
  private static final int DEVICES_PER_SITE = 25;

  private GatewayMemory() {}

  public static void main(String[] args) throws Exception {
    double minutes = args.length > 0 ? Double.parseDouble(args[0]) : 10;
    int devices = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
    Path root = Path.of("").toAbsolutePath();
    Path launcher = root.resolve("airtrace");
    if (!Files.isExecutable(launcher)) {
      throw new IllegalStateException("run from the repository root: no ./airtrace here");
    }
    if (!Files.isRegularFile(root.resolve("cli/target/airtrace.jar"))) {
      throw new IllegalStateException("build the CLI first: ./mvnw -q -pl cli -am install");
    }
    Path state = Files.createTempDirectory("gateway-memory");
    String javaOpts = System.getenv("AIRTRACE_JAVA_OPTS");
    System.out.printf(
        Locale.ROOT,
        "gateway memory: %d devices x %d quantities, 1 reading/s each, %.1f min; JVM options: %s;"
            + " MALLOC_ARENA_MAX=%s; load %.2f%n",
        devices,
        QUANTITIES.length,
        minutes,
        javaOpts == null ? "the launcher's edge defaults" : javaOpts,
        System.getenv().getOrDefault("MALLOC_ARENA_MAX", "(launcher default)"),
        BenchRow.loadNow());
    try (KafkaService kafka = KafkaService.start();
        MosquittoService mosquitto = MosquittoService.launch()) {
      ProcessBuilder pb =
          new ProcessBuilder(
                  launcher.toString(),
                  "gateway",
                  "--gateway-id",
                  "gw-memory",
                  "--mqtt-uri",
                  mosquitto.serverUri(),
                  "--kafka-bootstrap",
                  kafka.bootstrapServers(),
                  "--state-dir",
                  state.toString(),
                  "--models-dir",
                  root.resolve("models/repository").toString(),
                  "--status-interval",
                  "PT30S")
              .redirectErrorStream(true)
              .redirectOutput(state.resolve("gateway.log").toFile());
      // measure the jar that was built, not a rebuild started by the launcher
      pb.environment().put("AIRTRACE_SKIP_BUILD", "1");
      Process gateway = pb.start();
      try {
        awaitJava(gateway);
        run(kafka, mosquitto, gateway, devices, minutes, state);
      } finally {
        gateway.destroy();
        if (!gateway.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
          gateway.destroyForcibly();
        }
      }
    }
  }

  private static void run(
      KafkaService kafka,
      MosquittoService mosquitto,
      Process gateway,
      int devices,
      double minutes,
      Path state)
      throws Exception {
    long pid = gateway.pid();
    List<long[]> curve = new ArrayList<>(); // {seconds, rss kB, hwm kB}
    long published = 0;
    try (MqttPublisher publisher =
            MqttClients.publisher(
                MqttPublisherConfig.defaults(
                    MqttEndpoint.of(mosquitto.serverUri()), "gateway-memory-pub"));
        Admin admin =
            Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      publisher.start();
      if (!publisher.awaitConnected(Duration.ofSeconds(30))) {
        throw new IllegalStateException("publisher did not connect");
      }
      awaitSubscribed(state.resolve("gateway.log"), gateway);
      SplittableRandom random = new SplittableRandom(13);
      long start = System.nanoTime();
      long end = start + (long) (minutes * 60e9);
      long nextSample = start;
      long second = 0;
      while (System.nanoTime() < end) {
        if (!gateway.isAlive()) {
          throw new IllegalStateException(
              "gateway exited with " + gateway.exitValue() + "; see " + state + "/gateway.log");
        }
        long now = System.currentTimeMillis();
        for (int d = 0; d < devices; d++) {
          publisher.publish(topic(d), payload(d, second, now, random));
          published++;
        }
        second++;
        long due = start + second * 1_000_000_000L;
        while (System.nanoTime() >= nextSample) {
          long[] s = sample(pid);
          curve.add(new long[] {(System.nanoTime() - start) / 1_000_000_000L, s[0], s[1]});
          System.out.printf(
              Locale.ROOT,
              "t=%4ds RSS %6.1f MB  peak %6.1f MB  published %d  in Kafka %d  load %.2f%n",
              curve.get(curve.size() - 1)[0],
              s[0] / 1024.0,
              s[1] / 1024.0,
              published,
              inKafka(admin),
              BenchRow.loadNow());
          nextSample += SAMPLE_EVERY.toNanos();
        }
        long wait = due - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
      }
      publisher.awaitDelivered(Duration.ofSeconds(60));
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      long delivered = inKafka(admin);
      while (delivered < published && System.nanoTime() < deadline) {
        Thread.sleep(500);
        delivered = inKafka(admin);
      }
      long[] last = sample(pid);
      mappings(pid);
      breakdown(pid);
      report(curve, last, published, delivered, devices, minutes);
    }
  }

  private static void report(
      List<long[]> curve, long[] last, long published, long delivered, int devices, double min) {
    int n = curve.size();
    long steadyFrom = curve.get(n - 1)[0] - (min >= 6 ? 180 : (long) (min * 20));
    List<Long> tail = new ArrayList<>();
    for (long[] s : curve) {
      if (s[0] >= steadyFrom) {
        tail.add(s[1]);
      }
    }
    tail.sort(Long::compare);
    double steadyMb = tail.get(tail.size() / 2) / 1024.0;
    double peakMb = last[1] / 1024.0;
    System.out.println("RSS curve (one point per 30 s): seconds, RSS MB, peak MB");
    for (long[] s : curve) {
      if (s[0] % 30 < SAMPLE_EVERY.toSeconds()) {
        System.out.printf(Locale.ROOT, "  %4d  %6.1f  %6.1f%n", s[0], s[1] / 1024.0, s[2] / 1024.0);
      }
    }
    System.out.printf(
        Locale.ROOT,
        "RESULT devices=%d quantities=%d minutes=%.1f steady_rss=%.1f MB (median from t=%ds)"
            + " peak_rss=%.1f MB published=%d in_kafka=%d kept_up=%s goal=%.0f MB%n",
        devices,
        QUANTITIES.length,
        min,
        steadyMb,
        steadyFrom,
        peakMb,
        published,
        delivered,
        delivered >= published,
        GOAL_MB);
    System.out.println(
        BenchRow.of(
                String.format(
                    Locale.ROOT,
                    "gateway RSS, %,d devices × 9 quantities, models on (baseline: the %.0f MB"
                        + " goal)",
                    devices,
                    GOAL_MB),
                GOAL_MB,
                steadyMb,
                "MB",
                BenchRow.loadNow(),
                String.format(
                    Locale.ROOT,
                    "java -cp \"benchmarks/target/airtrace-benchmarks.jar:benchmarks/target/lib/*\""
                        + " dev.airtrace.bench.memory.GatewayMemory %s %d",
                    min == Math.rint(min) ? String.valueOf((long) min) : String.valueOf(min),
                    devices))
            .line());
    if (delivered < published) {
      System.out.printf(
          Locale.ROOT,
          "WARNING: the gateway did not keep up: %d of %d readings in Kafka%n",
          delivered,
          published);
    }
  }

  /**
   * Where the memory is: the child's heap after a full collection ({@code GC.class_histogram} would
   * be too long; {@code GC.heap_info} after {@code GC.run}) and, when the child runs with {@code
   * -XX:NativeMemoryTracking=summary} (add it to {@code AIRTRACE_JAVA_OPTS}), the JVM's native
   * areas. RSS minus the NMT total is memory the JVM did not allocate itself: RocksDB, ONNX
   * Runtime, glibc arenas.
   */
  private static void breakdown(long pid) throws Exception {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    if (!Files.isExecutable(jcmd)) {
      return;
    }
    for (String command : List.of("GC.run", "GC.heap_info", "VM.native_memory summary")) {
      List<String> argv = new ArrayList<>(List.of(jcmd.toString(), String.valueOf(pid)));
      argv.addAll(List.of(command.split(" ")));
      Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor();
      if (!command.equals("GC.run")) {
        System.out.println("jcmd " + command + ":");
        out.lines()
            .filter(l -> !l.isBlank() && !l.contains("(mmap:") && !l.startsWith(pid + ":"))
            .limit(60)
            .forEach(l -> System.out.println("  " + l));
      }
    }
  }

  /**
   * Where the resident pages are, from the kernel's side ({@code /proc/PID/smaps}; what {@code pmap
   * -x} shows): the totals of {@code smaps_rollup}, the resident kB per mapped file (the JDK's
   * {@code libjvm.so} and CDS archive, RocksDB's and ONNX Runtime's libraries, the jars) and the
   * largest anonymous mappings (the Java heap is the one whose size is {@code -Xmx}; glibc's malloc
   * arenas are 64 MB mappings; RocksDB's and ONNX Runtime's allocations live in those). Printed
   * before the full collection of {@link #breakdown}, so it is the state the RSS curve ended in.
   */
  static void mappings(long pid) throws IOException {
    Path proc = Path.of("/proc", String.valueOf(pid));
    System.out.println("smaps_rollup:");
    for (String line : Files.readAllLines(proc.resolve("smaps_rollup"))) {
      if (line.startsWith("Rss:")
          || line.startsWith("Anonymous:")
          || line.startsWith("Shared_Clean:")
          || line.startsWith("Private_Clean:")
          || line.startsWith("Private_Dirty:")) {
        System.out.println("  " + line.replaceAll("\\s+", " "));
      }
    }
    Map<String, Long> byFile = new java.util.HashMap<>();
    List<long[]> anon = new ArrayList<>(); // {size kB, rss kB, start address}
    String name = null;
    long size = 0;
    long startAddress = 0;
    for (String line : Files.readAllLines(proc.resolve("smaps"))) {
      if (MAPPING_HEADER.matcher(line).lookingAt()) {
        String[] f = line.trim().split("\\s+", 6);
        String[] range = f[0].split("-");
        startAddress = Long.parseUnsignedLong(range[0], 16);
        size = (Long.parseUnsignedLong(range[1], 16) - startAddress) / 1024;
        name = f.length > 5 ? f[5] : "";
      } else if (line.startsWith("Rss:") && name != null) {
        long rss = kilobytes(line);
        if (name.isEmpty()) {
          anon.add(new long[] {size, rss, startAddress});
        } else {
          byFile.merge(name, rss, Long::sum);
        }
      }
    }
    long anonTotal = anon.stream().mapToLong(a -> a[1]).sum();
    System.out.printf(
        Locale.ROOT,
        "resident kB by mapping (anonymous total %d kB in %d mappings):%n",
        anonTotal,
        anon.size());
    byFile.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(12)
        .forEach(e -> System.out.printf(Locale.ROOT, "  %8d  %s%n", e.getValue(), e.getKey()));
    anon.sort((a, b) -> Long.compare(b[1], a[1]));
    for (long[] a : anon.subList(0, Math.min(12, anon.size()))) {
      System.out.printf(Locale.ROOT, "  %8d  [anon %x, size %d kB]%n", a[1], a[2], a[0]);
    }
  }

  /** Sum of the readings topic's end offsets: the readings the gateway delivered to Kafka. */
  private static long inKafka(Admin admin) throws Exception {
    String topic = Topics.READINGS.name();
    int partitions =
        admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
    Map<TopicPartition, OffsetSpec> request = new java.util.HashMap<>();
    for (int p = 0; p < partitions; p++) {
      request.put(new TopicPartition(topic, p), OffsetSpec.latest());
    }
    return admin.listOffsets(request).all().get().values().stream()
        .mapToLong(r -> r.offset())
        .sum();
  }

  private static String topic(int device) {
    return "airtrace/v1/site-" + device / DEVICES_PER_SITE + "/dev-" + device + "/json";
  }

  /** One reading of 9 quantities: a daily-ish cycle per device plus noise, seq = second. */
  private static byte[] payload(int device, long second, long now, SplittableRandom random) {
    StringBuilder b = new StringBuilder(256);
    b.append("{\"seq\":").append(second).append(",\"time\":").append(now).append(",\"values\":{");
    double phase = Math.sin(2 * Math.PI * (second + device * 7) / 900.0);
    for (int q = 0; q < QUANTITIES.length; q++) {
      double level = LEVELS[q];
      double v = level * (1 + SWING[q] * phase) + 0.01 * level * random.nextDouble();
      if (q > 0) {
        b.append(',');
      }
      b.append('"').append(QUANTITIES[q]).append("\":");
      b.append(String.format(Locale.ROOT, "%.2f", v));
    }
    return b.append("}}").toString().getBytes(StandardCharsets.UTF_8);
  }

  /** {VmRSS, VmHWM} in kB of the process. */
  static long[] sample(long pid) throws IOException {
    long rss = 0;
    long hwm = 0;
    for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        rss = kilobytes(line);
      } else if (line.startsWith("VmHWM:")) {
        hwm = kilobytes(line);
      }
    }
    return new long[] {rss, hwm};
  }

  private static long kilobytes(String statusLine) {
    String[] parts = statusLine.trim().split("\\s+");
    return Long.parseLong(parts[1]);
  }

  /** Waits until the launcher has exec'd the JVM (it may build the CLI first). */
  private static void awaitJava(Process p) throws Exception {
    Path exe = Path.of("/proc", String.valueOf(p.pid()), "exe");
    long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
    while (System.nanoTime() < deadline && p.isAlive()) {
      try {
        if (Files.readSymbolicLink(exe).getFileName().toString().equals("java")) {
          return;
        }
      } catch (IOException ignored) {
        // the process is between fork and exec
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("the launcher did not start the gateway JVM");
  }

  /** Waits until the gateway logged that it is connected to MQTT (its status line says so). */
  private static void awaitSubscribed(Path log, Process p) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (System.nanoTime() < deadline && p.isAlive()) {
      String text = Files.exists(log) ? Files.readString(log) : "";
      if (text.contains("subscribed to")) {
        return;
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException(
        "the gateway did not connect; its log: "
            + (Files.exists(log)
                ? Files.readAllLines(log).stream().limit(50).collect(Collectors.joining("\n"))
                : "(none)"));
  }
}
