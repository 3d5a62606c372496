package dev.airtrace.localstack;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Mosquitto MQTT broker for tests.
 *
 * <p>{@link #start()} attaches to the broker named by {@value #ENV_URL} ({@code tcp://host:port})
 * when set; otherwise it launches the {@code mosquitto} binary as a child process with a generated
 * configuration: one listener on a free 127.0.0.1 port, anonymous access, persistence in a
 * temporary directory (so QoS 1 sessions survive {@link #restart()}), and queues large enough for
 * load tests. Its log is {@link #logFile()}.
 *
 * <p>Ownership: the caller owns the instance and must {@link #close()} it, which stops the child by
 * PID and deletes the temporary directory. Thread-safe: lifecycle methods are synchronized.
 */
public final class MosquittoService implements AutoCloseable {
  /** Environment variable with the URI of an external broker, e.g. {@code tcp://host:1883}. */
  public static final String ENV_URL = "MQTT_URL";

  /** Packages that provide the broker and its command line clients. */
  static final String PACKAGES = "mosquitto mosquitto-clients";

  /** Messages queued per offline persistent session before the broker drops (default 1000). */
  public static final int MAX_QUEUED_MESSAGES = 1_000_000;

  /** Outgoing QoS 1/2 messages in flight per client; bounds redelivery after a reconnect. */
  public static final int MAX_INFLIGHT_MESSAGES = 1_000;

  private static final Logger LOG = LoggerFactory.getLogger(MosquittoService.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
  private static final int START_ATTEMPTS = 3;

  /**
   * The broker settings that decide what a crash loses: whether the broker persists at all, when it
   * writes its persistence file, and how many messages it queues and keeps in flight per client.
   *
   * @param persistence whether the broker keeps a persistence file ({@code persistence})
   * @param autosaveInterval seconds between saves, or with {@code autosaveOnChanges} the number of
   *     changes between saves ({@code autosave_interval}; 0 saves only on a clean shutdown)
   * @param autosaveOnChanges whether {@code autosaveInterval} counts changes instead of seconds
   * @param maxQueuedMessages messages queued per offline persistent session before new ones are
   *     dropped ({@code max_queued_messages}; 0 = no limit)
   * @param maxInflightMessages outgoing QoS 1/2 messages in flight per client ({@code
   *     max_inflight_messages})
   */
  public record Settings(
      boolean persistence,
      int autosaveInterval,
      boolean autosaveOnChanges,
      int maxQueuedMessages,
      int maxInflightMessages) {
    /** Validates that the numbers are not negative and at least one message may be in flight. */
    public Settings {
      if (autosaveInterval < 0 || maxQueuedMessages < 0 || maxInflightMessages < 1) {
        throw new IllegalArgumentException(
            "autosaveInterval and maxQueuedMessages must be >= 0 and maxInflightMessages >= 1: "
                + autosaveInterval
                + ", "
                + maxQueuedMessages
                + ", "
                + maxInflightMessages);
      }
    }

    /** What this harness has always used: persistence, a save every 60 s, large queues. */
    public static Settings harness() {
      return new Settings(true, 60, false, MAX_QUEUED_MESSAGES, MAX_INFLIGHT_MESSAGES);
    }

    /**
     * mosquitto 2.0's own defaults for a config file that names only a listener: no persistence
     * (autosave every 1,800 s when it is switched on), 1,000 queued and 20 in-flight messages.
     */
    public static Settings mosquittoDefaults() {
      return new Settings(false, 1_800, false, 1_000, 20);
    }
  }

  /**
   * A secured listener: TLS with the given server certificate, no anonymous access, users from a
   * mosquitto password file and topic rights from an ACL file (mosquitto's own formats; create the
   * password file with {@code mosquitto_passwd -c -b FILE USER PASSWORD}). Paths are used as they
   * are; the files must stay until the broker is closed.
   *
   * @param caFile PEM CA that signs client certificates (and usually the server's)
   * @param certFile PEM server certificate; its names must match how clients address the broker
   *     ({@code localhost} and {@code 127.0.0.1})
   * @param keyFile PEM server private key
   * @param requireClientCertificate whether clients must present a certificate signed by {@code
   *     caFile} (mutual TLS); the password is checked as well
   * @param passwordFile mosquitto password file
   * @param aclFile mosquitto ACL file
   */
  public record Security(
      Path caFile,
      Path certFile,
      Path keyFile,
      boolean requireClientCertificate,
      Path passwordFile,
      Path aclFile) {
    /** Requires every file. */
    public Security {
      for (Path p : new Path[] {caFile, certFile, keyFile, passwordFile, aclFile}) {
        if (p == null) {
          throw new IllegalArgumentException("every Security file must be given");
        }
      }
    }
  }

  private final String host;
  private final int port;
  private final Settings settings;
  private final Security security; // null: anonymous plain TCP
  private final String givenConfig; // null: the harness writes the configuration
  private final ManagedProcess managed; // null when external

  private MosquittoService(String host, int port, Path dir, Path binary) {
    this(host, port, dir, binary, Settings.harness(), null);
  }

  private MosquittoService(
      String host, int port, Path dir, Path binary, Settings settings, Security security) {
    this(host, port, dir, binary, settings, security, null);
  }

  private MosquittoService(
      String host,
      int port,
      Path dir,
      Path binary,
      Settings settings,
      Security security,
      String givenConfig) {
    this.host = host;
    this.port = port;
    this.settings = settings;
    this.security = security;
    this.givenConfig = givenConfig;
    this.managed =
        dir == null ? null : new ManagedProcess("mosquitto", dir, d -> launch(binary, d));
  }

  /** Attaches to {@value #ENV_URL} when set, else launches a private broker. */
  public static MosquittoService start() {
    String external = System.getenv(ENV_URL);
    if (external != null && !external.isBlank()) {
      return attach(external.trim());
    }
    return launch();
  }

  /**
   * Always launches a private broker, ignoring {@value #ENV_URL}: for tests that must stop and
   * restart the broker (outages), which an external one does not allow.
   */
  public static MosquittoService launch() {
    return launchPrivate();
  }

  /**
   * Always launches a private broker with {@code settings}, ignoring {@value #ENV_URL}: for tests
   * that measure what a broker crash loses under given persistence settings.
   */
  public static MosquittoService launch(Settings settings) {
    Path binary = Binaries.require("mosquitto", PACKAGES, ENV_URL);
    Orphans.reap("mosquitto", "mosquitto");
    return ManagedProcess.startFresh(
        "mosquitto",
        START_ATTEMPTS,
        dir -> new MosquittoService("127.0.0.1", FreePorts.pick(), dir, binary, settings, null),
        s -> s.managed);
  }

  private static MosquittoService attach(String url) {
    URI uri = URI.create(url);
    int port = uri.getPort() > 0 ? uri.getPort() : 1883;
    if (!NativeProcess.accepts(uri.getHost(), port)) {
      throw new ServiceStartException(
          ENV_URL + "=" + url + " is set but nothing accepts connections there");
    }
    LOG.info("using external MQTT broker at {}", url);
    return new MosquittoService(uri.getHost(), port, null, null);
  }

  private static MosquittoService launchPrivate() {
    Path binary = Binaries.require("mosquitto", PACKAGES, ENV_URL);
    Orphans.reap("mosquitto", "mosquitto");
    return ManagedProcess.startFresh(
        "mosquitto",
        START_ATTEMPTS,
        dir -> new MosquittoService("127.0.0.1", FreePorts.pick(), dir, binary),
        s -> s.managed);
  }

  /**
   * Always launches a private broker with a secured listener ({@link Security}), ignoring {@value
   * #ENV_URL}; {@link #serverUri()} is then {@code ssl://localhost:port}.
   */
  public static MosquittoService launchSecured(Security security) {
    Path binary = Binaries.require("mosquitto", PACKAGES, ENV_URL);
    Orphans.reap("mosquitto", "mosquitto");
    return ManagedProcess.startFresh(
        "mosquitto",
        START_ATTEMPTS,
        dir ->
            new MosquittoService(
                "127.0.0.1", FreePorts.pick(), dir, binary, Settings.harness(), security),
        s -> s.managed);
  }

  /**
   * Always launches a private broker with a configuration file written by {@code config} for the
   * port it is given (the caller's file must listen on that port on 127.0.0.1 with TLS; its
   * certificate must name {@code localhost}), ignoring {@value #ENV_URL}: for tests that run a
   * deployment's own {@code mosquitto.conf}. {@link #serverUri()} is {@code ssl://localhost:port}.
   * Run as root, the harness prepends {@code user root} so the broker can read the caller's files.
   */
  public static MosquittoService launchWithTlsConfig(IntFunction<String> config) {
    Path binary = Binaries.require("mosquitto", PACKAGES, ENV_URL);
    Orphans.reap("mosquitto", "mosquitto");
    return ManagedProcess.startFresh(
        "mosquitto",
        START_ATTEMPTS,
        dir -> {
          int port = FreePorts.pick();
          return new MosquittoService(
              "127.0.0.1", port, dir, binary, Settings.harness(), null, config.apply(port));
        },
        s -> s.managed);
  }

  /**
   * {@code tcp://host:port} for MQTT clients, or {@code ssl://localhost:port} for a secured broker
   * (the name its certificate must carry).
   */
  public String serverUri() {
    return security == null && givenConfig == null
        ? "tcp://" + host + ":" + port
        : "ssl://localhost:" + port;
  }

  /** The broker's host name or address. */
  public String host() {
    return host;
  }

  /** The broker's TCP port; stable across {@link #restart()}. */
  public int port() {
    return port;
  }

  /** Whether this object attached to an external broker instead of running one. */
  public boolean isExternal() {
    return managed == null;
  }

  /** The broker's log file (stdout and stderr); {@code null} when external. */
  public Path logFile() {
    return managed == null ? null : managed.dir().resolve("mosquitto.log");
  }

  /** The PID of the running broker process. */
  public long pid() {
    return requireManaged("pid").pid();
  }

  /** The persistence and queue settings the broker was launched with. */
  public Settings settings() {
    return settings;
  }

  /**
   * Kills the broker with SIGKILL ({@code ProcessHandle.destroyForcibly()} on Linux), so it saves
   * nothing, and waits until it is gone; {@link #restart()} starts it again on the same port with
   * the same persistence directory. Simulates a crash or power loss of the broker.
   */
  public void kill() {
    requireManaged("kill").kill();
  }

  /** Whether the managed broker process is running. */
  public boolean isRunning() {
    return managed != null && managed.isRunning();
  }

  /**
   * Stops the broker (SIGTERM, so it saves its persistence file) but keeps its port and data for
   * {@link #restart()}; simulates an outage. Idempotent.
   */
  public void stop() {
    requireManaged("stop").stop();
  }

  /**
   * Stops the broker if it runs and starts it again on the same port with the same data dir, so
   * persistent sessions and queued QoS 1 messages survive. Returns when the port accepts.
   */
  public void restart() {
    requireManaged("restart").restart();
  }

  /** Stops the broker by PID and deletes its temporary directory; idempotent. */
  @Override
  public void close() {
    if (managed != null) {
      managed.close();
    }
  }

  private NativeProcess launch(Path binary, Path dir) {
    Path data = ServiceFiles.mkdirs(dir.resolve("data"));
    Path config = dir.resolve("mosquitto.conf");
    ServiceFiles.write(config, config(data));
    NativeProcess started =
        NativeProcess.launch(
            "mosquitto", List.of(binary.toString(), "-c", config.toString()), dir, logFile());
    started.awaitReady(
        () -> NativeProcess.accepts(host, port), START_TIMEOUT, "accepting on port " + port);
    return started;
  }

  private String config(Path data) {
    StringBuilder c = new StringBuilder();
    if ("root".equals(System.getProperty("user.name"))) {
      // Started as root, mosquitto drops to user 'mosquitto' before opening its persistence dir,
      // which root created: staying root avoids "Permission denied" when it saves.
      c.append("user root\n");
    }
    if (givenConfig != null) {
      return c.append(givenConfig).toString();
    }
    if (security != null) {
      // Global settings (not per listener): authentication and ACLs apply to the one listener.
      c.append("per_listener_settings false\n");
      c.append("allow_anonymous false\n");
      c.append("password_file ").append(security.passwordFile()).append('\n');
      c.append("acl_file ").append(security.aclFile()).append('\n');
    }
    c.append("listener ").append(port).append(" ").append(host).append('\n');
    if (security != null) {
      c.append("cafile ").append(security.caFile()).append('\n');
      c.append("certfile ").append(security.certFile()).append('\n');
      c.append("keyfile ").append(security.keyFile()).append('\n');
      c.append("require_certificate ").append(security.requireClientCertificate()).append('\n');
    } else {
      c.append("allow_anonymous true\n");
    }
    c.append("persistence ").append(settings.persistence()).append('\n');
    c.append("persistence_location ").append(data).append("/\n");
    c.append("autosave_interval ").append(settings.autosaveInterval()).append('\n');
    c.append("autosave_on_changes ").append(settings.autosaveOnChanges()).append('\n');
    c.append("max_queued_messages ").append(settings.maxQueuedMessages()).append('\n');
    c.append("max_inflight_messages ").append(settings.maxInflightMessages()).append('\n');
    c.append("log_dest stdout\n");
    c.append("log_type error\nlog_type warning\nlog_type notice\nlog_type information\n");
    c.append("connection_messages true\n");
    c.append("log_timestamp_format %Y-%m-%dT%H:%M:%S\n");
    return c.toString();
  }

  private ManagedProcess requireManaged(String operation) {
    if (managed == null) {
      throw new UnsupportedOperationException(
          operation + " is not possible on the external broker " + serverUri());
    }
    return managed;
  }
}
