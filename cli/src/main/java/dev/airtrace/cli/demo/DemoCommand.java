package dev.airtrace.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airtrace.anomaly.AnomalyConfig;
import dev.airtrace.cli.FleetOptions;
import dev.airtrace.cli.ReplayOptions;
import dev.airtrace.cli.forecast.ForecastReports;
import dev.airtrace.cli.forecast.ForecastSkill;
import dev.airtrace.cli.forecast.ForecastTopics;
import dev.airtrace.cli.pacing.HourPacer;
import dev.airtrace.cli.pacing.KafkaPipelineView;
import dev.airtrace.cli.pacing.PacedSource;
import dev.airtrace.cli.pacing.PacingConfig;
import dev.airtrace.cli.pacing.PacingResult;
import dev.airtrace.core.GatewayId;
import dev.airtrace.core.codec.Json;
import dev.airtrace.core.deadletter.RejectReason;
import dev.airtrace.core.validation.ValidationConfig;
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
import dev.airtrace.processor.VerificationConfig;
import dev.airtrace.serving.ModelServer;
import dev.airtrace.serving.ServingConfig;
import dev.airtrace.serving.kafka.KafkaPathConfig;
import dev.airtrace.serving.model.RepositoryModelSource;
import dev.airtrace.simulator.SimulationPlan;
import dev.airtrace.simulator.Simulator;
import dev.airtrace.simulator.SimulatorConfig;
import dev.airtrace.simulator.replay.ReplayResult;
import dev.airtrace.simulator.replay.ReplaySource;
import dev.airtrace.simulator.replay.Replayer;
import dev.airtrace.sink.influx.InfluxSinkConfig;
import dev.airtrace.sink.influx.standalone.StandaloneSinkWorker;
import dev.airtrace.topics.CreationPolicy;
import dev.airtrace.topics.Topic;
import dev.airtrace.topics.TopicProvisioner;
import dev.airtrace.topics.TopicRequest;
import dev.airtrace.topics.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
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
      "Prints readings/s, rejects and the AQI per site every second, then a summary.",
      "With --replay FILE it replays a recorded file (as airtrace replay) instead of the"
          + " simulated fleet, accepts its old event times, keeps every record, and ends with the"
          + " forecast report (as airtrace forecast-report); with --paced it replays hour by"
          + " hour, each hour after the pipeline caught up with the last (docs/operations.md)."
    })
public final class DemoCommand implements Callable<Integer> {
  private static final Duration SETTLE = Duration.ofSeconds(5);
  private static final Duration MAX_DRAIN = Duration.ofMinutes(10);

  /**
   * What the demo's sink writes: the preset's readings (with their QC flags), analytics and quality
   * topics and the forecast verifier's, which the demo turns on.
   */
  static final List<String> SINK_TOPICS =
      Stream.concat(
              InfluxSinkConfig.AIRTRACE_TOPICS.stream(),
              InfluxSinkConfig.VERIFICATION_TOPICS.stream())
          .toList();

  /**
   * Replay: the gateway accepts event times up to a century old (the recorded file's, whatever its
   * age) instead of {@link ValidationConfig#DEFAULT_MAX_AGE}.
   */
  static final Duration REPLAY_MAX_AGE = Duration.ofDays(36_500);

  /**
   * Replay: topics keep records for a century. Kafka ages records out by their timestamp, and the
   * processor stamps its outputs with event time, so a week's retention would delete a 2014
   * replay's hourly means, features and forecasts as soon as their log segment rolls.
   */
  static final Duration REPLAY_RETENTION = Duration.ofDays(36_500);

  /**
   * Replay: how long the demo waits for the processor and the forecast server after the gateway
   * handled every message. A replay is not done when output pauses for a few seconds (a loaded
   * machine's transaction retries pause the processor longer), but when the processor's committed
   * offsets reach the readings topic's end and every feature window has its forecast.
   */
  static final Duration REPLAY_MAX_DRAIN = Duration.ofMinutes(30);

  @Option(
      names = "--replay",
      paramLabel = "FILE",
      description =
          "Replay this recorded file (the options of airtrace replay below apply) instead of the"
              + " simulated fleet.")
  Path replayFile;

  @ArgGroup(exclusive = false, heading = "Replay (with --replay)%n")
  ReplayOptions replay = new ReplayOptions();

  @Option(
      names = "--report-from",
      paramLabel = "TIME",
      converter = ReplayOptions.TimeConverter.class,
      description =
          "With --replay: the forecast report scores origins whose targets start at or after TIME"
              + " (default: every origin).")
  Instant reportFrom;

  @Option(
      names = "--report-until",
      paramLabel = "TIME",
      converter = ReplayOptions.TimeConverter.class,
      description = "With --replay: ... and whose last target starts before TIME.")
  Instant reportUntil;

  @Option(
      names = "--report-json",
      paramLabel = "FILE",
      description = "With --replay: also write the forecast report as JSON.")
  Path reportJson;

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
    if (replayFile != null) {
      out.printf("airtrace demo: replaying %s; data in %s%n", replayFile, work);
    } else {
      out.printf(
          "airtrace demo: %d sites x %d devices, %d simulated hours every %ds; data in %s%n",
          simConfig.sites(),
          simConfig.devicesPerSite(),
          simConfig.hours(),
          simConfig.interval().toSeconds(),
          work);
    }

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
                    Topics.SERVING_DEAD_LETTERS,
                    Topics.SENSOR_QUALITY,
                    Topics.FORECAST_VERIFICATIONS,
                    // compacted by its creation policy: serving reads the latest record per key
                    Topics.FORECAST_SKILL)
                .map(t -> replayFile == null ? t.request() : keptForReplay(t))
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

      KafkaPathConfig servingKafka = KafkaPathConfig.defaults(bootstrap);
      ProcessorConfig pc =
          ProcessorConfig.builder(bootstrap, work.resolve("processor"))
              .windowGrace(simConfig.processorGrace())
              .qualityScores(true)
              .verification(VerificationConfig.builder().enabled(true).build())
              .build();
      GatewayConfig.Builder gatewayConfig =
          GatewayConfig.builder(new GatewayId("demo-gateway"), broker.serverUri(), bootstrap)
              .models(withModels ? gatewayModels() : ModelsConfig.defaults());
      if (replayFile != null) {
        gatewayConfig.validation(
            new ValidationConfig(ValidationConfig.DEFAULT_MAX_FUTURE_SKEW, REPLAY_MAX_AGE));
      }
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
                          .kafka(servingKafka)
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
                      Topics.SERVING_DEAD_LETTERS.name(),
                      Topics.SENSOR_QUALITY.name(),
                      Topics.FORECAST_VERIFICATIONS.name(),
                      Topics.FORECAST_SKILL.name()));
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
        Simulator simulator = replayFile == null ? new Simulator(simConfig) : null;
        Replayer replayer = replayFile == null ? null : new Replayer(replay.toConfig());
        ReplaySource replaySource = replayFile == null ? null : replay.open(replayFile);
        ReplayOptions.BadRowReporter badRows =
            replayFile == null ? null : replay.badRowReporter(replayFile, System.err);
        SimulationPlan plan = simulator == null ? null : simulator.plan();
        ReplayResult[] replayed = new ReplayResult[1];
        PacingConfig pacing =
            replayFile != null && replay.paced()
                ? replay.pacingConfig(pc.windowGrace(), pc.featureWindowHours())
                : null;
        if (pacing != null && serving == null) {
          throw new IllegalArgumentException(
              "--paced waits for forecasts, but the demo has no models at " + modelsDir);
        }
        PacingResult[] paced = new PacingResult[1];
        CompletableFuture<Long> run =
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    if (simulator != null) {
                      return (long) simulator.run(publisher, Duration.ofMinutes(5)).published();
                    }
                    if (pacing == null) {
                      try (replaySource;
                          badRows) {
                        replayed[0] = replayer.run(replaySource, publisher, Map.of(), badRows);
                        return replayed[0].published();
                      }
                    }
                    try (replaySource;
                        badRows;
                        KafkaPipelineView view =
                            KafkaPipelineView.open(
                                Map.of("bootstrap.servers", bootstrap), Duration.ofSeconds(30))) {
                      HourPacer pacer = new HourPacer(pacing, view, publisher::awaitDelivered);
                      replayed[0] =
                          replayer.run(
                              new PacedSource(replaySource, replay.toConfig(), pacer),
                              publisher,
                              Map.of(),
                              badRows);
                      pacer.finish();
                      paced[0] = pacer.result();
                      return replayed[0].published();
                    }
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CompletionException(e);
                  } catch (Exception e) {
                    throw new CompletionException(e);
                  }
                });
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
                  elapsed,
                  simulator != null ? simulator.publishedSoFar() : replayer.publishedSoFar(),
                  plan != null ? plan.published() : -1,
                  s,
                  lastReceived,
                  watcher));
          lastReceived = s.received();
          if (run.isCompletedExceptionally()) {
            run.join();
          }
          boolean gatewayDone =
              run.isDone() && s.accepted() + s.rejectedTotal() >= run.join() && s.inFlight() == 0;
          // Done when the processor has committed the end of the readings topic and every
          // feature window has its forecast; quiet output alone is not enough, because on a
          // loaded machine an exactly-once commit can stall longer than SETTLE.
          if (gatewayDone
              && watcher.quietFor().compareTo(SETTLE) >= 0
              && caughtUp(
                  bootstrap,
                  pc.applicationId(),
                  serving == null ? Optional.empty() : Optional.of(servingKafka.groupId()))) {
            break;
          }
          if (run.isDone() && simulatorDoneNanos == 0) {
            simulatorDoneNanos = System.nanoTime() - started;
          }
          if (gatewayDone && drainedSince == 0) {
            drainedSince = System.nanoTime();
            gatewayDoneNanos = drainedSince - started;
          }
          Duration maxDrain = replayFile == null ? MAX_DRAIN : REPLAY_MAX_DRAIN;
          if (drainedSince != 0 && System.nanoTime() - drainedSince > maxDrain.toNanos()) {
            out.println("  (stopped waiting for the processor after " + maxDrain + ")");
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
        if (plan != null) {
          out.println(summary(plan, gateway.snapshot(), watcher, toInflux ? probe : null));
        } else {
          out.println(replaySummary(replayed[0], gateway.snapshot(), watcher));
          if (paced[0] != null) {
            paced[0].lines().forEach(l -> out.println("  " + l));
          }
        }
        out.println(pace(run.join(), simulatorDoneNanos, gatewayDoneNanos, gatewayMeters));
        if (replayFile != null) {
          forecastReport(bootstrap);
        }
      }
    }
    return 0;
  }

  /**
   * Whether the processor's group has committed the end of the readings topic and, when a forecast
   * server runs ({@code servingGroup} present), the server's group has committed the end of the
   * feature topic: every feature window then has its forecast, its serving dead letter, or was a
   * revision of a past issue time that serving deliberately does not forecast again (so counting
   * forecasts against feature windows would wait for ever).
   */
  static boolean caughtUp(String bootstrap, String processorGroup, Optional<String> servingGroup)
      throws Exception {
    try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", bootstrap))) {
      return committedEnd(admin, processorGroup, Topics.READINGS.name(), 0)
          && (servingGroup.isEmpty()
              // The processor writes feature windows in transactions: the partition ends with a
              // commit marker, which serving's commit (last record + 1) stops short of.
              || committedEnd(admin, servingGroup.get(), Topics.SITE_FEATURES.name(), 1));
    }
  }

  /**
   * Whether {@code group} has committed the end of every non-empty partition of {@code topic}, up
   * to {@code markers} trailing transaction markers.
   */
  private static boolean committedEnd(Admin admin, String group, String topic, int markers)
      throws Exception {
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin
            .listConsumerGroupOffsets(group)
            .partitionsToOffsetAndMetadata()
            .get(30, TimeUnit.SECONDS);
    int partitions =
        admin
            .describeTopics(List.of(topic))
            .allTopicNames()
            .get(30, TimeUnit.SECONDS)
            .get(topic)
            .partitions()
            .size();
    Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
    for (int p = 0; p < partitions; p++) {
      ends.put(new TopicPartition(topic, p), OffsetSpec.latest());
    }
    for (var e : admin.listOffsets(ends).all().get(30, TimeUnit.SECONDS).entrySet()) {
      var c = committed.get(e.getKey());
      if (e.getValue().offset() > 0
          && (c == null || c.offset() < e.getValue().offset() - markers)) {
        return false;
      }
    }
    return true;
  }

  /** {@code topic}'s creation request with {@link #REPLAY_RETENTION} (compaction as it was). */
  private static TopicRequest keptForReplay(Topic<?, ?> topic) {
    CreationPolicy p = topic.creation();
    return new TopicRequest(
        topic.name(),
        new CreationPolicy(p.partitions(), p.compact(), Optional.of(REPLAY_RETENTION)));
  }

  private String replaySummary(ReplayResult r, GatewayStatus s, SiteAqiWatcher watcher) {
    List<String> lines = new ArrayList<>();
    lines.add("");
    lines.add("summary");
    lines.add("  replayed       " + replayFile + ": " + r.summary());
    lines.add(
        String.format(
            "  gateway        %,d accepted, %,d dead-lettered %s",
            s.accepted(), s.rejectedTotal(), s.rejected()));
    lines.add(
        String.format(
            "  nothing lost   %s (published = accepted + dead-lettered: %,d = %,d + %,d)",
            r.published() == s.accepted() + s.rejectedTotal() ? "yes" : "NO",
            r.published(),
            s.accepted(),
            s.rejectedTotal()));
    lines.add(
        String.format(
            "  processor      %,d hourly site means, %,d feature windows, %,d dead letters",
            watcher.count(Topics.SITE_HOURLY.name()),
            watcher.count(Topics.SITE_FEATURES.name()),
            watcher.count(Topics.PROCESSOR_DEAD_LETTERS.name())));
    lines.add(
        String.format(
            "  serving        %,d forecasts, %,d dead letters",
            watcher.count(Topics.FORECASTS.name()),
            watcher.count(Topics.SERVING_DEAD_LETTERS.name())));
    lines.add(qualityAndVerification(watcher));
    return String.join(System.lineSeparator(), lines);
  }

  /**
   * The quality-score and forecast-verifier line of the summaries: how many records each of their
   * topics received while the demo ran.
   */
  static String qualityAndVerification(SiteAqiWatcher watcher) {
    return String.format(
        "  quality        %,d sensor quality scores; verifier %,d forecast verifications, %,d"
            + " skill records",
        watcher.count(Topics.SENSOR_QUALITY.name()),
        watcher.count(Topics.FORECAST_VERIFICATIONS.name()),
        watcher.count(Topics.FORECAST_SKILL.name()));
  }

  /** Prints (and with --report-json writes) the forecast report over the demo's topics. */
  private void forecastReport(String bootstrap) throws IOException {
    Optional<Path> sidecar = servedSidecar();
    Optional<double[]> profile = Optional.empty();
    ZoneId zone = ZoneId.of("UTC");
    if (sidecar.isPresent()) {
      JsonNode json = Json.mapper().readTree(sidecar.get().toFile());
      JsonNode d = json.path("metrics").path("diurnal_profile_ug_m3");
      if (d.isArray() && d.size() == 24) {
        double[] v = new double[24];
        for (int i = 0; i < 24; i++) {
          v[i] = d.get(i).asDouble();
        }
        profile = Optional.of(v);
      }
      if (json.path("features").path("calendar_zone").isTextual()) {
        zone = ZoneId.of(json.path("features").path("calendar_zone").asText());
      }
    }
    ForecastSkill skill =
        new ForecastSkill(
            new ForecastSkill.Options(
                Optional.empty(),
                Optional.ofNullable(reportFrom),
                Optional.ofNullable(reportUntil),
                ForecastSkill.Options.DEFAULT_MIN_HISTORY_HOURS,
                true,
                profile,
                zone));
    ForecastTopics.read(
        Map.of("bootstrap.servers", bootstrap),
        Topics.FORECASTS.name(),
        Topics.SITE_HOURLY.name(),
        skill,
        Duration.ofMinutes(2));
    ForecastSkill.Report report = skill.report();
    out.println();
    out.println(
        "forecast report (RMSE skill over persistence"
            + (profile.isPresent() ? " and persistence + diurnal of " + sidecar.get() : "")
            + ")");
    out.println(ForecastReports.table(report));
    if (reportJson != null) {
      Files.writeString(reportJson, ForecastReports.json(report), StandardCharsets.UTF_8);
    }
  }

  /** The sidecar of the highest version of the forecast model in the repository, if any. */
  private Optional<Path> servedSidecar() throws IOException {
    Path model = modelsDir.resolve(ServingConfig.DEFAULT_MODEL);
    if (!Files.isDirectory(model)) {
      return Optional.empty();
    }
    try (Stream<Path> versions = Files.list(model)) {
      return versions
          .filter(v -> v.getFileName().toString().matches("\\d+"))
          .filter(v -> Files.isRegularFile(v.resolve("model.json")))
          .max(Comparator.comparingLong(v -> Long.parseLong(v.getFileName().toString())))
          .map(v -> v.resolve("model.json"));
    }
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
            .connectorSettings(
                Map.of("topics", String.join(",", SINK_TOPICS))) // the connector's list
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
        "[%4ds] published %,d/%s | gateway %,d readings/s, accepted %,d, rejected %,d | AQI %s",
        elapsedSeconds,
        published,
        planned < 0 ? "?" : String.format("%,d", planned),
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
      long published, long simulatorNanos, long gatewayNanos, MeterRegistry gatewayMeters) {
    double sim = simulatorNanos / 1e9;
    double gw = gatewayNanos / 1e9;
    String line =
        String.format(
            "  pace           %s published %,d messages in %.0f s, gateway handled them"
                + " all after %.0f s (%,.0f messages/s; outbox %s)",
            replayFile == null ? "simulator" : "replay",
            published,
            sim,
            gw,
            gw > 0 ? published / gw : 0.0,
            outbox ? "on" : "off");
    Timer fsync = gatewayMeters.find("airtrace.gateway.outbox.fsync").timer();
    if (fsync != null && fsync.count() > 0) {
      line +=
          String.format(
              "%n  outbox fsync   %,d fsyncs (%.1f messages per fsync), mean %.1f ms, max %.1f"
                  + " ms",
              fsync.count(),
              (double) published / fsync.count(),
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
    lines.add(qualityAndVerification(watcher));
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
      lines.add(
          String.format(
              "  influxdb       %s sensor_quality points, %s forecast_verification points, %s"
                  + " forecast_skill points",
              influxProbe.count(influxDatabase, "sensor_quality", "score").orElse(-1),
              influxProbe.count(influxDatabase, "forecast_verification", "observed").orElse(-1),
              influxProbe.count(influxDatabase, "forecast_skill", "count").orElse(-1)));
    }
    return String.join(System.lineSeparator(), lines);
  }
}
