package dev.airtrace.cli;

import dev.airtrace.anomaly.AnomalyConfig;
import dev.airtrace.core.GatewayId;
import dev.airtrace.core.calibration.ChannelAgreement;
import dev.airtrace.core.codec.PayloadLimits;
import dev.airtrace.core.validation.ValidationConfig;
import dev.airtrace.gateway.EdgeGateway;
import dev.airtrace.gateway.GatewayConfig;
import dev.airtrace.gateway.GatewayTopics;
import dev.airtrace.gateway.integrity.AckAfterSeal;
import dev.airtrace.gateway.integrity.DeviceSignatureConfig;
import dev.airtrace.gateway.integrity.DeviceSignaturePolicy;
import dev.airtrace.gateway.integrity.IntegrityConfig;
import dev.airtrace.gateway.models.CalibrationMode;
import dev.airtrace.gateway.models.FaultEventConfig;
import dev.airtrace.gateway.models.ModelsConfig;
import dev.airtrace.gateway.outbox.FsyncPolicy;
import dev.airtrace.gateway.outbox.OutboxConfig;
import dev.airtrace.gateway.outbox.OverflowPolicy;
import dev.airtrace.gateway.quality.QcConfigFile;
import dev.airtrace.gateway.quality.QualityConfig;
import dev.airtrace.inference.Accelerator;
import dev.airtrace.inference.InferenceConfig;
import dev.airtrace.mqtt.MqttClients;
import dev.airtrace.mqtt.MqttConnectCheck;
import dev.airtrace.mqtt.MqttEndpoint;
import dev.airtrace.topics.TopicRequest;
import dev.airtrace.topics.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code airtrace gateway}: the edge gateway (MQTT intake → validation → Kafka). */
@Command(
    name = "gateway",
    mixinStandardHelpOptions = true,
    description = {
      "Run an edge gateway: subscribes to airtrace/v1/+/+/+ (QoS 1, persistent session),"
          + " decodes and validates readings, and writes readings, 1-minute aggregates and dead"
          + " letters to Kafka. A message is acknowledged to the broker once what it produced is"
          + " durably in the gateway's disk outbox (or, with --no-outbox, once Kafka has it).",
      "See docs/gateway.md and docs/mqtt.md."
    })
final class GatewayCommand implements Callable<Integer> {
  @Mixin MqttOptions mqtt;
  @Mixin KafkaOptions kafka;
  @Mixin TopicOptions topicOptions;
  @Mixin CounterResetOptions counterReset;
  @Mixin MetricsOptions metricsOptions;

  @Option(
      names = "--gateway-id",
      required = true,
      description =
          "This gateway's id (letters, digits, . _ - :). It names the MQTT session, so keep it"
              + " stable across restarts.")
  String gatewayId;

  @Option(
      names = "--max-future-skew",
      defaultValue = "5m",
      converter = DurationConverter.class,
      description = "Reject readings further in the future than this (default: ${DEFAULT-VALUE}).")
  Duration maxFutureSkew;

  @Option(
      names = "--max-age",
      defaultValue = "7d",
      converter = DurationConverter.class,
      description = "Reject readings older than this (default: ${DEFAULT-VALUE}).")
  Duration maxAge;

  @Option(
      names = "--max-payload-bytes",
      defaultValue = "" + PayloadLimits.DEFAULT_MAX_PAYLOAD_BYTES,
      paramLabel = "BYTES",
      description =
          "Largest MQTT payload the gateway reads; a larger one becomes one PAYLOAD_TOO_LARGE dead"
              + " letter holding its first 64 KiB, size and SHA-256 (1024 to 16777216;"
              + " default: ${DEFAULT-VALUE}).")
  int maxPayloadBytes;

  @Option(
      names = "--max-readings-per-message",
      defaultValue = "" + PayloadLimits.DEFAULT_MAX_READINGS_PER_MESSAGE,
      paramLabel = "READINGS",
      description =
          "Most readings (SenML times) one message may carry; more: one PAYLOAD_TOO_LARGE dead"
              + " letter (default: ${DEFAULT-VALUE}).")
  int maxReadingsPerMessage;

  @Option(
      names = "--status-interval",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description = "How often to print the status line; 0s for never (default: ${DEFAULT-VALUE}).")
  Duration statusInterval;

  @Option(
      names = "--integrity",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Merkle-batch accepted readings and publish signed batch headers for anchoring"
              + " (default: ${DEFAULT-VALUE}).")
  boolean integrity;

  @Option(
      names = "--signing-key",
      paramLabel = "PEM",
      description =
          "The gateway's Ed25519 private key (PKCS#8 PEM: openssl genpkey -algorithm ed25519)."
              + " Without it the gateway uses its own key <state-dir>/<gateway-id>.signing-key.pem,"
              + " created (owner-only) on the first start and reused after; its public key is"
              + " logged at every start.")
  Path signingKey;

  @Option(
      names = "--state-dir",
      defaultValue = "airtrace-state/gateway",
      description =
          "Where the gateway keeps its batch counter, its own signing key and (unless"
              + " --outbox-dir) its outbox; must survive restarts (default: ${DEFAULT-VALUE}).")
  Path stateDir;

  @Option(
      names = "--persist-sequences",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Keep each device's sequence tracking in --state-dir across restarts, so a reading"
              + " replayed after a restart is still a DUPLICATE (default: ${DEFAULT-VALUE}).")
  boolean persistSequences;

  @Option(
      names = "--batch-max-leaves",
      defaultValue = "4096",
      description = "Seal a batch at this many readings (default: ${DEFAULT-VALUE}).")
  long batchMaxLeaves;

  @Option(
      names = "--batch-max-age",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description =
          "Seal a batch this long after its first reading at the latest; with the outbox and"
              + " --ack-after-seal (the default) it also seals at the end of every worker pass"
              + " (default: ${DEFAULT-VALUE}).")
  Duration batchMaxAge;

  @Option(
      names = "--ack-after-seal",
      negatable = true,
      description =
          "Acknowledge an MQTT message only once the header of its readings' Merkle batch is"
              + " stored, so no crash leaves a delivered reading unprovable. Default: on with the"
              + " outbox (the batch seals every worker pass, records and header in one atomic"
              + " append), off with --no-outbox. --ack-after-seal forces it on without the outbox"
              + " too (throughput bounded by the broker's in-flight window per batch);"
              + " --no-ack-after-seal turns it off (docs/durability.md).")
  Boolean ackAfterSeal; // null: AckAfterSeal.WITH_OUTBOX

  @Option(
      names = "--outbox",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Keep records in a disk outbox and acknowledge MQTT once they are in it; a forwarder"
              + " sends them to Kafka and survives Kafka outages. --no-outbox acknowledges after"
              + " Kafka instead (docs/durability.md; default: ${DEFAULT-VALUE}).")
  boolean outbox;

  @Option(
      names = "--outbox-dir",
      paramLabel = "DIR",
      description =
          "Where the outbox lives; must survive reboots (default: <state-dir>/outbox-<gateway-id>).")
  Path outboxDir;

  @Option(
      names = "--outbox-max-bytes",
      defaultValue = "" + OutboxConfig.DEFAULT_MAX_BYTES,
      paramLabel = "BYTES",
      description =
          "Bound on the records in the outbox (stored size, before compression); at the bound"
              + " --outbox-overflow applies (at least 1048576; default: ${DEFAULT-VALUE}).")
  long outboxMaxBytes;

  @Option(
      names = "--outbox-max-age",
      defaultValue = "7d",
      converter = DurationConverter.class,
      description =
          "Records older than this are dropped unsent and counted (default: ${DEFAULT-VALUE}).")
  Duration outboxMaxAge;

  @Option(
      names = "--outbox-overflow",
      defaultValue = "BACKPRESSURE",
      description =
          "When the outbox is full: ${COMPLETION-CANDIDATES}. BACKPRESSURE stops acknowledging"
              + " MQTT (the broker keeps the rest); DROP_OLDEST drops the oldest unsent records,"
              + " counted and logged (default: ${DEFAULT-VALUE}).")
  OverflowPolicy outboxOverflow;

  @Option(
      names = "--outbox-fsync",
      defaultValue = "PER_BATCH",
      description =
          "When the outbox log is forced to disk: ${COMPLETION-CANDIDATES}. PER_BATCH survives"
              + " power loss; INTERVAL and NONE only a process crash (default: ${DEFAULT-VALUE}).")
  FsyncPolicy outboxFsync;

  @Option(
      names = "--outbox-fsync-interval",
      defaultValue = "1s",
      converter = DurationConverter.class,
      description = "fsync period with --outbox-fsync INTERVAL (default: ${DEFAULT-VALUE}).")
  Duration outboxFsyncInterval;

  @Option(
      names = "--backfill-rate",
      defaultValue = "" + OutboxConfig.DEFAULT_BACKFILL_RATE,
      paramLabel = "RECORDS_PER_S",
      description =
          "Most backfill records per second sent to Kafka after an outage; live records are not"
              + " limited and go first (default: ${DEFAULT-VALUE}).")
  int backfillRate;

  @Option(
      names = "--backfill-after",
      defaultValue = "30s",
      converter = DurationConverter.class,
      description =
          "A record not sent within this time of its append becomes backfill: sent after live"
              + " records, marked with the Kafka header airtrace-backfill (default:"
              + " ${DEFAULT-VALUE}).")
  Duration backfillAfter;

  @Option(
      names = "--device-signatures",
      defaultValue = "REQUIRE_IF_PROVISIONED",
      description =
          "Device signature policy: ${COMPLETION-CANDIDATES}. The default requires a valid"
              + " signature from every device with a key in --device-keys and accepts unsigned"
              + " payloads from the others; ACCEPT_IF_PRESENT lets devices with keys send unsigned"
              + " payloads while their firmware is updated (docs/integrity.md) (default:"
              + " ${DEFAULT-VALUE}).")
  DeviceSignaturePolicy signaturePolicy;

  @Option(
      names = "--device-keys",
      paramLabel = "FILE",
      description =
          "Provisioned device public keys: a properties file, device id = base64 raw Ed25519 key"
              + " or @file.pem (docs/gateway.md).")
  Path deviceKeys;

  @Option(
      names = "--calibration",
      defaultValue = "barkjohn-2022",
      paramLabel = "MODE",
      description =
          "PM2.5 from PurpleAir CF=1 channels (pm2_5_cf1_a/b + relative_humidity): off,"
              + " barkjohn-2021, barkjohn-2022 or model (the pm25-calibration model from"
              + " --models-dir). The correction applied is recorded in each reading"
              + " (default: ${DEFAULT-VALUE}).")
  String calibration;

  @Option(
      names = "--ab-max-difference",
      defaultValue = "5",
      paramLabel = "UG_M3",
      description =
          "A/B channels disagree (no PM2.5 derived, reason recorded) when |A-B| exceeds this"
              + " AND --ab-max-relative (default: ${DEFAULT-VALUE} ug/m3).")
  double abMaxDifference;

  @Option(
      names = "--ab-max-relative",
      defaultValue = "0.7",
      paramLabel = "FRACTION",
      description = "Relative A/B disagreement threshold, |A-B|/mean (default: ${DEFAULT-VALUE}).")
  double abMaxRelative;

  @Option(
      names = "--anomaly",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Score every reading with the streaming anomaly detector (model anomaly-ae from"
              + " --models-dir); flagged readings are marked and anomaly events go to "
              + ModelsConfig.ANOMALIES_V1
              + " (default: ${DEFAULT-VALUE}).")
  boolean anomaly;

  @Option(
      names = "--anomaly-threshold",
      defaultValue = "0.5",
      paramLabel = "LIKELIHOOD",
      description = "Anomaly likelihood at which a value is flagged (default: ${DEFAULT-VALUE}).")
  double anomalyThreshold;

  @Option(
      names = "--spatial",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Compare each reading with the same quantity of the other devices of its site (>= 3"
              + " devices): a drifting, shifted or stuck sensor raises an anomaly event of model"
              + " spatial@1 (default: ${DEFAULT-VALUE}).")
  boolean spatial;

  @Option(
      names = "--unusual-min-likelihood",
      defaultValue = "1.0",
      paramLabel = "LIKELIHOOD",
      description =
          "Verdicts of the statistical likelihood alone (fault 'unusual') raise an event only at"
              + " or above this likelihood; 1 = never (the alarm budget), 0 = always"
              + " (default: ${DEFAULT-VALUE}).")
  double unusualMinLikelihood;

  @Option(
      names = "--qc-config",
      paramLabel = "FILE",
      description =
          "JSON file with per-quantity and per-device overrides of the QC tests' limits (gross"
              + " range, climatology, spike, rate of change, flat line, A/B agreement); read and"
              + " checked before anything starts. Format: docs/quality.md, sample"
              + " deploy/qc-config.sample.json (default: the documented limits).")
  Path qcConfig;

  @Option(
      names = "--models-dir",
      defaultValue = "${sys:airtrace.home:-.}/models/repository",
      paramLabel = "DIR",
      description =
          "Model repository (<dir>/<name>/<version>/model.json); a new version directory renamed"
              + " into place is used without restart (default: ${DEFAULT-VALUE}).")
  Path modelsDir;

  @Option(
      names = "--model-rescan",
      defaultValue = "2s",
      converter = DurationConverter.class,
      description =
          "How often the model repository is checked for new versions; 0s: never"
              + " (default: ${DEFAULT-VALUE}).")
  Duration modelRescan;

  @Option(
      names = "--accelerator",
      defaultValue = "AUTO",
      description =
          "Where models run: ${COMPLETION-CANDIDATES}; AUTO tries TensorRT, CUDA, then the CPU"
              + " (default: ${DEFAULT-VALUE}).")
  Accelerator accelerator;

  @Option(
      names = "--gpu-device",
      defaultValue = "0",
      description = "GPU ordinal for CUDA/TensorRT (default: ${DEFAULT-VALUE}).")
  int gpuDevice;

  @Option(
      names = "--strict-accelerator",
      description =
          "Fail at start when the requested accelerator is missing, instead of one WARN and the"
              + " CPU.")
  boolean strictAccelerator;

  @Option(
      names = "--max-batch",
      defaultValue = "256",
      paramLabel = "MESSAGES",
      description =
          "Most queued MQTT messages handled as one model batch (one model run each); the"
              + " gateway never waits to fill it (default: ${DEFAULT-VALUE}).")
  int maxBatch;

  @Override
  public Integer call() throws Exception {
    GatewayConfig config =
        config(new GatewayId(gatewayId), mqtt, kafka)
            .validation(new ValidationConfig(maxFutureSkew, maxAge))
            .payloadLimits(payloadLimits())
            .counterReset(counterReset.rule())
            .integrity(integrityConfig())
            .deviceSignatures(
                DeviceSignatureConfig.builder()
                    .policy(signaturePolicy)
                    .deviceKeysFile(deviceKeys)
                    .build())
            .models(modelsConfig())
            .quality(qualityConfig())
            .outbox(outboxConfig(new GatewayId(gatewayId)))
            .build();
    List<TopicRequest> owned = new ArrayList<>(topics(config.topics()));
    if (config.models().anomalyEnabled()) {
      owned.add(TopicRequest.of(Topics.ANOMALIES, config.models().anomaliesTopic()));
    }
    // Before anything is written (topics, state files): credentials or certificates the broker
    // refuses would otherwise only show as a reconnect loop that never ends.
    checkMqttAtStart(config.mqtt().endpoint(), config.mqtt().clientId());
    TopicAdmin.createMissing(kafka, topicOptions, owned);
    UntilStopped stop = new UntilStopped();
    ScheduledExecutorService status = Executors.newSingleThreadScheduledExecutor();
    AtomicReference<EdgeGateway> running = new AtomicReference<>();
    try (MetricsEndpoint metrics =
            metricsOptions.startOrNull("gateway", () -> health(running.get()));
        EdgeGateway gateway =
            EdgeGateway.create(
                config, metrics == null ? new SimpleMeterRegistry() : metrics.registry())) {
      running.set(gateway);
      gateway.start();
      if (!statusInterval.isZero()) {
        long ms = statusInterval.toMillis();
        status.scheduleAtFixedRate(
            () -> System.err.println(gateway.snapshot().progressLine()),
            ms,
            ms,
            TimeUnit.MILLISECONDS);
      }
      Optional<Throwable> failure = stop.awaitOrFailure(gateway::failure);
      if (failure.isPresent()) {
        // Nothing unacknowledged is lost: the broker redelivers it to the restarted gateway.
        System.err.println("airtrace gateway failed: " + failure.get());
        return 1;
      }
    } finally {
      status.shutdownNow();
      stop.closed();
    }
    return 0;
  }

  /**
   * Connects once to the MQTT broker with a throw-away clean session and refuses to start when the
   * broker refuses the credentials or a certificate, or the broker's certificate is not trusted: no
   * retry can fix those. A broker that does not answer yet is only reported; the gateway starts and
   * its reconnect loop waits for it (and drains its outbox to Kafka meanwhile). After the first
   * successful connect every error is retried, as before.
   *
   * @throws IllegalStateException with one line naming the broker and the reason
   */
  static void checkMqttAtStart(MqttEndpoint endpoint, String clientId) {
    MqttConnectCheck check = MqttClients.checkConnect(endpoint, clientId + "-start-check");
    switch (check.outcome()) {
      case REJECTED ->
          throw new IllegalStateException(
              "MQTT broker "
                  + endpoint.serverUri()
                  + " refused the gateway ("
                  + check.detail()
                  + "); check --mqtt-username, the password file, --mqtt-ca and the client"
                  + " certificate");
      case UNREACHABLE ->
          System.err.println(
              "airtrace gateway: MQTT broker "
                  + endpoint.serverUri()
                  + " not reachable yet ("
                  + check.detail()
                  + "); starting and retrying");
      case CONNECTED -> {
        // credentials and TLS accepted
      }
    }
  }

  /** Up while the gateway runs; down once it failed (it then exits and must be restarted). */
  static Health health(EdgeGateway gateway) {
    if (gateway == null) {
      return new Health(Health.Status.STARTING, Map.of());
    }
    return gateway
        .failure()
        .map(f -> new Health(Health.Status.DOWN, Map.of("error", ErrorHandlers.describe(f))))
        .orElseGet(Health::up);
  }

  PayloadLimits payloadLimits() {
    return PayloadLimits.builder()
        .maxPayloadBytes(maxPayloadBytes)
        .maxReadingsPerMessage(maxReadingsPerMessage)
        .build();
  }

  ModelsConfig modelsConfig() {
    return ModelsConfig.builder()
        .calibration(CalibrationMode.parse(calibration))
        .channelAgreement(new ChannelAgreement(abMaxDifference, abMaxRelative))
        .anomalyEnabled(anomaly)
        .anomaly(AnomalyConfig.builder().threshold(anomalyThreshold).build())
        .repository(modelsDir, modelRescan)
        .inference(
            InferenceConfig.builder()
                .accelerator(accelerator)
                .deviceId(gpuDevice)
                .strict(strictAccelerator)
                .build())
        .maxModelBatchMessages(maxBatch)
        .faultEvents(
            FaultEventConfig.defaults()
                .withSpatial(spatial)
                .withUnusualMinLikelihood(unusualMinLikelihood))
        .build();
  }

  /** The QC defaults, or the limits of {@code --qc-config} (a bad file fails here, one line). */
  QualityConfig qualityConfig() {
    return qcConfig == null
        ? QualityConfig.defaults()
        : QualityConfig.builder().qc(QcConfigFile.read(qcConfig)).build();
  }

  OutboxConfig outboxConfig(GatewayId id) {
    return OutboxConfig.builder()
        .enabled(outbox)
        .directory(outboxDir != null ? outboxDir : stateDir.resolve("outbox-" + id.value()))
        .maxBytes(outboxMaxBytes)
        .maxAge(outboxMaxAge)
        .overflow(outboxOverflow)
        .fsync(outboxFsync)
        .fsyncInterval(outboxFsyncInterval)
        .backfillRate(backfillRate)
        .backfillAfter(backfillAfter)
        .build();
  }

  IntegrityConfig integrityConfig() {
    if (!integrity) {
      return IntegrityConfig.disabled().toBuilder()
          .stateDirectory(stateDir)
          .persistSequences(persistSequences)
          .build();
    }
    return IntegrityConfig.builder()
        .persistSequences(persistSequences)
        .sealing(batchMaxLeaves, batchMaxAge)
        .stateDirectory(stateDir)
        .ackAfterSeal(
            ackAfterSeal == null
                ? IntegrityConfig.DEFAULT_ACK_AFTER_SEAL
                : ackAfterSeal ? AckAfterSeal.ALWAYS : AckAfterSeal.NEVER)
        .signingKeyFile(signingKey) // null: generate a key for this run
        .build();
  }

  static GatewayConfig.Builder config(GatewayId id, MqttOptions mqtt, KafkaOptions kafka) {
    GatewayConfig.Builder builder =
        GatewayConfig.builder(id, mqtt.uri, kafka.bootstrap)
            .mqtt(GatewayConfig.defaultMqtt(id, mqtt.endpoint()));
    GatewayConfig defaults = builder.build();
    // The producer and the gateway's admin client both take the environment's client settings.
    return builder.kafka(
        defaults.kafka().toBuilder().clientOverrides(kafka.clientProperties().values()).build());
  }

  /** The per-device topics under the names {@code t} gives them, with their creation policies. */
  static List<TopicRequest> topics(GatewayTopics t) {
    return List.of(
        TopicRequest.of(Topics.READINGS, t.readings()),
        TopicRequest.of(Topics.AGGREGATES_1M, t.aggregates()),
        TopicRequest.of(Topics.GATEWAY_DEAD_LETTERS, t.deadLetters()));
  }
}
