package dev.airtrace.cli.demo;

import dev.airtrace.anomaly.AnomalyConfig;
import dev.airtrace.cli.FleetOptions;
import dev.airtrace.core.GatewayId;
import dev.airtrace.core.deadletter.RejectReason;
import dev.airtrace.gateway.EdgeGateway;
import dev.airtrace.gateway.GatewayConfig;
import dev.airtrace.gateway.GatewayStatus;
import dev.airtrace.gateway.models.ModelsConfig;
import dev.airtrace.gateway.outbox.OutboxConfig;
import dev.airtrace.inference.InferenceConfig;
import dev.airtrace.inference.RepositoryConfig;
import dev.airtrace.localstack.FreePorts;
import dev.airtrace.localstack.KafkaService;
import dev.airtrace.mqtt.MqttClients;
import dev.airtrace.mqtt.MqttEndpoint;
import dev.airtrace.mqtt.MqttPublisher;
import dev.airtrace.mqtt.MqttPublisherConfig;
import dev.airtrace.processor.ProcessorConfig;
import dev.airtrace.processor.StreamProcessorApp;
import dev.airtrace.serving.ModelServer;
import dev.airtrace.serving.ServingConfig;
import dev.airtrace.serving.kafka.KafkaPathConfig;
import dev.airtrace.serving.model.RepositoryModelSource;
import dev.airtrace.simulator.SimulationPlan;
import dev.airtrace.simulator.Simulator;
import dev.airtrace.simulator.SimulatorConfig;
import dev.airtrace.sink.influx.standalone.StandaloneSinkWorker;
import dev.airtrace.topics.Topic;
import dev.airtrace.topics.TopicProvisioner;
import dev.airtrace.topics.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code airtrace demo}: the whole pipeline in one process on embedded defaults — an in-process
 * MQTT 5 broker and single-node Kafka, the simulator, the gateway, the stream processor, and the
 * InfluxDB sink when an InfluxDB answers. Prints a progress line every second and a summary.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run the whole pipeline in one process on embedded defaults: in-process MQTT broker (HiveMQ"
          + " CE) and single-node Kafka, sensor simulator, edge gateway, stream processor, and the"
          + " InfluxDB sink when an InfluxDB answers at --influx-url.",
      "Prints readings/s, rejects and the AQI per site every second, then a summary."
    })
public final class DemoCommand implements Callable<Integer> {
  private static final Duration SETTLE = Duration.ofSeconds(5);
  private static final Duration MAX_DRAIN = Duration.ofMinutes(3);

  @ArgGroup(exclusive = false, heading = "Fleet%n")
  FleetOptions fleet = new FleetOptions();

  @Option(
      names = "--influx-url",
      defaultValue = "http://127.0.0.1:8086",
      description = "InfluxDB to write to when it answers (default: ${DEFAULT-VALUE}).")
  String influxUrl;

  @Option(
      names = "--influx-database",
      defaultValue = "airtrace",
      description = "InfluxDB database (default: ${DEFAULT-VALUE}).")
  String influxDatabase;

  @Option(
      names = "--influx",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "Write to InfluxDB when it answers (default: ${DEFAULT-VALUE}).")
  boolean influx;

  @Option(
      names = "--mqtt-port",
      defaultValue = "0",
      description =
          "Port of the embedded MQTT broker, 0 for a free one (default: ${DEFAULT-VALUE}).")
  int mqttPort;

  @Option(
      names = "--kafka-port",
      defaultValue = "0",
      description =
          "Port of the embedded Kafka broker, 0 for a free one (default: ${DEFAULT-VALUE}).")
  int kafkaPort;

  @Option(
      names = "--models-dir",
      defaultValue = "${sys:airtrace.home:-.}/models/repository",
      description =
          "Model repository for the gateway's anomaly detection and the forecast server; when it"
              + " does not exist the demo runs without models (default: ${DEFAULT-VALUE}).")
  Path modelsDir;

  @Option(
      names = "--outbox",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Give the gateway its disk outbox (MQTT acknowledged after a durable local append);"
              + " --no-outbox acknowledges after Kafka, for comparison (default: ${DEFAULT-VALUE}).")
  boolean outbox;

  @Option(
      names = "--work-dir",
      description = "Where brokers and state stores keep their data (default: a new temp dir).")
  Path workDir;

  private final PrintStream out = System.out;

  @Override
  public Integer call() throws Exception {
    Path work =
        workDir != null
            ? Files.createDirectories(workDir)
            : Files.createTempDirectory("airtrace-demo");
    SimulatorConfig simConfig = fleet.toConfig(Instant.now());
    out.printf(
        "airtrace demo: %d sites x %d devices, %d simulated hours every %ds; data in %s%n",
        simConfig.sites(),
        simConfig.devicesPerSite(),
        simConfig.hours(),
        simConfig.interval().toSeconds(),
        work);

    try (KafkaService kafka =
            KafkaService.start(
                KafkaService.Options.defaults()
                    .withDataDir(work.resolve("kafka"))
                    .withPort(kafkaPort));
        EmbeddedMqttBroker broker =
            EmbeddedMqttBroker.start(
                work.resolve("mqtt"), mqttPort == 0 ? FreePorts.pick() : mqttPort)) {
      String bootstrap = kafka.bootstrapServers();
      // One partition per topic: the demo replays a day in seconds, and one partition keeps
      // every site's readings in event-time order through the processor's repartition
      // (see docs/stream-processor.md, "Catching up").
      try (TopicProvisioner provisioner = TopicProvisioner.create(bootstrap)) {
        provisioner.createMissing(
            Stream.of(
                    Topics.READINGS,
                    Topics.AGGREGATES_1M,
                    Topics.GATEWAY_DEAD_LETTERS,
                    Topics.SITE_HOURLY,
                    Topics.SITE_AQI,
                    Topics.SITE_FEATURES,
                    Topics.PROCESSOR_DEAD_LETTERS,
                    Topics.ANOMALIES,
                    Topics.FORECASTS,
                    Topics.SERVING_DEAD_LETTERS)
                .map(Topic::request)
                .toList(),
            new TopicProvisioner.Defaults(Optional.of(1), Optional.empty()),
            Duration.ofSeconds(60));
      }
      boolean withModels = Files.isDirectory(modelsDir);
      out.println(
          withModels
              ? "  models " + modelsDir.toAbsolutePath().normalize()
              : "  models: none at "
                  + modelsDir.toAbsolutePath().normalize()
                  + " (no anomaly detection, no forecasts; set AIRTRACE_HOME to the installation"
                  + " or pass --models-dir)");
      out.printf("  kafka %s, mqtt %s%n", bootstrap, broker.serverUri());

      InfluxProbe probe = new InfluxProbe(influxUrl);
      boolean toInflux = influx && probe.reachable();
      out.println(
          toInflux
              ? "  influxdb " + influxUrl + " database " + influxDatabase
              : "  influxdb: none at " + influxUrl + " (output stays in Kafka)");

      ProcessorConfig pc =
          ProcessorConfig.builder(bootstrap, work.resolve("processor"))
              .windowGrace(simConfig.processorGrace())
              .build();
      GatewayConfig.Builder gatewayConfig =
          GatewayConfig.builder(new GatewayId("demo-gateway"), broker.serverUri(), bootstrap)
              .models(withModels ? gatewayModels() : ModelsConfig.defaults());
      gatewayConfig.outbox(
          outbox
              ? OutboxConfig.builder().directory(work.resolve("gateway-outbox")).build()
              : OutboxConfig.disabled());
      SimpleMeterRegistry gatewayMeters = new SimpleMeterRegistry();
      try (StreamProcessorApp processor = new StreamProcessorApp(pc);
          StandaloneSinkWorker sink = toInflux ? startSink(bootstrap, work) : null;
          EdgeGateway gateway = EdgeGateway.create(gatewayConfig.build(), gatewayMeters);
          RepositoryModelSource forecaster =
              withModels
                  ? RepositoryModelSource.open(
                      InferenceConfig.defaults(),
                      modelsDir,
                      ServingConfig.DEFAULT_MODEL,
                      ServingConfig.DEFAULT_RELOAD_INTERVAL,
                      new SimpleMeterRegistry())
                  : null;
          ModelServer serving =
              forecaster == null
                  ? null
                  : ModelServer.start(
                      ServingConfig.builder()
                          .repository(modelsDir, ServingConfig.DEFAULT_MODEL)
                          .http(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                          .kafka(KafkaPathConfig.defaults(bootstrap))
                          .build(),
                      forecaster,
                      new SimpleMeterRegistry(),
                      null);
          SiteAqiWatcher watcher =
              new SiteAqiWatcher(
                  bootstrap,
                  Topics.SITE_AQI.name(),
                  List.of(
                      Topics.SITE_AQI.name(),
                      Topics.SITE_HOURLY.name(),
                      Topics.PROCESSOR_DEAD_LETTERS.name(),
                      Topics.SITE_FEATURES.name(),
                      Topics.ANOMALIES.name(),
                      Topics.FORECASTS.name(),
                      Topics.SERVING_DEAD_LETTERS.name()));
          MqttPublisher publisher =
              MqttClients.publisher(
                  MqttPublisherConfig.defaults(
                      MqttEndpoint.of(broker.serverUri()), "airtrace-demo-sim"))) {
        processor.start();
        gateway.start();
        if (serving != null) {
          out.printf(
              "  forecasts: %s on %s, Open Inference Protocol at http://127.0.0.1:%d/v2%n",
              ServingConfig.DEFAULT_MODEL, forecaster.backend().token(), serving.httpPort());
        }
        publisher.start();
        if (!processor.awaitRunning(Duration.ofMinutes(2))
            || !publisher.awaitConnected(Duration.ofSeconds(30))) {
          throw new IllegalStateException("the demo pipeline did not start");
        }
        Simulator simulator = new Simulator(simConfig);
        CompletableFuture<SimulationPlan> run =
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return simulator.run(publisher, Duration.ofMinutes(5));
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CompletionException(e);
                  }
                });
        SimulationPlan plan = simulator.plan();
        long started = System.nanoTime();
        long lastReceived = 0;
        long drainedSince = 0;
        long simulatorDoneNanos = 0;
        long gatewayDoneNanos = 0;
        while (true) {
          Thread.sleep(1_000);
          GatewayStatus s = gateway.snapshot();
          long elapsed = (System.nanoTime() - started) / 1_000_000_000L;
          out.println(
              progress(
                  elapsed, simulator.publishedSoFar(), plan.published(), s, lastReceived, watcher));
          lastReceived = s.received();
          boolean gatewayDone =
              run.isDone()
                  && s.accepted() + s.rejectedTotal() >= plan.published()
                  && s.inFlight() == 0;
          if (run.isCompletedExceptionally()) {
            run.join();
          }
          if (gatewayDone && watcher.quietFor().compareTo(SETTLE) >= 0) {
            break;
          }
          if (run.isDone() && simulatorDoneNanos == 0) {
            simulatorDoneNanos = System.nanoTime() - started;
          }
          if (gatewayDone && drainedSince == 0) {
            drainedSince = System.nanoTime();
            gatewayDoneNanos = drainedSince - started;
          }
          if (drainedSince != 0 && System.nanoTime() - drainedSince > MAX_DRAIN.toNanos()) {
            out.println("  (stopped waiting for the processor after " + MAX_DRAIN + ")");
            break;
          }
          if (serving != null && serving.failure().isPresent()) {
            throw new IllegalStateException("model serving failed", serving.failure().get());
          }
          if (gateway.failure().isPresent() || processor.failure().isPresent()) {
            throw new IllegalStateException(
                "pipeline failed",
                gateway.failure().orElseGet(() -> processor.failure().orElseThrow()));
          }
        }
        out.println(summary(plan, gateway.snapshot(), watcher, toInflux ? probe : null));
        out.println(pace(plan, simulatorDoneNanos, gatewayDoneNanos, gatewayMeters));
      }
    }
    return 0;
  }

  /** The gateway's models: Barkjohn 2022 correction and anomaly detection from the repository. */
  private ModelsConfig gatewayModels() {
    return ModelsConfig.builder()
        .repository(modelsDir, RepositoryConfig.DEFAULT_RESCAN_INTERVAL)
        .anomalyEnabled(true)
        .anomaly(AnomalyConfig.defaults())
        .build();
  }

  private StandaloneSinkWorker startSink(String bootstrap, Path work) {
    return StandaloneSinkWorker.start(
        StandaloneSinkWorker.Options.builder(
                bootstrap, work.resolve("sink"), influxUrl, influxDatabase)
            .offsetCommitInterval(Duration.ofSeconds(1))
            .build());
  }

  private static String progress(
      long elapsedSeconds,
      long published,
      long planned,
      GatewayStatus s,
      long lastReceived,
      SiteAqiWatcher watcher) {
    String aqi =
        watcher.latest().entrySet().stream()
            .map(e -> e.getKey() + " " + e.getValue().aqi() + " (" + e.getValue().dominant() + ")")
            .collect(Collectors.joining(", "));
    return String.format(
        "[%4ds] published %,d/%,d | gateway %,d readings/s, accepted %,d, rejected %,d | AQI %s",
        elapsedSeconds,
        published,
        planned,
        s.received() - lastReceived,
        s.accepted(),
        s.rejectedTotal(),
        aqi.isEmpty() ? "(waiting for the first closed hour)" : aqi);
  }

  /**
   * How long the simulator and the gateway took (measured on the one-second progress tick, so
   * within a second), and the outbox's fsyncs: whether the gateway kept pace, and why not.
   */
  private String pace(
      SimulationPlan plan, long simulatorNanos, long gatewayNanos, MeterRegistry gatewayMeters) {
    double sim = simulatorNanos / 1e9;
    double gw = gatewayNanos / 1e9;
    String line =
        String.format(
            "  pace           simulator published %,d messages in %.0f s, gateway handled them"
                + " all after %.0f s (%,.0f messages/s; outbox %s)",
            plan.published(), sim, gw, gw > 0 ? plan.published() / gw : 0.0, outbox ? "on" : "off");
    Timer fsync = gatewayMeters.find("airtrace.gateway.outbox.fsync").timer();
    if (fsync != null && fsync.count() > 0) {
      line +=
          String.format(
              "%n  outbox fsync   %,d fsyncs (%.1f messages per fsync), mean %.1f ms, max %.1f"
                  + " ms",
              fsync.count(),
              (double) plan.published() / fsync.count(),
              fsync.mean(TimeUnit.MILLISECONDS),
              fsync.max(TimeUnit.MILLISECONDS));
    }
    return line;
  }

  private String summary(
      SimulationPlan plan, GatewayStatus s, SiteAqiWatcher watcher, InfluxProbe influxProbe) {
    List<String> lines = new ArrayList<>();
    lines.add("");
    lines.add("summary");
    lines.add(String.format("  published      %,d MQTT messages", plan.published()));
    lines.add(
        String.format(
            "  accepted       %,d readings (expected %,d)",
            s.accepted(), plan.expectedAccepted().size()));
    Map<RejectReason, Long> expected = plan.expectedDeadLetters();
    lines.add(
        String.format(
            "  dead-lettered  %,d at the gateway %s (expected %s)",
            s.rejectedTotal(), s.rejected(), expected));
    lines.add(
        String.format(
            "  nothing lost   %s (published = accepted + dead-lettered: %,d = %,d + %,d)",
            plan.published() == s.accepted() + s.rejectedTotal() ? "yes" : "NO",
            plan.published(),
            s.accepted(),
            s.rejectedTotal()));
    lines.add(
        String.format(
            "  processor      %,d hourly site means, %,d site AQI records, %,d dead letters",
            watcher.count(Topics.SITE_HOURLY.name()),
            watcher.count(Topics.SITE_AQI.name()),
            watcher.count(Topics.PROCESSOR_DEAD_LETTERS.name())));
    lines.add(
        String.format(
            "  models         %s: %,d anomaly events (%,d in the topic), %,d site feature"
                + " windows, %,d forecasts, %,d serving dead letters",
            s.inference() == null ? "none" : s.inference() + " " + s.models(),
            s.anomalies(),
            watcher.count(Topics.ANOMALIES.name()),
            watcher.count(Topics.SITE_FEATURES.name()),
            watcher.count(Topics.FORECASTS.name()),
            watcher.count(Topics.SERVING_DEAD_LETTERS.name())));
    List<String> truth = FleetOptions.groundTruth(plan);
    if (!truth.isEmpty()) {
      lines.add("  injected sensor faults (--sensor-faults; ground truth, CSV):");
      truth.forEach(t -> lines.add("    " + t));
    }
    watcher
        .latest()
        .forEach(
            (site, st) ->
                lines.add(
                    String.format(
                        "  %-14s AQI %d %s (dominant %s) for the hour from %s",
                        site,
                        st.aqi(),
                        st.category(),
                        st.dominant(),
                        Instant.ofEpochMilli(st.hourStart()))));
    if (influxProbe != null) {
      lines.add(
          String.format(
              "  influxdb       %s site_aqi points, %s site_hourly points, %s device_1m points",
              influxProbe.count(influxDatabase, "site_aqi", "aqi").orElse(-1),
              influxProbe.count(influxDatabase, "site_hourly", "mean").orElse(-1),
              influxProbe.count(influxDatabase, "device_1m", "mean").orElse(-1)));
    }
    return String.join(System.lineSeparator(), lines);
  }
}
