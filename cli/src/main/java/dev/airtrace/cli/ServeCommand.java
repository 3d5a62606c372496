package dev.airtrace.cli;

import dev.airtrace.core.http.BearerToken;
import dev.airtrace.inference.Accelerator;
import dev.airtrace.inference.InferenceConfig;
import dev.airtrace.serving.ModelServer;
import dev.airtrace.serving.ServingConfig;
import dev.airtrace.serving.batching.ServingBatchConfig;
import dev.airtrace.serving.http.HttpAccess;
import dev.airtrace.serving.http.TlsKeyStore;
import dev.airtrace.serving.kafka.KafkaPathConfig;
import dev.airtrace.serving.model.RepositoryModelSource;
import dev.airtrace.topics.TopicRequest;
import dev.airtrace.topics.Topics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code airtrace serve}: the model-serving tier (Kafka forecasts + OIP REST endpoint). */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serve PM2.5 forecasts: consumes site feature windows as a consumer group, micro-batches"
          + " them with Open Inference Protocol (KServe v2) REST requests on one queue, runs the"
          + " forecaster on the configured accelerator and writes forecasts, at least once.",
      "Reads "
          + Topics.Names.SITE_FEATURES
          + "; writes "
          + Topics.Names.FORECASTS
          + " and"
          + " "
          + Topics.Names.SERVING_DEAD_LETTERS
          + ". New model versions dropped into the repository are"
          + " loaded, checked and swapped in while serving. Metrics on /metrics of the HTTP port.",
      "See docs/serving.md."
    })
final class ServeCommand implements Callable<Integer> {
  /** Environment variable holding the OIP bearer token when no file is named. */
  static final String AUTH_TOKEN_ENV = ConfigDefaults.ENV_PREFIX + "AUTH_TOKEN";

  /** Environment variable holding the TLS key store password when no file is named. */
  static final String TLS_PASSWORD_ENV = ConfigDefaults.ENV_PREFIX + "TLS_KEYSTORE_PASSWORD";

  @Mixin KafkaOptions kafka;
  @Mixin TopicOptions topicOptions;

  @Option(
      names = "--kafka",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Consume features and produce forecasts (default: ${DEFAULT-VALUE}); --no-kafka"
              + " serves HTTP only.")
  boolean kafkaEnabled;

  @Option(
      names = "--features-topic",
      defaultValue = KafkaPathConfig.FEATURES_V1,
      description = "Topic of site feature windows (default: ${DEFAULT-VALUE}).")
  String featuresTopic;

  @Option(
      names = "--forecasts-topic",
      defaultValue = KafkaPathConfig.FORECASTS_V1,
      description = "Topic forecasts are written to (default: ${DEFAULT-VALUE}).")
  String forecastsTopic;

  @Option(
      names = "--deadletter-topic",
      defaultValue = KafkaPathConfig.DEADLETTER_V1,
      description = "Topic unusable feature records are written to (default: ${DEFAULT-VALUE}).")
  String deadLetterTopic;

  @Option(
      names = "--group-id",
      defaultValue = KafkaPathConfig.DEFAULT_GROUP_ID,
      description =
          "Consumer group; replicas with the same id share the partitions (default:"
              + " ${DEFAULT-VALUE}).")
  String groupId;

  @Option(
      names = "--consumers",
      defaultValue = "1",
      description = "Consumer threads in this process (default: ${DEFAULT-VALUE}).")
  int consumers;

  @Option(
      names = "--site-time-zone",
      description =
          "The sites' local time zone (e.g. Europe/Rome) for the forecaster's hour-of-day and"
              + " day-of-week inputs; unset = the zone the model was trained in (its sidecar's"
              + " features.calendar_zone).")
  ZoneId siteTimeZone;

  @Option(
      names = "--model-repository",
      defaultValue = "${sys:airtrace.home:-.}/models/repository",
      description = "Model repository <dir>/<model>/<version>/ (default: ${DEFAULT-VALUE}).")
  Path repository;

  @Option(
      names = "--model",
      defaultValue = ServingConfig.DEFAULT_MODEL,
      description = "Model to serve (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(
      names = "--reload-interval",
      defaultValue = "2s",
      converter = DurationConverter.class,
      description =
          "How often the repository is rescanned for versions (default: ${DEFAULT-VALUE}).")
  Duration reloadInterval;

  @Option(
      names = "--max-batch",
      defaultValue = "32",
      description = "Most rows per model run (default: ${DEFAULT-VALUE}).")
  int maxBatch;

  @Option(
      names = "--max-delay",
      defaultValue = "5ms",
      converter = DurationConverter.class,
      description = "Longest wait for a batch to fill (default: ${DEFAULT-VALUE}).")
  Duration maxDelay;

  @Option(
      names = "--queue-capacity",
      defaultValue = "4096",
      description =
          "Most queued inputs; HTTP gets 429 beyond it, Kafka waits (default: ${DEFAULT-VALUE}).")
  int queueCapacity;

  @Option(
      names = "--workers",
      defaultValue = "1",
      description = "Batch worker threads (default: ${DEFAULT-VALUE}).")
  int workers;

  @Option(
      names = {"--bind", "--http-host"},
      paramLabel = "HOST",
      defaultValue = "127.0.0.1",
      description =
          "Interface the OIP endpoint and /metrics bind; 0.0.0.0 for every interface, then set"
              + " --auth-token-file and TLS or put a proxy in front (default: ${DEFAULT-VALUE},"
              + " this host only).")
  String httpHost;

  @Option(
      names = "--auth-token-file",
      paramLabel = "FILE",
      description =
          "Require this bearer token (file content) on every path but /v2/health/*; also "
              + AUTH_TOKEN_ENV
              + ".")
  Path authTokenFile;

  @Option(
      names = "--tls-keystore",
      paramLabel = "P12",
      description =
          "Serve HTTPS with the certificate and key in this PKCS#12 store (openssl pkcs12"
              + " -export -in cert.pem -inkey key.pem -out server.p12); its password from"
              + " --tls-keystore-password-file or "
              + TLS_PASSWORD_ENV
              + ".")
  Path tlsKeyStore;

  @Option(
      names = "--tls-keystore-password-file",
      paramLabel = "FILE",
      description = "File holding the --tls-keystore password.")
  Path tlsPasswordFile;

  @Option(
      names = "--kafka-timeout",
      defaultValue = "30s",
      converter = DurationConverter.class,
      description =
          "Fail at start when Kafka does not answer within this (default: ${DEFAULT-VALUE}).")
  Duration kafkaTimeout;

  @Option(
      names = "--http-port",
      defaultValue = "8080",
      description =
          "Port of the OIP endpoint and /metrics; 0 picks one (default: ${DEFAULT-VALUE}).")
  int httpPort;

  @Option(
      names = "--request-timeout",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description = "Longest an HTTP inference may take before 503 (default: ${DEFAULT-VALUE}).")
  Duration requestTimeout;

  @Option(
      names = "--accelerator",
      defaultValue = "AUTO",
      description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Accelerator accelerator;

  @Option(
      names = "--device-id",
      defaultValue = "0",
      description = "GPU ordinal (default: ${DEFAULT-VALUE}).")
  int deviceId;

  @Option(
      names = "--strict",
      negatable = true,
      defaultValue = "false",
      fallbackValue = "true",
      description =
          "Fail at start when the requested accelerator is missing instead of falling back to"
              + " the CPU (default: ${DEFAULT-VALUE}).")
  boolean strict;

  @Option(
      names = "--intra-op-threads",
      defaultValue = "1",
      description = "ONNX Runtime intra-op threads (default: ${DEFAULT-VALUE}).")
  int intraOpThreads;

  @Override
  public Integer call() throws Exception {
    ServingConfig config = config();
    if (kafkaEnabled) {
      // Consumers would otherwise wait for a broker silently; say at once what is missing.
      KafkaReachability.require(kafka, kafkaTimeout, "--no-kafka serves HTTP only");
      TopicAdmin.createMissing(
          kafka,
          topicOptions,
          List.of(
              TopicRequest.of(Topics.FORECASTS, forecastsTopic),
              TopicRequest.of(Topics.SERVING_DEAD_LETTERS, deadLetterTopic)));
    }
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    UntilStopped stop = new UntilStopped();
    try (JvmGcMetrics gc = new JvmGcMetrics();
        RepositoryModelSource source =
            RepositoryModelSource.open(
                config.inference(), repository, model, reloadInterval, registry);
        ModelServer server = ModelServer.start(config, source, registry, registry::scrape)) {
      gc.bindTo(registry);
      System.err.println(
          "airtrace serve: "
              + model
              + " on "
              + source.backend().token()
              + ", OIP on port "
              + server.httpPort());
      Optional<Throwable> failure = stop.awaitOrFailure(server::failure);
      if (failure.isPresent()) {
        // Uncommitted feature records are re-served by the restarted instance (at least once).
        System.err.println("airtrace serve failed: " + failure.get());
        return 1;
      }
    } finally {
      stop.closed();
    }
    return 0;
  }

  /** The token and TLS settings the options and {@code env} name. */
  HttpAccess access(Map<String, String> env) {
    Optional<BearerToken> token;
    if (authTokenFile != null) {
      token = Optional.of(BearerToken.fromFile(authTokenFile));
    } else {
      String fromEnv = env.get(AUTH_TOKEN_ENV);
      token =
          fromEnv == null || fromEnv.isBlank()
              ? Optional.empty()
              : Optional.of(BearerToken.of(fromEnv.strip()));
    }
    Optional<TlsKeyStore> tls = Optional.empty();
    if (tlsKeyStore != null) {
      tls = Optional.of(TlsKeyStore.pkcs12(tlsKeyStore, tlsPassword(env)));
    }
    return new HttpAccess(token, tls);
  }

  private char[] tlsPassword(Map<String, String> env) {
    if (tlsPasswordFile != null) {
      try {
        return Files.readString(tlsPasswordFile, StandardCharsets.UTF_8).strip().toCharArray();
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot read the TLS key store password file " + tlsPasswordFile, e);
      }
    }
    String fromEnv = env.get(TLS_PASSWORD_ENV);
    if (fromEnv == null) {
      throw new IllegalArgumentException(
          "--tls-keystore needs its password: --tls-keystore-password-file or " + TLS_PASSWORD_ENV);
    }
    return fromEnv.toCharArray();
  }

  ServingConfig config() {
    ServingConfig c =
        ServingConfig.builder()
            .repository(repository, model)
            .inference(
                InferenceConfig.builder()
                    .accelerator(accelerator)
                    .deviceId(deviceId)
                    .strict(strict)
                    .intraOpThreads(intraOpThreads)
                    .build())
            .batcher(
                ServingBatchConfig.builder()
                    .maxBatch(maxBatch)
                    .maxDelay(maxDelay)
                    .queueCapacity(queueCapacity)
                    .workers(workers)
                    .build())
            .http(new InetSocketAddress(httpHost, httpPort))
            .access(access(System.getenv()))
            .reloadInterval(reloadInterval)
            .requestTimeout(requestTimeout)
            .build();
    if (!kafkaEnabled) {
      return c;
    }
    return c.toBuilder()
        .kafka(
            KafkaPathConfig.builder(kafka.bootstrap)
                .topics(featuresTopic, forecastsTopic, deadLetterTopic)
                .groupId(groupId)
                .consumers(consumers)
                .siteTimeZone(siteTimeZone)
                .kafkaClient(kafka.clientProperties())
                .build())
        .build();
  }
}
