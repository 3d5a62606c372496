package dev.airtrace.serving;

import dev.airtrace.inference.InferenceConfig;
import dev.airtrace.serving.batching.ServingBatchConfig;
import dev.airtrace.serving.kafka.KafkaPathConfig;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything {@code airtrace serve} configures.
 *
 * @param repository the model repository ({@code <repository>/<model>/<version>/model.json})
 * @param modelName the model to serve
 * @param inference which accelerator runs it
 * @param batcher batch size, delay, queue bound, workers
 * @param http where the OIP endpoint and {@code /metrics} listen (port 0: any free port)
 * @param kafka the Kafka path, or empty to serve HTTP only
 * @param requestTimeout how long an HTTP inference may wait before it gets 503
 * @param reloadInterval how often the repository is scanned for new versions
 */
public record ServingConfig(
    Path repository,
    String modelName,
    InferenceConfig inference,
    ServingBatchConfig batcher,
    InetSocketAddress http,
    Optional<KafkaPathConfig> kafka,
    Duration requestTimeout,
    Duration reloadInterval) {
  /** The committed model repository, relative to the working directory. */
  public static final Path DEFAULT_REPOSITORY = Path.of("models", "repository");

  /** The forecaster. */
  public static final String DEFAULT_MODEL = "pm25-forecast";

  /** Default OIP port (KServe's HTTP default). */
  public static final int DEFAULT_HTTP_PORT = 8080;

  /** Default limit for one HTTP inference. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

  /** Default repository scan interval. */
  public static final Duration DEFAULT_RELOAD_INTERVAL = Duration.ofSeconds(2);

  public ServingConfig {
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(modelName, "modelName");
    Objects.requireNonNull(inference, "inference");
    Objects.requireNonNull(batcher, "batcher");
    Objects.requireNonNull(http, "http");
    Objects.requireNonNull(kafka, "kafka");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    Objects.requireNonNull(reloadInterval, "reloadInterval");
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("requestTimeout must be positive");
    }
    if (reloadInterval.isNegative() || reloadInterval.isZero()) {
      throw new IllegalArgumentException("reloadInterval must be positive");
    }
  }

  /** The forecaster from the default repository, default accelerator and batching, HTTP only. */
  public static ServingConfig defaults() {
    return new ServingConfig(
        DEFAULT_REPOSITORY,
        DEFAULT_MODEL,
        InferenceConfig.defaults(),
        ServingBatchConfig.defaults(),
        new InetSocketAddress(DEFAULT_HTTP_PORT),
        Optional.empty(),
        DEFAULT_REQUEST_TIMEOUT,
        DEFAULT_RELOAD_INTERVAL);
  }

  public ServingConfig withRepository(Path dir, String model) {
    return new ServingConfig(
        dir, model, inference, batcher, http, kafka, requestTimeout, reloadInterval);
  }

  public ServingConfig withInference(InferenceConfig config) {
    return new ServingConfig(
        repository, modelName, config, batcher, http, kafka, requestTimeout, reloadInterval);
  }

  public ServingConfig withBatcher(ServingBatchConfig config) {
    return new ServingConfig(
        repository, modelName, inference, config, http, kafka, requestTimeout, reloadInterval);
  }

  public ServingConfig withHttp(InetSocketAddress address) {
    return new ServingConfig(
        repository, modelName, inference, batcher, address, kafka, requestTimeout, reloadInterval);
  }

  public ServingConfig withKafka(KafkaPathConfig config) {
    return new ServingConfig(
        repository,
        modelName,
        inference,
        batcher,
        http,
        Optional.of(config),
        requestTimeout,
        reloadInterval);
  }

  public ServingConfig withRequestTimeout(Duration timeout) {
    return new ServingConfig(
        repository, modelName, inference, batcher, http, kafka, timeout, reloadInterval);
  }

  public ServingConfig withReloadInterval(Duration interval) {
    return new ServingConfig(
        repository, modelName, inference, batcher, http, kafka, requestTimeout, interval);
  }
}
