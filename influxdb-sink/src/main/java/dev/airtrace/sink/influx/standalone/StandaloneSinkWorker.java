package dev.airtrace.sink.influx.standalone;

import dev.airtrace.core.kafka.KafkaClientProperties;
import dev.airtrace.sink.influx.InfluxSinkConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.connector.policy.ConnectorClientConfigOverridePolicy;
import org.apache.kafka.connect.converters.ByteArrayConverter;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.runtime.Herder;
import org.apache.kafka.connect.runtime.Worker;
import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.runtime.isolation.LoaderSwap;
import org.apache.kafka.connect.runtime.isolation.Plugins;
import org.apache.kafka.connect.runtime.rest.ConnectRestServer;
import org.apache.kafka.connect.runtime.rest.RestClient;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorInfo;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.runtime.standalone.StandaloneConfig;
import org.apache.kafka.connect.runtime.standalone.StandaloneHerder;
import org.apache.kafka.connect.storage.FileOffsetBackingStore;
import org.apache.kafka.connect.storage.StringConverter;
import org.apache.kafka.connect.util.FutureCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the InfluxDB sink connector on an in-process Kafka Connect standalone worker.
 *
 * <p>This assembles the same pieces as Kafka's {@code connect-standalone} script (plugins, worker
 * config, REST server, {@link Worker}, {@link StandaloneHerder}) but without its {@code
 * System.exit} on a start failure, so callers get an exception. Keys are read as strings and values
 * as raw bytes (the connector parses the JSON itself, and a dead-letter queue keeps the original
 * bytes). The sink's progress is the consumer group {@code connect-<connector name>} in Kafka; the
 * worker's own offset file lives in the state directory.
 *
 * <p>Ownership: the caller must {@link #close()} the worker. Thread-safe: {@link #status()} may be
 * called from any thread.
 */
public final class StandaloneSinkWorker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StandaloneSinkWorker.class);

  private final Connect<StandaloneHerder> connect;
  private final String connectorName;
  private final String restUrl;

  /**
   * Worker settings.
   *
   * @param bootstrapServers Kafka to read from
   * @param stateDir directory for the worker's offset file; created if missing
   * @param connectorName connector name; also names the consumer group {@code connect-<name>}
   * @param connectorConfig the connector's settings (at least {@code connector.class}, {@code
   *     topics}, {@code influx.url}, {@code influx.database}); see {@link
   *     InfluxSinkConfig#airtraceConnectorConfig}
   * @param offsetCommitInterval how often sink offsets are committed (each commit first writes the
   *     buffered points)
   * @param restListener the worker's REST listener; port 0 picks a free port
   * @param startTimeout how long to wait for the connector's tasks to run
   * @param kafkaClient the environment's Kafka client settings (TLS, SASL); the worker gets them at
   *     the top level and with the {@code consumer.}, {@code producer.} and {@code admin.}
   *     prefixes, because a Connect worker's task clients do not inherit top-level settings
   */
  public record Options(
      String bootstrapServers,
      Path stateDir,
      String connectorName,
      Map<String, String> connectorConfig,
      Duration offsetCommitInterval,
      String restListener,
      Duration startTimeout,
      KafkaClientProperties kafkaClient) {
    /** Default connector name. */
    public static final String DEFAULT_CONNECTOR_NAME = "airtrace-influxdb-sink";

    /** Default commit interval: short, so a local run shows data within seconds. */
    public static final Duration DEFAULT_OFFSET_COMMIT_INTERVAL = Duration.ofSeconds(5);

    /** Default REST listener: loopback, free port. */
    public static final String DEFAULT_REST_LISTENER = "http://127.0.0.1:0";

    /** Default start timeout. */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(60);

    /** Validates and copies. */
    public Options {
      if (bootstrapServers == null || bootstrapServers.isBlank()) {
        throw new IllegalArgumentException("bootstrapServers must not be blank");
      }
      if (stateDir == null) {
        throw new IllegalArgumentException("stateDir must not be null");
      }
      if (connectorName == null || connectorName.isBlank()) {
        throw new IllegalArgumentException("connectorName must not be blank");
      }
      if (connectorConfig == null || !connectorConfig.containsKey("connector.class")) {
        throw new IllegalArgumentException("connectorConfig must name connector.class");
      }
      requirePositive(offsetCommitInterval, "offsetCommitInterval");
      requirePositive(startTimeout, "startTimeout");
      if (restListener == null || restListener.isBlank()) {
        throw new IllegalArgumentException("restListener must not be blank");
      }
      connectorConfig = Map.copyOf(connectorConfig);
      Objects.requireNonNull(kafkaClient, "kafkaClient");
    }

    /**
     * Options for a cluster without client security settings ({@link KafkaClientProperties#NONE}).
     */
    public Options(
        String bootstrapServers,
        Path stateDir,
        String connectorName,
        Map<String, String> connectorConfig,
        Duration offsetCommitInterval,
        String restListener,
        Duration startTimeout) {
      this(
          bootstrapServers,
          stateDir,
          connectorName,
          connectorConfig,
          offsetCommitInterval,
          restListener,
          startTimeout,
          KafkaClientProperties.NONE);
    }

    /**
     * Options for the airtrace preset: the three analytics topics into {@code database} at {@code
     * influxUrl}, with the defaults above.
     */
    public static Options airtrace(
        String bootstrapServers, Path stateDir, String influxUrl, String database) {
      return new Options(
          bootstrapServers,
          stateDir,
          DEFAULT_CONNECTOR_NAME,
          InfluxSinkConfig.airtraceConnectorConfig(influxUrl, database),
          DEFAULT_OFFSET_COMMIT_INTERVAL,
          DEFAULT_REST_LISTENER,
          DEFAULT_START_TIMEOUT,
          KafkaClientProperties.NONE);
    }

    /** A builder that starts from {@link #airtrace(String, Path, String, String)}. */
    public static Builder builder(
        String bootstrapServers, Path stateDir, String influxUrl, String database) {
      return airtrace(bootstrapServers, stateDir, influxUrl, database).toBuilder();
    }

    private static void requirePositive(Duration d, String name) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, was " + d);
      }
    }

    /** A builder that starts from this configuration; change what differs, then {@code build()}. */
    public Builder toBuilder() {
      return new Builder(this);
    }

    /**
     * Collects the components of one {@link Options}; {@link #build()} validates them. Not
     * thread-safe.
     */
    public static final class Builder {
      private String bootstrapServers;
      private Path stateDir;
      private String connectorName;
      private Map<String, String> connectorConfig;
      private Duration offsetCommitInterval;
      private String restListener;
      private Duration startTimeout;
      private KafkaClientProperties kafkaClient;

      private Builder(Options from) {
        this.bootstrapServers = from.bootstrapServers;
        this.stateDir = from.stateDir;
        this.connectorName = from.connectorName;
        this.connectorConfig = from.connectorConfig;
        this.offsetCommitInterval = from.offsetCommitInterval;
        this.restListener = from.restListener;
        this.startTimeout = from.startTimeout;
        this.kafkaClient = from.kafkaClient;
      }

      /** See {@link Options#kafkaClient()}. */
      public Builder kafkaClient(KafkaClientProperties value) {
        this.kafkaClient = value;
        return this;
      }

      /** See {@link Options#bootstrapServers()}. */
      public Builder bootstrapServers(String value) {
        this.bootstrapServers = value;
        return this;
      }

      /** See {@link Options#stateDir()}. */
      public Builder stateDir(Path value) {
        this.stateDir = value;
        return this;
      }

      /** See {@link Options#connectorName()}. */
      public Builder connectorName(String value) {
        this.connectorName = value;
        return this;
      }

      /** See {@link Options#connectorConfig()}. */
      public Builder connectorConfig(Map<String, String> value) {
        this.connectorConfig = value;
        return this;
      }

      /** See {@link Options#offsetCommitInterval()}. */
      public Builder offsetCommitInterval(Duration value) {
        this.offsetCommitInterval = value;
        return this;
      }

      /** See {@link Options#restListener()}. */
      public Builder restListener(String value) {
        this.restListener = value;
        return this;
      }

      /** See {@link Options#startTimeout()}. */
      public Builder startTimeout(Duration value) {
        this.startTimeout = value;
        return this;
      }

      /** Adds or replaces connector settings (e.g. a dead-letter queue), keeping the others. */
      public Builder connectorSettings(Map<String, String> settings) {
        Map<String, String> merged = new HashMap<>(connectorConfig);
        merged.putAll(settings);
        this.connectorConfig = merged;
        return this;
      }

      /**
       * The validated configuration.
       *
       * @throws IllegalArgumentException if a value is out of range
       */
      public Options build() {
        return new Options(
            bootstrapServers,
            stateDir,
            connectorName,
            connectorConfig,
            offsetCommitInterval,
            restListener,
            startTimeout,
            kafkaClient);
      }
    }
  }

  /**
   * The connector's state as Connect reports it.
   *
   * @param connector connector state, e.g. {@code RUNNING}
   * @param tasks task states in task-id order, e.g. {@code [RUNNING]} or {@code [FAILED]}
   * @param trace the first failure's stack trace, or {@code null}
   */
  public record Status(String connector, List<String> tasks, String trace) {
    /** Copies the task list. */
    public Status {
      tasks = List.copyOf(tasks);
    }

    /** Whether the connector and at least one task run and no task failed. */
    public boolean isRunning() {
      return "RUNNING".equals(connector)
          && !tasks.isEmpty()
          && tasks.stream().allMatch("RUNNING"::equals);
    }

    /** Whether the connector or a task failed. */
    public boolean hasFailed() {
      return "FAILED".equals(connector) || tasks.contains("FAILED");
    }
  }

  private StandaloneSinkWorker(Connect<StandaloneHerder> connect, String name, String restUrl) {
    this.connect = connect;
    this.connectorName = name;
    this.restUrl = restUrl;
  }

  /**
   * Starts the worker, creates (or replaces) the connector and waits until its tasks run.
   *
   * @throws IllegalStateException when the worker or connector does not start; the message has
   *     Connect's failure trace
   */
  public static StandaloneSinkWorker start(Options options) {
    Map<String, String> workerProps = workerProperties(options);
    Plugins plugins = new Plugins(workerProps);
    Connect<StandaloneHerder> connect;
    String restUrl;
    // Plugin classes load through Connect's delegating loader; swap it in only while building.
    try (LoaderSwap swap = plugins.withClassLoader(plugins.delegatingLoader())) {
      StandaloneConfig config = new StandaloneConfig(workerProps);
      RestClient restClient = new RestClient(config);
      ConnectRestServer rest =
          new ConnectRestServer(config.rebalanceTimeout(), restClient, config.originals());
      rest.initializeServer();
      restUrl = rest.advertisedUrl().toString();
      String workerId = rest.advertisedUrl().getHost() + ":" + rest.advertisedUrl().getPort();
      ConnectorClientConfigOverridePolicy policy =
          plugins.newPlugin(
              config.getString(WorkerConfig.CONNECTOR_CLIENT_POLICY_CLASS_CONFIG),
              config,
              ConnectorClientConfigOverridePolicy.class);
      FileOffsetBackingStore offsets =
          new FileOffsetBackingStore(
              plugins.newInternalConverter(
                  true,
                  "org.apache.kafka.connect.json.JsonConverter",
                  Map.of("schemas.enable", "false")));
      offsets.configure(config);
      Worker worker = new Worker(workerId, Time.SYSTEM, plugins, config, offsets, policy);
      StandaloneHerder herder = new StandaloneHerder(worker, config.kafkaClusterId(), policy);
      connect = new Connect<>(herder, rest);
      try {
        connect.start();
      } catch (RuntimeException e) {
        connect.stop();
        throw new IllegalStateException("Connect standalone worker failed to start: " + e, e);
      }
    }
    StandaloneSinkWorker worker =
        new StandaloneSinkWorker(connect, options.connectorName(), restUrl);
    try {
      worker.createConnector(options);
      worker.awaitRunning(options.startTimeout());
    } catch (RuntimeException e) {
      worker.close();
      throw e;
    }
    LOG.info(
        "InfluxDB sink connector '{}' running (Connect REST {})", options.connectorName(), restUrl);
    return worker;
  }

  /** The connector's current state. */
  public Status status() {
    ConnectorStateInfo info = connect.herder().connectorStatus(connectorName);
    List<String> tasks = info.tasks().stream().sorted().map(t -> t.state()).toList();
    String trace = info.connector().trace();
    if (trace == null) {
      trace =
          info.tasks().stream()
              .map(ConnectorStateInfo.AbstractState::trace)
              .filter(t -> t != null)
              .findFirst()
              .orElse(null);
    }
    return new Status(info.connector().state(), tasks, trace);
  }

  /** The connector name (and, with the {@code connect-} prefix, its consumer group). */
  public String connectorName() {
    return connectorName;
  }

  /** Base URL of the worker's REST API (status, restart, config). */
  public String restUrl() {
    return restUrl;
  }

  /** Stops the connector (its task flushes and commits first) and the worker. Idempotent. */
  @Override
  public void close() {
    connect.stop();
    connect.awaitStop();
  }

  private void createConnector(Options options) {
    Map<String, String> config = new LinkedHashMap<>(options.connectorConfig());
    config.put("name", options.connectorName());
    FutureCallback<Herder.Created<ConnectorInfo>> created = new FutureCallback<>();
    connect.herder().putConnectorConfig(options.connectorName(), config, true, created);
    try {
      created.get(options.startTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "Connect rejected connector '" + options.connectorName() + "': " + e.getCause(),
          e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "connector '" + options.connectorName() + "' not created in " + options.startTimeout(),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted creating the connector", e);
    }
  }

  private void awaitRunning(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Status status = null;
    while (System.nanoTime() < deadline) {
      try {
        status = status();
        if (status.isRunning()) {
          return;
        }
        if (status.hasFailed()) {
          break;
        }
      } catch (RuntimeException e) {
        // status is not available until the herder processed the new connector
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for the connector", e);
      }
    }
    throw new IllegalStateException(
        "connector '"
            + connectorName
            + "' is not running: "
            + (status == null ? "no status" : status.connector() + " " + status.tasks())
            + (status != null && status.trace() != null ? "\n" + status.trace() : ""));
  }

  static Map<String, String> workerProperties(Options options) {
    Path stateDir = options.stateDir();
    try {
      Files.createDirectories(stateDir);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot create state dir " + stateDir, e);
    }
    // Security settings for the worker and, prefixed, for the clients it creates for the task
    // (consumer), the dead-letter queue (producer) and topic creation (admin): Connect does not
    // pass top-level settings on to them. None of the keys set below can be among them.
    Map<String, String> props = new HashMap<>(options.kafkaClient().values());
    for (String prefix : List.of("consumer.", "producer.", "admin.")) {
      props.putAll(options.kafkaClient().withPrefix(prefix));
    }
    props.put("bootstrap.servers", options.bootstrapServers());
    props.put("key.converter", StringConverter.class.getName());
    props.put("value.converter", ByteArrayConverter.class.getName());
    props.put(
        StandaloneConfig.OFFSET_STORAGE_FILE_FILENAME_CONFIG,
        stateDir.resolve("connect.offsets").toString());
    props.put(
        "offset.flush.interval.ms", String.valueOf(options.offsetCommitInterval().toMillis()));
    props.put("listeners", options.restListener());
    // Only ServiceLoader manifests: scanning the whole classpath for plugins takes seconds.
    props.put("plugin.discovery", "service_load");
    props.put("consumer.auto.offset.reset", "earliest");
    return props;
  }
}
