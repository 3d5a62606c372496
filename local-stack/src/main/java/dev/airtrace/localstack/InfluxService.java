package dev.airtrace.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An InfluxDB 1.x server for tests, spoken to with the v1 HTTP protocol ({@code /ping}, {@code
 * /write}, {@code /query}).
 *
 * <p>{@link #start()} attaches to {@value #ENV_URL} when set; otherwise it launches {@code influxd
 * run -config <generated>} with the HTTP API and the RPC bind address on free 127.0.0.1 ports and
 * meta/data/WAL directories in a temporary directory, and waits until {@code /ping} answers 204.
 * Its log is {@link #logFile()}.
 *
 * <p>Ownership: the caller owns the instance and must {@link #close()} it, which stops the child by
 * PID and deletes the temporary directory. Thread-safe: lifecycle methods are synchronized; HTTP
 * helpers may run concurrently.
 */
public final class InfluxService implements AutoCloseable {
  /** Environment variable with the base URL of an external server, e.g. {@code http://h:8086}. */
  public static final String ENV_URL = "INFLUX_URL";

  static final String PACKAGES = "influxdb influxdb-client";

  private static final Logger LOG = LoggerFactory.getLogger(InfluxService.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(10);
  private static final int START_ATTEMPTS = 3;

  private final String url;
  private final int httpPort;
  private final int rpcPort;
  private final ManagedProcess managed; // null when external
  private final String adminUser; // null: authentication disabled
  private final String adminPassword;
  private final TlsFiles.Issued serverCertificate; // null: plain HTTP
  private final HttpClient http;

  private InfluxService(String url, int httpPort, int rpcPort, Path dir, Path binary) {
    this(url, httpPort, rpcPort, dir, binary, null, null, null, null);
  }

  private InfluxService(
      String url,
      int httpPort,
      int rpcPort,
      Path dir,
      Path binary,
      String adminUser,
      String adminPassword,
      TlsFiles ca,
      TlsFiles.Issued serverCertificate) {
    this.adminUser = adminUser;
    this.adminPassword = adminPassword;
    this.serverCertificate = serverCertificate;
    HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2));
    if (ca != null) {
      client.sslContext(ca.sslContext());
    }
    this.http = client.build();
    this.url = url;
    this.httpPort = httpPort;
    this.rpcPort = rpcPort;
    this.managed = dir == null ? null : new ManagedProcess("influxd", dir, d -> launch(binary, d));
  }

  /** Attaches to {@value #ENV_URL} when set, else launches a private {@code influxd}. */
  public static InfluxService start() {
    String external = System.getenv(ENV_URL);
    if (external != null && !external.isBlank()) {
      return attach(external.trim());
    }
    return launch();
  }

  /**
   * Always launches a private {@code influxd}, ignoring {@value #ENV_URL}: for tests that must stop
   * and restart the server (outages), which an external one does not allow.
   */
  public static InfluxService launch() {
    return launchPrivate();
  }

  /**
   * Always launches a private influxd, ignoring {@value #ENV_URL}, with HTTP authentication on
   * ({@code auth-enabled = true}) and one admin user, created before anything else (InfluxDB 1.x
   * allows exactly that unauthenticated request). This object's own calls ({@link #query}, {@link
   * #write}) authenticate as that admin; create further users with {@code CREATE USER} and {@code
   * GRANT}.
   */
  public static InfluxService launchWithAuth(String adminUser, String adminPassword) {
    return launchWithAuth(adminUser, adminPassword, null);
  }

  /**
   * As {@link #launchWithAuth(String, String)}, but influxd serves HTTPS only ({@code https-enabled
   * = true}) with a certificate {@code ca} issues for {@code localhost} and {@code 127.0.0.1};
   * {@link #url()} is {@code https://127.0.0.1:PORT} and this object's own calls trust {@code ca}.
   * Give clients {@link TlsFiles#caCertificate()}.
   */
  public static InfluxService launchWithAuthAndTls(
      String adminUser, String adminPassword, TlsFiles ca) {
    return launchWithAuth(adminUser, adminPassword, ca);
  }

  private static InfluxService launchWithAuth(String adminUser, String adminPassword, TlsFiles ca) {
    Path binary = Binaries.require("influxd", PACKAGES, ENV_URL);
    Orphans.reap("influxd", "influxd");
    TlsFiles.Issued certificate = ca == null ? null : ca.issue("influxd");
    String scheme = ca == null ? "http" : "https";
    InfluxService service =
        ManagedProcess.startFresh(
            "influxd",
            START_ATTEMPTS,
            dir -> {
              int[] ports = FreePorts.pick(2);
              return new InfluxService(
                  scheme + "://127.0.0.1:" + ports[0],
                  ports[0],
                  ports[1],
                  dir,
                  binary,
                  adminUser,
                  adminPassword,
                  ca,
                  certificate);
            },
            s -> s.managed);
    service.send(
        service
            .unauthenticated("/query")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "q="
                        + encode(
                            "CREATE USER "
                                + quoteIdentifier(adminUser)
                                + " WITH PASSWORD '"
                                + adminPassword.replace("'", "\\'")
                                + "' WITH ALL PRIVILEGES")))
            .build(),
        "create admin user");
    return service;
  }

  private HttpRequest.Builder unauthenticated(String path) {
    return HttpRequest.newBuilder(URI.create(url + path))
        .timeout(HTTP_TIMEOUT)
        .header("Content-Type", "application/x-www-form-urlencoded");
  }

  private HttpRequest.Builder authenticated(HttpRequest.Builder request) {
    if (adminUser != null) {
      String basic = adminUser + ":" + adminPassword;
      request.header(
          "Authorization",
          "Basic "
              + java.util.Base64.getEncoder()
                  .encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
    }
    return request;
  }

  private static InfluxService attach(String url) {
    String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    InfluxService service = new InfluxService(base, -1, -1, null, null);
    if (!service.pings()) {
      throw new ServiceStartException(
          ENV_URL + "=" + url + " is set but " + base + "/ping did not answer 204");
    }
    LOG.info("using external InfluxDB at {}", base);
    return service;
  }

  private static InfluxService launchPrivate() {
    Path binary = Binaries.require("influxd", PACKAGES, ENV_URL);
    Orphans.reap("influxd", "influxd");
    return ManagedProcess.startFresh(
        "influxd",
        START_ATTEMPTS,
        dir -> {
          int[] ports = FreePorts.pick(2);
          return new InfluxService("http://127.0.0.1:" + ports[0], ports[0], ports[1], dir, binary);
        },
        s -> s.managed);
  }

  /** Base URL of the HTTP API, e.g. {@code http://127.0.0.1:PORT}; stable across restarts. */
  public String url() {
    return url;
  }

  /** Whether this object attached to an external server instead of running one. */
  public boolean isExternal() {
    return managed == null;
  }

  /** The server's log file; {@code null} when external. */
  public Path logFile() {
    return managed == null ? null : managed.dir().resolve("influxd.log");
  }

  /** Whether the managed process is running. */
  public boolean isRunning() {
    return managed != null && managed.isRunning();
  }

  /** Creates {@code database} if it does not exist (InfluxQL {@code CREATE DATABASE}). */
  public void createDatabase(String database) {
    query(null, "CREATE DATABASE " + quoteIdentifier(database));
  }

  /**
   * Runs an InfluxQL statement via {@code POST /query} and returns the raw JSON response.
   *
   * @param database the {@code db} parameter, or {@code null} for none
   * @throws IllegalStateException on a non-2xx status or a response carrying an {@code error}
   */
  public String query(String database, String influxQl) {
    StringBuilder form = new StringBuilder("q=").append(encode(influxQl));
    if (database != null) {
      form.append("&db=").append(encode(database));
    }
    HttpRequest request =
        authenticated(HttpRequest.newBuilder(URI.create(url + "/query")))
            .timeout(HTTP_TIMEOUT)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form.toString()))
            .build();
    String body = send(request, "query '" + influxQl + "'");
    if (body.contains("\"error\"")) {
      throw new IllegalStateException("InfluxDB rejected '" + influxQl + "': " + body);
    }
    return body;
  }

  /**
   * Writes line protocol to {@code database} via {@code POST /write} (precision ms).
   *
   * @throws IllegalStateException unless InfluxDB answers 204
   */
  public void write(String database, String lineProtocol) {
    HttpRequest request =
        authenticated(
                HttpRequest.newBuilder(
                    URI.create(url + "/write?precision=ms&db=" + encode(database))))
            .timeout(HTTP_TIMEOUT)
            .POST(HttpRequest.BodyPublishers.ofString(lineProtocol, StandardCharsets.UTF_8))
            .build();
    send(request, "write to " + database);
  }

  /** Stops the server (keeping port and data) to simulate an outage; idempotent. */
  public void stop() {
    requireManaged("stop").stop();
  }

  /** Stops the server if it runs and starts it again on the same ports with the same data. */
  public void restart() {
    requireManaged("restart").restart();
  }

  /** Stops the server by PID and deletes its temporary directory; idempotent. */
  @Override
  public void close() {
    if (managed != null) {
      managed.close();
    }
  }

  private NativeProcess launch(Path binary, Path dir) {
    Path config = dir.resolve("influxdb.conf");
    ServiceFiles.write(config, config(dir));
    NativeProcess started =
        NativeProcess.launch(
            "influxd",
            List.of(binary.toString(), "run", "-config", config.toString()),
            dir,
            logFile());
    started.awaitReady(this::pings, START_TIMEOUT, "/ping answering 204 on port " + httpPort);
    return started;
  }

  private String config(Path dir) {
    String d = dir.toString();
    return String.join(
        "\n",
        "reporting-disabled = true",
        "bind-address = \"127.0.0.1:" + rpcPort + "\"",
        "[meta]",
        "  dir = \"" + d + "/meta\"",
        "[data]",
        "  dir = \"" + d + "/data\"",
        "  wal-dir = \"" + d + "/wal\"",
        "  query-log-enabled = false",
        "[http]",
        "  enabled = true",
        "  bind-address = \"127.0.0.1:" + httpPort + "\"",
        "  log-enabled = false",
        "  auth-enabled = " + (adminUser != null),
        "  https-enabled = " + (serverCertificate != null),
        "  https-certificate = \""
            + (serverCertificate == null ? "" : serverCertificate.certificate())
            + "\"",
        "  https-private-key = \""
            + (serverCertificate == null ? "" : serverCertificate.key())
            + "\"",
        "[monitor]",
        "  store-enabled = false",
        "[continuous_queries]",
        "  enabled = false",
        "");
  }

  private boolean pings() {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url + "/ping")).timeout(Duration.ofSeconds(2)).build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 204;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private String send(HttpRequest request, String what) {
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        throw new IllegalStateException(
            "InfluxDB " + what + " failed: HTTP " + response.statusCode() + " " + response.body());
      }
      return response.body();
    } catch (IOException e) {
      throw new IllegalStateException("InfluxDB " + what + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during InfluxDB " + what, e);
    }
  }

  private ManagedProcess requireManaged(String operation) {
    if (managed == null) {
      throw new UnsupportedOperationException(
          operation + " is not possible on the external InfluxDB " + url);
    }
    return managed;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static String quoteIdentifier(String name) {
    return "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
