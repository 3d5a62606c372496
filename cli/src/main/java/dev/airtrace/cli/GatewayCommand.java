package dev.airtrace.cli;

import dev.airtrace.core.GatewayId;
import dev.airtrace.core.validation.ValidationConfig;
import dev.airtrace.gateway.EdgeGateway;
import dev.airtrace.gateway.GatewayConfig;
import dev.airtrace.gateway.GatewayTopics;
import dev.airtrace.gateway.integrity.DeviceSignaturePolicy;
import dev.airtrace.gateway.integrity.IntegrityConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
          + " letters to Kafka. A message is acknowledged to the broker only after Kafka"
          + " acknowledged what it produced.",
      "See docs/gateway.md and docs/mqtt.md."
    })
final class GatewayCommand implements Callable<Integer> {
  @Mixin MqttOptions mqtt;
  @Mixin KafkaOptions kafka;
  @Mixin TopicOptions topicOptions;

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
              + " Without it a key is generated per run and its public key logged: fine for a"
              + " trial, useless for auditors. Configure a stable key in production.")
  Path signingKey;

  @Option(
      names = "--state-dir",
      defaultValue = "airtrace-state/gateway",
      description =
          "Where the gateway keeps its batch counter; must survive restarts (default:"
              + " ${DEFAULT-VALUE}).")
  Path stateDir;

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
          "Seal a batch this long after its first reading; MQTT acks wait for the seal"
              + " (default: ${DEFAULT-VALUE}).")
  Duration batchMaxAge;

  @Option(
      names = "--ack-after-seal",
      description =
          "Acknowledge MQTT messages only once their batch header is in Kafka: no accepted reading"
              + " is ever left unprovable by a crash, but throughput is bounded by the broker's"
              + " in-flight window per batch (docs/gateway.md). Off by default.")
  boolean ackAfterSeal;

  @Option(
      names = "--device-signatures",
      defaultValue = "ACCEPT_IF_PRESENT",
      description =
          "Device signature policy: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  DeviceSignaturePolicy signaturePolicy;

  @Option(
      names = "--device-keys",
      paramLabel = "FILE",
      description =
          "Provisioned device public keys: a properties file, device id = base64 raw Ed25519 key"
              + " or @file.pem (docs/gateway.md).")
  Path deviceKeys;

  @Option(
      names = "--metrics-address",
      paramLabel = "HOST:PORT",
      description =
          "Serve Prometheus metrics on http://HOST:PORT/metrics (e.g. 0.0.0.0:9464); off when"
              + " empty (default).")
  String metricsAddress;

  @Override
  public Integer call() throws Exception {
    GatewayConfig config =
        config(new GatewayId(gatewayId), mqtt, kafka.bootstrap)
            .validation(new ValidationConfig(maxFutureSkew, maxAge))
            .build();
    TopicAdmin.createMissing(kafka, topicOptions, topics(config.topics()));
    UntilStopped stop = new UntilStopped();
    ScheduledExecutorService status = Executors.newSingleThreadScheduledExecutor();
    try (MetricsEndpoint metrics =
            metricsAddress == null || metricsAddress.isBlank()
                ? null
                : MetricsEndpoint.start(metricsAddress);
        EdgeGateway gateway =
            EdgeGateway.create(
                config, metrics == null ? new SimpleMeterRegistry() : metrics.registry())) {
      if (metrics != null) {
        System.err.println("airtrace gateway: metrics on port " + metrics.port() + " /metrics");
      }
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

  private IntegrityConfig integrityConfig() {
    if (!integrity) {
      return IntegrityConfig.disabled();
    }
    IntegrityConfig c =
        IntegrityConfig.defaults()
            .withSealing(batchMaxLeaves, batchMaxAge)
            .withStateDirectory(stateDir)
            .withAckAfterSeal(ackAfterSeal);
    return signingKey == null ? c : c.withSigningKeyFile(signingKey);
  }

  static GatewayConfig.Builder config(GatewayId id, MqttOptions mqtt, String bootstrap) {
    GatewayConfig.Builder b = GatewayConfig.builder(id, mqtt.uri, bootstrap);
    if (mqtt.username != null) {
      b.mqttCredentials(mqtt.username, mqtt.password);
    }
    return b;
  }

  static List<String> topics(GatewayTopics t) {
    return List.of(t.readings(), t.aggregates(), t.deadLetters());
  }
}
