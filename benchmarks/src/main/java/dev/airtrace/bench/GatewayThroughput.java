package dev.airtrace.bench;

import dev.airtrace.bench.report.BenchRow;
import dev.airtrace.localstack.KafkaService;
import dev.airtrace.localstack.MosquittoService;
import dev.airtrace.mqtt.MqttClients;
import dev.airtrace.mqtt.MqttEndpoint;
import dev.airtrace.mqtt.MqttPublisher;
import dev.airtrace.mqtt.MqttPublisherConfig;
import dev.airtrace.simulator.FaultMix;
import dev.airtrace.simulator.PlannedMessage;
import dev.airtrace.simulator.Simulator;
import dev.airtrace.simulator.SimulatorConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

/**
 * The fair gateway benchmark: MQTT → Kafka throughput and CPU cost of the edge gateway against the
 * bare bridge (B1, {@link dev.airtrace.bench.baseline.BareBridge}: MQTT acknowledged only after
 * Kafka acknowledged) and the no-op subscriber ceiling (B0, {@link
 * dev.airtrace.bench.baseline.NoopSubscriber}: the publisher and broker limit), in one run on one
 * Kafka broker (in-process KRaft, in this JVM) with the same load ({@link SensorCorpus}: ~200 B
 * JSON readings from 1,000 devices, QoS 1).
 *
 * <p>Method (docs/benchmarks.md, "Gateway"; shared/docs/reference/performance.md): every subject
 * runs in its own child JVM started with the same flags ({@link #childFlags}: fixed heap, G1, one
 * active processor), each with its own mosquitto so that subjects never see each other's messages.
 * Where the machine has two or more CPUs and {@code taskset} exists, this JVM (broker, publisher,
 * mosquittos) pins itself to CPU 0 and every subject to the last CPU. Each subject first warms up
 * for at least {@code --warmup-s} seconds (whole chunks of {@code --messages}), then rounds
 * alternate over the subjects (b0, bare, gateway, ..., b0, bare, gateway, ...). A round publishes
 * one chunk as fast as the broker acknowledges and ends when the subject reports every message at
 * its end point (B0: received; bare bridge: Kafka acknowledged; gateway: accepted and in Kafka,
 * outbox backlog 0). The harness prints every round, medians, the process CPU seconds each subject
 * spent per million readings (child CPU time during the round ÷ readings), and {@link BenchRow}
 * lines.
 *
 * <p>Run (after {@code ./mvnw -q -pl benchmarks -am install -DskipTests}): {@code java -cp
 * "benchmarks/target/airtrace-benchmarks.jar:benchmarks/target/lib/*"
 * dev.airtrace.bench.GatewayThroughput [--messages 30000] [--rounds 3] [--warmup-s 30] [--subjects
 * b0,bare,gw,gw-no-outbox,gw-off,gw-off-no-outbox] [--before-classpath CP] [--heap 2g] [--no-pin]
 * [--jfr DIR]}. {@code --before-classpath} adds subject {@code gw-before}: the gateway with outbox
 * and models on whose airtrace jars come first from {@code CP} (e.g. an older build), for
 * before/after comparisons in one session. {@code --jfr DIR} records a JFR profile of every gateway
 * subject into DIR.
 */
public final class GatewayThroughput {
  /** What each subject name runs (see {@link GatewaySubject}). */
  static final Map<String, String> KINDS = new LinkedHashMap<>();

  static {
    KINDS.put("b0", "noop");
    KINDS.put("bare", "bare");
    KINDS.put("gw", "gateway:outbox,models");
    KINDS.put("gw-no-outbox", "gateway:no-outbox,models");
    KINDS.put("gw-off", "gateway:outbox,no-models");
    KINDS.put("gw-off-no-outbox", "gateway:no-outbox,no-models");
    KINDS.put("gw-before", "gateway:outbox,models");
  }

  /** What a subject's name says in the report. */
  static final Map<String, String> LABELS =
      Map.of(
          "b0", "no-op subscriber (B0)",
          "bare", "bare bridge (B1)",
          "gw", "gateway, outbox, models on",
          "gw-no-outbox", "gateway --no-outbox, models on",
          "gw-off", "gateway, outbox, models off",
          "gw-off-no-outbox", "gateway --no-outbox, models off",
          "gw-before", "gateway before (other jars), outbox, models on");

  private static final Duration ROUND_TIMEOUT = Duration.ofMinutes(6);

  private GatewayThroughput() {}

  /** The harness's options; see the class Javadoc. */
  record Options(
      int messages,
      int rounds,
      Duration warmup,
      List<String> subjects,
      String beforeClasspath,
      String heap,
      boolean pin,
      Path jfr) {
    Options {
      if (messages < SensorCorpus.DEVICES) {
        throw new IllegalArgumentException(
            "--messages must be at least " + SensorCorpus.DEVICES + " but was " + messages);
      }
      if (rounds < 1) {
        throw new IllegalArgumentException("--rounds must be at least 1 but was " + rounds);
      }
      for (String s : subjects) {
        if (!KINDS.containsKey(s)) {
          throw new IllegalArgumentException("unknown subject " + s + "; known: " + KINDS.keySet());
        }
      }
      if (subjects.contains("gw-before") && beforeClasspath == null) {
        throw new IllegalArgumentException("subject gw-before needs --before-classpath");
      }
    }

    static Options parse(String... args) {
      int messages = 30_000;
      int rounds = 3;
      Duration warmup = Duration.ofSeconds(30);
      List<String> subjects =
          new ArrayList<>(
              List.of("b0", "bare", "gw", "gw-no-outbox", "gw-off", "gw-off-no-outbox"));
      String before = null;
      String heap = "2g";
      boolean pin = true;
      Path jfr = null;
      int positional = 0;
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if (!a.startsWith("--")) {
          // The old form "<messages> <rounds> <warm-up rounds> [flags]": messages and rounds
          // still mean the same; warm-up is now time-based and every subject runs every time.
          switch (positional++) {
            case 0 -> messages = Integer.parseInt(a);
            case 1 -> rounds = Integer.parseInt(a);
            default -> System.out.println("ignoring old-style argument " + a);
          }
          continue;
        }
        switch (a) {
          case "--messages" -> messages = Integer.parseInt(args[++i]);
          case "--rounds" -> rounds = Integer.parseInt(args[++i]);
          case "--warmup-s" -> warmup = Duration.ofSeconds(Long.parseLong(args[++i]));
          case "--subjects" -> subjects = List.of(args[++i].split(","));
          case "--before-classpath" -> before = args[++i];
          case "--heap" -> heap = args[++i];
          case "--no-pin" -> pin = false;
          case "--jfr" -> jfr = Path.of(args[++i]);
          default -> throw new IllegalArgumentException("unknown argument " + a);
        }
      }
      if (before != null && !subjects.contains("gw-before")) {
        subjects = new ArrayList<>(subjects);
        subjects.add("gw-before");
      }
      return new Options(messages, rounds, warmup, List.copyOf(subjects), before, heap, pin, jfr);
    }
  }

  /** One timed round of one subject. */
  record Sample(double msgPerSecond, double cpuSecondsPerMillion, double load) {}

  /**
   * The flags every subject JVM gets, identical for baselines and gateways: fixed heap ({@code
   * -Xms} = {@code -Xmx}), G1 set explicitly, one active processor (the subject's pinned core).
   */
  static List<String> childFlags(String heap) {
    return List.of(
        "-Xms" + heap, "-Xmx" + heap, "-XX:+UseG1GC", "-XX:ActiveProcessorCount=1", "-Xss512k");
  }

  public static void main(String[] args) throws Exception {
    Options o = Options.parse(args);
    String command = "GatewayThroughput " + String.join(" ", args);
    int cpus = Runtime.getRuntime().availableProcessors();
    boolean pin = o.pin() && cpus >= 2 && Files.isExecutable(Path.of("/usr/bin/taskset"));
    if (pin) {
      // Broker, publisher and the mosquittos (started below, inheriting it) on CPU 0.
      exec("taskset", "-a", "-p", "-c", "0", Long.toString(ProcessHandle.current().pid()));
    }
    String subjectCpu = Integer.toString(cpus - 1);
    System.out.printf(
        Locale.ROOT,
        "gateway benchmark: %d messages per round, %d rounds, warm-up >= %d s per subject,"
            + " subjects %s; %s; subject JVM flags %s; %s%n",
        o.messages(),
        o.rounds(),
        o.warmup().toSeconds(),
        o.subjects(),
        pin
            ? "pinned: harness (Kafka, publisher, mosquitto) on CPU 0, subjects on CPU "
                + subjectCpu
            : "not pinned",
        String.join(" ", childFlags(o.heap())),
        cpuFlags());
    SensorCorpus corpus = new SensorCorpus(Instant.now().minus(Duration.ofHours(6)).toEpochMilli());
    Map<String, Child> children = new LinkedHashMap<>();
    try (KafkaService kafka = KafkaService.start()) {
      for (String name : o.subjects()) {
        kafka.createTopics(3, GatewaySubject.allTopics(name));
        children.put(name, Child.start(name, o, kafka, pin ? subjectCpu : null));
      }
      for (Child c : children.values()) {
        long start = System.nanoTime();
        int chunks = 0;
        Sample last = null;
        while (System.nanoTime() - start < o.warmup().toNanos()) {
          last = c.round(corpus, o.messages());
          chunks++;
        }
        System.out.printf(
            Locale.ROOT,
            "warm-up %s: %d chunks in %.0f s, last %.0f msg/s, %.1f CPU-s per 1M%n",
            c.name,
            chunks,
            (System.nanoTime() - start) / 1e9,
            last.msgPerSecond(),
            last.cpuSecondsPerMillion());
      }
      Map<String, List<Sample>> samples = new LinkedHashMap<>();
      for (int round = 1; round <= o.rounds(); round++) {
        StringBuilder line = new StringBuilder("round " + round + ":");
        for (Child c : children.values()) {
          Sample s = c.round(corpus, o.messages());
          samples.computeIfAbsent(c.name, k -> new ArrayList<>()).add(s);
          line.append(
              String.format(
                  Locale.ROOT,
                  " %s %.0f msg/s %.1f CPU-s/1M (load %.1f);",
                  c.name,
                  s.msgPerSecond(),
                  s.cpuSecondsPerMillion(),
                  s.load()));
        }
        System.out.println(line);
      }
      report(o, samples, command);
      wireBytes(kafka, o.subjects());
    } finally {
      for (Child c : children.values()) {
        c.close();
      }
    }
  }

  /**
   * Prints, per subject, the bytes its readings topic holds on the broker per record (every round
   * and warm-up included): the compressed batches as the producer sent them, so the figure the
   * producer's batching and compression (linger, batch size, codec) change on a WAN link.
   */
  private static void wireBytes(KafkaService kafka, List<String> subjects) {
    Map<String, Object> props = Map.of("bootstrap.servers", kafka.bootstrapServers());
    try (Admin admin = Admin.create(props)) {
      Map<String, Long> bytes = new LinkedHashMap<>();
      admin
          .describeLogDirs(admin.describeCluster().nodes().get().stream().map(n -> n.id()).toList())
          .allDescriptions()
          .get()
          .values()
          .forEach(
              dirs ->
                  dirs.values()
                      .forEach(
                          dir ->
                              dir.replicaInfos()
                                  .forEach(
                                      (tp, info) ->
                                          bytes.merge(tp.topic(), info.size(), Long::sum))));
      for (String name : subjects) {
        String[] topics = GatewaySubject.allTopics(name);
        String readings = GatewaySubject.topics(name).readings();
        String topic = name.equals("bare") ? topics[topics.length - 1] : readings;
        long records = 0;
        for (TopicDescription d :
            admin.describeTopics(List.of(topic)).allTopicNames().get().values()) {
          Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
          d.partitions()
              .forEach(
                  p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
          for (var e : admin.listOffsets(latest).all().get().values()) {
            records += e.offset();
          }
        }
        long all = 0;
        for (String t : topics) {
          all += bytes.getOrDefault(t, 0L);
        }
        if (records > 0) {
          System.out.printf(
              Locale.ROOT,
              "WIRE %s: %s holds %d records in %d bytes on the broker, %.1f bytes per record;"
                  + " all its topics %d bytes, %.1f per record of it%n",
              name,
              topic,
              records,
              bytes.getOrDefault(topic, 0L),
              bytes.getOrDefault(topic, 0L) / (double) records,
              all,
              all / (double) records);
        }
      }
    } catch (Exception e) {
      System.out.println("WIRE: could not read the broker's log sizes: " + e);
    }
  }

  private static void report(Options o, Map<String, List<Sample>> samples, String command) {
    Map<String, Double> rate = new LinkedHashMap<>();
    Map<String, Double> cpu = new LinkedHashMap<>();
    List<Double> loads = new ArrayList<>();
    samples.forEach(
        (name, list) -> {
          rate.put(name, median(list.stream().map(Sample::msgPerSecond).toList()));
          cpu.put(name, median(list.stream().map(Sample::cpuSecondsPerMillion).toList()));
          list.forEach(s -> loads.add(s.load()));
          System.out.printf(
              Locale.ROOT,
              "RESULT %s (%s): median %.0f msg/s, %.1f CPU-s per 1M readings%n",
              name,
              LABELS.get(name),
              rate.get(name),
              cpu.get(name));
        });
    double load = loads.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    Double bare = rate.get("bare");
    if (bare == null) {
      return;
    }
    rate.forEach(
        (name, r) -> {
          if (!name.equals("bare")) {
            System.out.printf(Locale.ROOT, "RESULT ratio %s / bare bridge: %.2f%n", name, r / bare);
          }
        });
    row("gateway throughput, models on", bare, rate.get("gw"), "msg/s", load, command);
    row("gateway throughput, models off", bare, rate.get("gw-off"), "msg/s", load, command);
    row(
        "gateway throughput, models on, --no-outbox",
        bare,
        rate.get("gw-no-outbox"),
        "msg/s",
        load,
        command);
    row(
        "gateway throughput, models off, --no-outbox",
        bare,
        rate.get("gw-off-no-outbox"),
        "msg/s",
        load,
        command);
    Double b0 = rate.get("b0");
    if (b0 != null) {
      row("no-op subscriber ceiling B0", b0, bare, "msg/s", load, command);
    }
    row(
        "gateway CPU per million readings, models on",
        cpu.get("bare"),
        cpu.get("gw"),
        "CPU-s/1M",
        load,
        command);
    row(
        "gateway CPU per million readings, models off",
        cpu.get("bare"),
        cpu.get("gw-off"),
        "CPU-s/1M",
        load,
        command);
    if (rate.containsKey("gw-before")) {
      row(
          "gateway throughput, models on, before (other jars)",
          bare,
          rate.get("gw-before"),
          "msg/s",
          load,
          command);
      row(
          "gateway CPU per million readings, models on, before (other jars)",
          cpu.get("bare"),
          cpu.get("gw-before"),
          "CPU-s/1M",
          load,
          command);
    }
  }

  private static void row(
      String figure, Double baseline, Double ours, String unit, double load, String command) {
    if (baseline != null && ours != null) {
      System.out.println(BenchRow.of(figure, baseline, ours, unit, load, command).line());
    }
  }

  /** A subject JVM with its own mosquitto and publisher, driven over its standard streams. */
  private static final class Child implements AutoCloseable {
    private final String name;
    private final MosquittoService mosquitto;
    private final MqttPublisher publisher;
    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
    private int chunk;
    private long sent;

    private Child(
        String name, MosquittoService mosquitto, MqttPublisher publisher, Process process) {
      this.name = name;
      this.mosquitto = mosquitto;
      this.publisher = publisher;
      this.process = process;
      this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader r =
                    new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                  for (String l = r.readLine(); l != null; l = r.readLine()) {
                    if (l.startsWith(GatewaySubject.PREFIX)) {
                      replies.add(l.substring(GatewaySubject.PREFIX.length()));
                    } else {
                      System.out.println("  [" + name + "] " + l);
                    }
                  }
                } catch (IOException e) {
                  replies.add("EOF " + e);
                }
                replies.add("EOF");
              },
              "subject-" + name);
      reader.setDaemon(true);
      reader.start();
    }

    static Child start(String name, Options o, KafkaService kafka, String cpu) throws Exception {
      MosquittoService mosquitto = MosquittoService.launch();
      List<String> cmd = new ArrayList<>();
      if (cpu != null) {
        cmd.addAll(List.of("taskset", "-c", cpu));
      }
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.addAll(childFlags(o.heap()));
      if (o.jfr() != null && KINDS.get(name).startsWith("gateway")) {
        Files.createDirectories(o.jfr());
        cmd.add(
            "-XX:StartFlightRecording=settings=profile,filename="
                + o.jfr().resolve(name + ".jfr").toAbsolutePath());
      }
      cmd.add("-Dairtrace.models=" + System.getProperty("airtrace.models", "models/repository"));
      String cp = System.getProperty("java.class.path");
      if (name.equals("gw-before")) {
        cp = o.beforeClasspath() + java.io.File.pathSeparator + cp;
      }
      cmd.addAll(
          List.of(
              "-cp",
              cp,
              GatewaySubject.class.getName(),
              KINDS.get(name),
              mosquitto.serverUri(),
              kafka.bootstrapServers(),
              name));
      Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      MqttPublisher publisher =
          MqttClients.publisher(
              MqttPublisherConfig.defaults(
                  MqttEndpoint.of(mosquitto.serverUri()), "bench-pub-" + name));
      Child c = new Child(name, mosquitto, publisher, p);
      String ready = c.replies.poll(3, TimeUnit.MINUTES);
      if (!"READY".equals(ready)) {
        c.close();
        throw new IllegalStateException("subject " + name + " did not start: " + ready);
      }
      publisher.start();
      if (!publisher.awaitConnected(Duration.ofSeconds(30))) {
        c.close();
        throw new IllegalStateException("publisher for " + name + " did not connect");
      }
      return c;
    }

    /** Publishes the next chunk and times it until the subject reports it at its end point. */
    Sample round(SensorCorpus corpus, int messages) throws Exception {
      List<String> topics = new ArrayList<>(messages);
      List<byte[]> payloads = new ArrayList<>(messages);
      for (int i = 0; i < messages; i++) {
        topics.add(SensorCorpus.topic(i));
        payloads.add(corpus.payload(chunk, messages, i));
      }
      chunk++;
      sent += messages;
      long cpu0 = cpuNanos();
      long t0 = System.nanoTime();
      for (int i = 0; i < messages; i++) {
        publisher.publish(topics.get(i), payloads.get(i));
      }
      stdin.write("await " + sent + "\n");
      stdin.flush();
      String reply = replies.poll(ROUND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      long t1 = System.nanoTime();
      long cpu1 = cpuNanos();
      if (reply == null || !reply.startsWith("DONE ") || !reply.endsWith(" rejected 0")) {
        throw new IllegalStateException(
            "subject " + name + " did not finish its round cleanly: " + reply);
      }
      return new Sample(
          messages / ((t1 - t0) / 1e9), (cpu1 - cpu0) / 1e9 / messages * 1e6, BenchRow.loadNow());
    }

    private long cpuNanos() {
      return process
          .toHandle()
          .info()
          .totalCpuDuration()
          .orElseThrow(() -> new IllegalStateException("no CPU time for subject " + name))
          .toNanos();
    }

    @Override
    public void close() {
      try {
        stdin.write("quit\n");
        stdin.flush();
      } catch (IOException e) {
        // already gone
      }
      try {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
          process.destroy();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroy();
      }
      publisher.close();
      mosquitto.close();
    }
  }

  /** The CPU's SHA and AVX flags, for the log (performance.md asks for them). */
  private static String cpuFlags() {
    try {
      String info = Files.readString(Path.of("/proc/cpuinfo"));
      return "cpu flags: sha_ni "
          + (info.contains(" sha_ni") ? "yes" : "no")
          + ", avx2 "
          + (info.contains(" avx2") ? "yes" : "no");
    } catch (IOException e) {
      return "cpu flags: unknown";
    }
  }

  private static void exec(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
    }
  }

  static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    s.sort(Double::compare);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  /**
   * The simulator's fleet (100 devices, valid readings only) as a list of N messages; the load of
   * {@link GatewayLatency} and {@link OutboxDrain}.
   */
  static List<PlannedMessage> load(int messages) {
    int devices = 100;
    Duration interval = Duration.ofMinutes(1);
    int hours = Math.max(1, (int) Math.ceil(messages / (double) devices / 60.0));
    SimulatorConfig config =
        SimulatorConfig.builder(SimulatorConfig.startHoursBefore(Instant.now(), hours + 1))
            .namespace("bench")
            .fleet(4, devices / 4, hours)
            .interval(interval)
            .faults(FaultMix.none())
            .build();
    List<PlannedMessage> all = new Simulator(config).plan().expectedAccepted();
    return all.subList(0, Math.min(messages, all.size()));
  }
}
