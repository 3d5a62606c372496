package dev.airtrace.localstack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kafka 4.4 broker for tests and for the in-process demo.
 *
 * <p>{@link #start()} attaches to the broker named by the environment variable {@value
 * #ENV_BOOTSTRAP} when it is set; otherwise it formats a data directory and starts a single-node
 * KRaft server (combined broker and controller, plain {@code KafkaRaftServer}) in this JVM on free
 * loopback ports. The in-process broker is tuned for one node: replication factor 1 for internal
 * topics (so Kafka Streams {@code exactly_once_v2} works), no initial rebalance delay, and no
 * auto-created topics, so every topic must be created with {@link #createTopics}.
 *
 * <p>Ownership: the caller owns the instance and must {@link #close()} it; closing an attached
 * external broker only releases the admin client. Thread-safe: all methods may be called from any
 * thread.
 */
public final class KafkaService implements AutoCloseable {
  /** Environment variable with the bootstrap servers of an external broker. */
  public static final String ENV_BOOTSTRAP = "KAFKA_BOOTSTRAP";

  private static final Logger LOG = LoggerFactory.getLogger(KafkaService.class);
  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
  private static final String LOOPBACK = "127.0.0.1";

  /**
   * How to run an in-process broker.
   *
   * @param dataDir where the broker keeps its logs and metadata; {@code null} means a fresh
   *     temporary directory that {@link #close()} deletes. A given directory is kept on close and
   *     reused (not re-formatted) on the next start, so the demo can resume.
   * @param port the client (PLAINTEXT) port, 0 for a free one
   * @param controllerPort the KRaft controller port, 0 for a free one
   * @param startTimeout how long to wait for the broker to serve metadata
   */
  public record Options(Path dataDir, int port, int controllerPort, Duration startTimeout) {
    /** Default start timeout: a cold JVM needs about 5-8 s on two cores; leave headroom. */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(90);

    /** Validates ports and timeout. */
    public Options {
      checkPort(port, "port");
      checkPort(controllerPort, "controllerPort");
      if (port != 0 && port == controllerPort) {
        throw new IllegalArgumentException("port and controllerPort must differ, both " + port);
      }
      if (startTimeout == null || startTimeout.isNegative() || startTimeout.isZero()) {
        throw new IllegalArgumentException("startTimeout must be positive, was " + startTimeout);
      }
    }

    /** A temporary data dir, free ports, default timeout. */
    public static Options defaults() {
      return new Options(null, 0, 0, DEFAULT_START_TIMEOUT);
    }

    /** A copy with a persistent data dir. */
    public Options withDataDir(Path dir) {
      return new Options(dir, port, controllerPort, startTimeout);
    }

    /** A copy with a fixed client port (0 = free). */
    public Options withPort(int clientPort) {
      return new Options(dataDir, clientPort, controllerPort, startTimeout);
    }

    private static void checkPort(int value, String name) {
      if (value < 0 || value > 65_535) {
        throw new IllegalArgumentException(name + " must be 0..65535, was " + value);
      }
    }
  }

  /** The SASL mechanism of the secured listener ({@link #startSecured}). */
  public static final String SCRAM_MECHANISM = "SCRAM-SHA-512";

  private final String bootstrapServers;
  private String secureBootstrapServers; // null unless started with startSecured
  private final KafkaRaftServer server; // null when external
  private final Path dataDir;
  private final boolean deleteDataDir;
  private Admin admin; // guarded by this

  private KafkaService(
      String bootstrapServers, KafkaRaftServer server, Path dataDir, boolean deleteDataDir) {
    this.bootstrapServers = bootstrapServers;
    this.server = server;
    this.dataDir = dataDir;
    this.deleteDataDir = deleteDataDir;
  }

  /** Attaches to {@value #ENV_BOOTSTRAP} when set, else starts an in-process broker. */
  public static KafkaService start() {
    String external = System.getenv(ENV_BOOTSTRAP);
    if (external != null && !external.isBlank()) {
      return attach(external.trim());
    }
    return start(Options.defaults());
  }

  /** Starts an in-process broker with {@code options}, ignoring {@value #ENV_BOOTSTRAP}. */
  public static KafkaService start(Options options) {
    return start(options, null);
  }

  /**
   * Starts an in-process broker, ignoring {@value #ENV_BOOTSTRAP}, with a second, secured listener
   * on {@link #secureBootstrapServers()}: SASL_SSL, {@value #SCRAM_MECHANISM} users created with
   * {@link #createScramUser}, TLS with {@code serverCertificate} (its names must include {@code
   * 127.0.0.1}, see {@link TlsFiles#issue}). {@link #bootstrapServers()} stays the plaintext
   * listener for the harness, as a cluster's internal listener would be.
   */
  public static KafkaService startSecured(TlsFiles.Issued serverCertificate) {
    return start(Options.defaults(), serverCertificate);
  }

  private static KafkaService start(Options options, TlsFiles.Issued secure) {
    boolean temporary = options.dataDir() == null;
    if (temporary) {
      Orphans.reap("kafka", "java"); // in-process brokers leave only data dirs behind
    }
    Path dir = temporary ? ServiceFiles.tempDir("kafka") : ServiceFiles.mkdirs(options.dataDir());
    int[] free = FreePorts.pick(3);
    int port = options.port() != 0 ? options.port() : free[0];
    int controllerPort = options.controllerPort() != 0 ? options.controllerPort() : free[1];
    if (controllerPort == port) {
      controllerPort = free[0] == port ? free[1] : free[0];
    }
    Properties props = brokerProperties(dir, port, controllerPort);
    int securePort = free[2];
    if (secure != null) {
      addSecureListener(props, securePort, secure);
    }
    KafkaRaftServer server = null;
    try {
      formatIfNeeded(dir, props);
      long t0 = System.nanoTime();
      server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
      server.startup();
      KafkaService service = new KafkaService(LOOPBACK + ":" + port, server, dir, temporary);
      if (secure != null) {
        service.secureBootstrapServers = LOOPBACK + ":" + securePort;
      }
      service.awaitReady(options.startTimeout());
      LOG.info(
          "in-process Kafka broker ready at {} in {} ms (data {})",
          service.bootstrapServers,
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0),
          dir);
      return service;
    } catch (RuntimeException e) {
      if (server != null) {
        shutdownQuietly(server);
      }
      if (temporary) {
        ServiceFiles.deleteQuietly(dir);
      }
      throw e instanceof ServiceStartException
          ? e
          : new ServiceStartException(
              "in-process Kafka broker failed to start on port " + port + ": " + e, e);
    }
  }

  /**
   * Starts an in-process broker from a complete broker configuration whose {@code log.dirs} is
   * already formatted (for tests that run a deployment's own {@code server.properties} and storage
   * format step), ignoring {@value #ENV_BOOTSTRAP}. Nothing of the harness's defaults is added and
   * readiness is not awaited: {@code bootstrapServers} is only reported, and a secured broker's
   * readiness is for the caller to check with its own client settings. The data dir stays on {@link
   * #close()}; the caller owns it.
   */
  public static KafkaService startConfigured(Properties brokerConfig, String bootstrapServers) {
    KafkaRaftServer server = null;
    try {
      server = new KafkaRaftServer(KafkaConfig.fromProps(brokerConfig, false), Time.SYSTEM);
      server.startup();
      LOG.info("in-process Kafka broker started from a given configuration ({})", bootstrapServers);
      return new KafkaService(bootstrapServers, server, null, false);
    } catch (RuntimeException e) {
      if (server != null) {
        shutdownQuietly(server);
      }
      throw new ServiceStartException(
          "in-process Kafka broker failed to start from the given configuration: " + e, e);
    }
  }

  private static KafkaService attach(String bootstrap) {
    KafkaService service = new KafkaService(bootstrap, null, null, false);
    try {
      service.awaitReady(ADMIN_TIMEOUT);
    } catch (RuntimeException e) {
      service.close();
      throw new ServiceStartException(
          ENV_BOOTSTRAP + "=" + bootstrap + " is set but no Kafka broker answered there: " + e, e);
    }
    LOG.info("using external Kafka at {}", bootstrap);
    return service;
  }

  /** Comma-separated {@code host:port} list for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /**
   * The secured (SASL_SSL, {@value #SCRAM_MECHANISM}) listener's {@code host:port}.
   *
   * @throws IllegalStateException unless started with {@link #startSecured}
   */
  public String secureBootstrapServers() {
    if (secureBootstrapServers == null) {
      throw new IllegalStateException("this broker has no secured listener (use startSecured)");
    }
    return secureBootstrapServers;
  }

  /** Creates or updates a {@value #SCRAM_MECHANISM} user for the secured listener. */
  public void createScramUser(String user, String password) {
    try {
      admin()
          .alterUserScramCredentials(
              List.of(
                  new UserScramCredentialUpsertion(
                      user, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), password)))
          .all()
          .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("could not create SCRAM user " + user, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted creating SCRAM user " + user, e);
    }
  }

  /**
   * A consumer that checks what a test's pipeline wrote: its own new group (so it starts from the
   * earliest offset and never shares offsets with another check), {@code read_committed} (only what
   * exactly-once producers committed), string keys and raw value bytes. The caller closes it.
   *
   * @param groupPrefix names the check in the broker's group list; a random suffix is appended
   */
  public KafkaConsumer<String, byte[]> committedReader(String groupPrefix) {
    return new KafkaConsumer<>(
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            ConsumerConfig.GROUP_ID_CONFIG,
            groupPrefix + "-" + Uuid.randomUuid(),
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest",
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            "read_committed"),
        new StringDeserializer(),
        new ByteArrayDeserializer());
  }

  /** Whether this object attached to an external broker instead of running one. */
  public boolean isExternal() {
    return server == null;
  }

  /**
   * Creates topics with {@code partitions} partitions and the broker's default replication factor,
   * and waits until each has a leader for every partition. Existing topics are left as they are.
   */
  public void createTopics(int partitions, String... names) {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be >= 1, was " + partitions);
    }
    List<NewTopic> topics = new ArrayList<>();
    for (String name : names) {
      topics.add(new NewTopic(name, Optional.of(partitions), Optional.empty()));
    }
    Admin client = admin();
    Map<String, org.apache.kafka.common.KafkaFuture<Void>> results =
        client.createTopics(topics).values();
    for (Map.Entry<String, org.apache.kafka.common.KafkaFuture<Void>> entry : results.entrySet()) {
      try {
        entry.getValue().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw new IllegalStateException("could not create topic " + entry.getKey(), e.getCause());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted creating topic " + entry.getKey(), e);
      } catch (TimeoutException e) {
        throw new IllegalStateException("timed out creating topic " + entry.getKey(), e);
      }
    }
    awaitLeaders(List.of(names));
  }

  /** Stops an in-process broker and deletes its temporary data dir; idempotent. */
  @Override
  public synchronized void close() {
    if (admin != null) {
      admin.close(Duration.ofSeconds(5));
      admin = null;
    }
    if (server != null) {
      shutdownQuietly(server);
      if (deleteDataDir) {
        ServiceFiles.deleteQuietly(dataDir);
      }
    }
  }

  private synchronized Admin admin() {
    if (admin == null) {
      Properties props = new Properties();
      props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
      props.put(AdminClientConfig.CLIENT_ID_CONFIG, "airtrace-harness-admin");
      props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
      props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
      admin = Admin.create(props);
    }
    return admin;
  }

  private void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    RuntimeException last = null;
    while (System.nanoTime() < deadline) {
      try {
        int nodes = admin().describeCluster().nodes().get(5, TimeUnit.SECONDS).size();
        if (nodes > 0) {
          return;
        }
      } catch (ExecutionException | TimeoutException e) {
        last = new IllegalStateException(e.getCause() != null ? e.getCause() : e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ServiceStartException("interrupted waiting for Kafka", e);
      }
    }
    throw new ServiceStartException(
        "Kafka at " + bootstrapServers + " did not answer within " + timeout, last);
  }

  private void awaitLeaders(List<String> names) {
    long deadline = System.nanoTime() + ADMIN_TIMEOUT.toNanos();
    Exception last = null;
    while (System.nanoTime() < deadline) {
      try {
        Map<String, TopicDescription> descriptions =
            admin().describeTopics(names).allTopicNames().get(5, TimeUnit.SECONDS);
        boolean ready =
            descriptions.values().stream()
                .flatMap(d -> d.partitions().stream())
                .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
        if (ready) {
          return;
        }
      } catch (ExecutionException | TimeoutException e) {
        last = e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for topic leaders", e);
      }
    }
    throw new IllegalStateException(
        "topics " + names + " got no leaders in " + ADMIN_TIMEOUT, last);
  }

  private static Properties brokerProperties(Path dir, int port, int controllerPort) {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@" + LOOPBACK + ":" + controllerPort);
    p.put(
        "listeners",
        "PLAINTEXT://"
            + LOOPBACK
            + ":"
            + port
            + ",CONTROLLER://"
            + LOOPBACK
            + ":"
            + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://" + LOOPBACK + ":" + port);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("log.dirs", dir.resolve("logs").toString());
    p.put("auto.create.topics.enable", "false");
    p.put("num.partitions", "1");
    p.put("default.replication.factor", "1");
    p.put("min.insync.replicas", "1");
    p.put("offsets.topic.replication.factor", "1");
    // Few internal partitions: one node, and each partition costs start-up time and file handles.
    p.put("offsets.topic.num.partitions", "3");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "3");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    // Without this every new consumer group waits 3 s before its first assignment.
    p.put("group.initial.rebalance.delay.ms", "0");
    // The cleaner's default 128 MiB dedupe buffer is sized for servers, not test JVMs.
    p.put("log.cleaner.dedupe.buffer.size", String.valueOf(16 * 1024 * 1024));
    p.put("num.network.threads", "2");
    p.put("num.io.threads", "4");
    return p;
  }

  /**
   * A SASL_SSL listener named SECURE: SCRAM for authentication, TLS from PEM text (Kafka's PEM key
   * store type, no JKS files). No authorizer: any authenticated user may do anything.
   */
  private static void addSecureListener(Properties p, int port, TlsFiles.Issued cert) {
    p.put("listeners", p.getProperty("listeners") + ",SECURE://" + LOOPBACK + ":" + port);
    p.put(
        "advertised.listeners",
        p.getProperty("advertised.listeners") + ",SECURE://" + LOOPBACK + ":" + port);
    p.put(
        "listener.security.protocol.map",
        p.getProperty("listener.security.protocol.map") + ",SECURE:SASL_SSL");
    p.put("listener.name.secure.sasl.enabled.mechanisms", SCRAM_MECHANISM);
    p.put(
        "listener.name.secure.scram-sha-512.sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required;");
    p.put("listener.name.secure.ssl.keystore.type", "PEM");
    p.put("listener.name.secure.ssl.keystore.certificate.chain", cert.certificatePem());
    p.put("listener.name.secure.ssl.keystore.key", cert.keyPem());
  }

  private static void formatIfNeeded(Path dir, Properties props) {
    if (Files.exists(dir.resolve("logs").resolve("meta.properties"))) {
      return; // already formatted by an earlier run with this data dir
    }
    Path config = dir.resolve("server.properties");
    try (Writer w = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
      props.store(w, "airtrace in-process broker");
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + config, e);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int rc;
    try (PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8)) {
      rc =
          StorageTool.execute(
              new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c", config.toString()},
              print);
    }
    if (rc != 0) {
      throw new ServiceStartException(
          "formatting the Kafka data dir "
              + dir
              + " failed (rc "
              + rc
              + "):\n"
              + out.toString(StandardCharsets.UTF_8));
    }
  }

  private static void shutdownQuietly(KafkaRaftServer server) {
    try {
      server.shutdown();
      server.awaitShutdown();
    } catch (RuntimeException e) {
      LOG.warn("in-process Kafka broker did not shut down cleanly", e);
    }
  }
}
