package dev.airtrace.serving;

import dev.airtrace.inference.InferenceConfig;
import dev.airtrace.serving.batching.ServingBatchConfig;
import dev.airtrace.serving.http.HttpAccess;
import dev.airtrace.serving.kafka.KafkaPathConfig;
import java.net.InetAddress;
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
 * @param http where the OIP endpoint and {@code /metrics} listen (port 0: any free port); the
 *     default binds the loopback interface only ({@link #DEFAULT_HTTP})
 * @param access bearer token and TLS of the HTTP endpoint (default {@link HttpAccess#open()})
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
    HttpAccess access,
    Optional<KafkaPathConfig> kafka,
    Duration requestTimeout,
    Duration reloadInterval) {
  /** The committed model repository, relative to the working directory. */
  public static final Path DEFAULT_REPOSITORY = Path.of("models", "repository");

  /** The forecaster. */
  public static final String DEFAULT_MODEL = "pm25-forecast";

  /** Default OIP port (KServe's HTTP default). */
  public static final int DEFAULT_HTTP_PORT = 8080;

  /**
   * Default HTTP address: port {@value #DEFAULT_HTTP_PORT} on the loopback interface, so nothing
   * outside the host reaches an unauthenticated endpoint unless the operator binds it wider.
   */
  public static final InetSocketAddress DEFAULT_HTTP =
      new InetSocketAddress(InetAddress.getLoopbackAddress(), DEFAULT_HTTP_PORT);

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
    Objects.requireNonNull(access, "access");
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
        DEFAULT_HTTP,
        HttpAccess.open(),
        Optional.empty(),
        DEFAULT_REQUEST_TIMEOUT,
        DEFAULT_RELOAD_INTERVAL);
  }

  /** A builder that starts from {@link #defaults()}. */
  public static Builder builder() {
    return defaults().toBuilder();
  }

  /** A builder that starts from this configuration; change what differs, then {@code build()}. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Collects the components of one {@link ServingConfig}; {@link #build()} validates them. Not
   * thread-safe.
   */
  public static final class Builder {
    private Path repository;
    private String modelName;
    private InferenceConfig inference;
    private ServingBatchConfig batcher;
    private InetSocketAddress http;
    private HttpAccess access;
    private Optional<KafkaPathConfig> kafka;
    private Duration requestTimeout;
    private Duration reloadInterval;

    private Builder(ServingConfig from) {
      this.repository = from.repository;
      this.modelName = from.modelName;
      this.inference = from.inference;
      this.batcher = from.batcher;
      this.http = from.http;
      this.access = from.access;
      this.kafka = from.kafka;
      this.requestTimeout = from.requestTimeout;
      this.reloadInterval = from.reloadInterval;
    }

    /** See {@link ServingConfig#repository()}. */
    public Builder repository(Path value) {
      this.repository = value;
      return this;
    }

    /** See {@link ServingConfig#modelName()}. */
    public Builder modelName(String value) {
      this.modelName = value;
      return this;
    }

    /** See {@link ServingConfig#inference()}. */
    public Builder inference(InferenceConfig value) {
      this.inference = value;
      return this;
    }

    /** See {@link ServingConfig#batcher()}. */
    public Builder batcher(ServingBatchConfig value) {
      this.batcher = value;
      return this;
    }

    /** See {@link ServingConfig#http()}. */
    public Builder http(InetSocketAddress value) {
      this.http = value;
      return this;
    }

    /** See {@link ServingConfig#access()}. */
    public Builder access(HttpAccess value) {
      this.access = value;
      return this;
    }

    /** Serves the Kafka path {@code value} as well as HTTP; see {@link ServingConfig#kafka()}. */
    public Builder kafka(KafkaPathConfig value) {
      this.kafka = Optional.of(value);
      return this;
    }

    /** See {@link ServingConfig#requestTimeout()}. */
    public Builder requestTimeout(Duration value) {
      this.requestTimeout = value;
      return this;
    }

    /** See {@link ServingConfig#reloadInterval()}. */
    public Builder reloadInterval(Duration value) {
      this.reloadInterval = value;
      return this;
    }

    /** Serves {@code model} from the repository {@code dir}. */
    public Builder repository(Path dir, String model) {
      this.repository = dir;
      this.modelName = model;
      return this;
    }

    /**
     * The validated configuration.
     *
     * @throws IllegalArgumentException if a value is out of range
     */
    public ServingConfig build() {
      return new ServingConfig(
          repository,
          modelName,
          inference,
          batcher,
          http,
          access,
          kafka,
          requestTimeout,
          reloadInterval);
    }
  }
}
