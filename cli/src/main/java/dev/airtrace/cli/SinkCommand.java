package dev.airtrace.cli;

import dev.airtrace.sink.influx.InfluxSinkConfig;
import dev.airtrace.sink.influx.standalone.StandaloneSinkWorker;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code airtrace sink}: the InfluxDB sink connector on a standalone Kafka Connect worker. */
@Command(
    name = "sink",
    mixinStandardHelpOptions = true,
    description = {
      "Run the InfluxDB sink connector on a standalone Kafka Connect worker: writes 1-minute"
          + " device aggregates, hourly site means and site AQI to InfluxDB (v1 /write protocol).",
      "To run it in an existing Connect cluster instead, see docs/sink.md."
    })
final class SinkCommand implements Callable<Integer> {
  /** Environment variable with the InfluxDB 1.x password. */
  static final String INFLUX_PASSWORD_ENV = "AIRTRACE_INFLUX_PASSWORD";

  /** Environment variable with the InfluxDB 2.x/3.x token. */
  static final String INFLUX_TOKEN_ENV = "AIRTRACE_INFLUX_TOKEN";

  /** User name sent with a token when none is given (2.x/3.x ignore it in v1 compatibility). */
  static final String TOKEN_USER = "airtrace";

  @Mixin KafkaOptions kafka;
  @Mixin MetricsOptions metricsOptions;

  @Option(
      names = "--influx-url",
      defaultValue = "http://127.0.0.1:8086",
      description = "InfluxDB base URL (default: ${DEFAULT-VALUE}).")
  String influxUrl;

  @Option(
      names = "--influx-database",
      defaultValue = "airtrace",
      description = "InfluxDB database (created if missing) (default: ${DEFAULT-VALUE}).")
  String database;

  @Option(
      names = "--influx-username",
      paramLabel = "USER",
      description =
          "InfluxDB 1.x user (with --influx-password-file or "
              + INFLUX_PASSWORD_ENV
              + "); with a token any name works (default: none, or '"
              + TOKEN_USER
              + "' with a token).")
  String influxUsername;

  @Option(
      names = "--influx-password-file",
      paramLabel = "FILE",
      description =
          "File holding the InfluxDB 1.x password; without it the password comes from "
              + INFLUX_PASSWORD_ENV
              + ".")
  Path influxPasswordFile;

  @Option(
      names = "--influx-token-file",
      paramLabel = "FILE",
      description =
          "File holding an InfluxDB 2.x/3.x API token, sent as the v1-compatibility password;"
              + " without it the token comes from "
              + INFLUX_TOKEN_ENV
              + ". Not together with a password.")
  Path influxTokenFile;

  @Option(
      names = "--influx-ca",
      paramLabel = "FILE",
      description =
          "PEM file with the CA certificate(s) that sign an https:// InfluxDB's certificate (a"
              + " private CA); the host name must match it (env AIRTRACE_INFLUX_CA; default: the"
              + " JVM's trust store).")
  Path influxCa;

  /** Where the InfluxDB secrets' variables come from; tests replace it. */
  Map<String, String> environment = System.getenv();

  @Option(
      names = "--state-dir",
      defaultValue = "airtrace-state/sink",
      description = "Directory for the worker's offset file (default: ${DEFAULT-VALUE}).")
  Path stateDir;

  @Override
  public Integer call() throws Exception {
    UntilStopped stop = new UntilStopped();
    try (StandaloneSinkWorker worker =
            StandaloneSinkWorker.start(
                StandaloneSinkWorker.Options.builder(kafka.bootstrap, stateDir, influxUrl, database)
                    .kafkaClient(kafka.clientProperties())
                    .connectorSettings(influxConnection())
                    .build());
        MetricsEndpoint metrics =
            metricsOptions.startOrNull("sink", () -> SinkTelemetry.health(worker))) {
      if (metrics != null) {
        SinkTelemetry.bind(worker, metrics.registry());
      }
      System.err.println("airtrace sink: connector " + worker.connectorName() + " running");
      Optional<Throwable> failure =
          stop.awaitOrFailure(
              () -> {
                StandaloneSinkWorker.Status s = worker.status();
                return s.hasFailed()
                    ? Optional.of(
                        new IllegalStateException("connector failed: " + summary(s.trace())))
                    : Optional.empty();
              });
      if (failure.isPresent()) {
        // Offsets were committed only for what InfluxDB acknowledged; a restart resumes there.
        System.err.println("airtrace sink failed: " + failure.get().getMessage());
        return 1;
      }
    } finally {
      stop.closed();
    }
    return 0;
  }

  /** {@link #influxCredentials()} plus the connector's CA file from --influx-ca. */
  Map<String, String> influxConnection() {
    Map<String, String> settings = new HashMap<>(influxCredentials());
    if (influxCa != null) {
      settings.put(InfluxSinkConfig.CA_FILE, influxCa.toString());
    }
    return settings;
  }

  /**
   * The connector's {@code influx.username} and {@code influx.password}: a 1.x user and password,
   * or a 2.x/3.x token as the v1-compatibility password; empty for an InfluxDB without auth.
   *
   * @throws IllegalArgumentException when both a password and a token are given, or a password
   *     without a user
   */
  Map<String, String> influxCredentials() {
    Optional<String> password = Secrets.read(influxPasswordFile, INFLUX_PASSWORD_ENV, environment);
    Optional<String> token = Secrets.read(influxTokenFile, INFLUX_TOKEN_ENV, environment);
    if (password.isPresent() && token.isPresent()) {
      throw new IllegalArgumentException(
          "give an InfluxDB password (1.x) or a token (2.x/3.x), not both");
    }
    if (token.isPresent()) {
      return Map.of(
          InfluxSinkConfig.USERNAME,
          influxUsername == null ? TOKEN_USER : influxUsername,
          InfluxSinkConfig.PASSWORD,
          token.get());
    }
    if (password.isPresent() && influxUsername == null) {
      throw new IllegalArgumentException("an InfluxDB password needs --influx-username");
    }
    Map<String, String> credentials = new HashMap<>();
    if (influxUsername != null) {
      credentials.put(InfluxSinkConfig.USERNAME, influxUsername);
      password.ifPresent(p -> credentials.put(InfluxSinkConfig.PASSWORD, p));
    }
    return credentials;
  }

  /**
   * One line out of a failed task's stack trace (Connect logs the whole trace already): the direct
   * cause of Connect's "Exiting WorkerSinkTask", which is the sink's own message (e.g. "InfluxDB
   * write of 1 points failed: authorization failed (not retriable: ...)"), else the first line.
   */
  static String summary(String trace) {
    if (trace == null || trace.isBlank()) {
      return "no trace";
    }
    String[] lines = trace.split("\\R");
    for (String line : lines) {
      if (line.startsWith("Caused by: ")) {
        return line.substring("Caused by: ".length());
      }
    }
    return lines[0];
  }
}
