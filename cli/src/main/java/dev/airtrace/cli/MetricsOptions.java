package dev.airtrace.cli;

import dev.airtrace.core.http.BearerToken;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/**
 * The {@code /metrics} + {@code /health} endpoint options shared by every long-running command: off
 * unless a port is given, bound to the loopback interface unless told otherwise, optionally guarded
 * by a bearer token read from a file or {@value #TOKEN_ENV} (never the command line).
 */
final class MetricsOptions {
  /** Interface the endpoint binds by default: this host only. */
  static final String DEFAULT_BIND = "127.0.0.1";

  /** Environment variable holding the {@code /metrics} bearer token, when no file is named. */
  static final String TOKEN_ENV = ConfigDefaults.ENV_PREFIX + "METRICS_TOKEN";

  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      description =
          "Serve Prometheus /metrics and JSON /health on this port (0: any free port); off when"
              + " not given.")
  Integer port;

  @Option(
      names = "--metrics-bind",
      paramLabel = "HOST",
      defaultValue = DEFAULT_BIND,
      description =
          "Interface the metrics endpoint binds; 0.0.0.0 for every interface (default:"
              + " ${DEFAULT-VALUE}, this host only).")
  String bind;

  @Option(
      names = "--metrics-address",
      paramLabel = "HOST:PORT",
      description = "Same as --metrics-bind HOST --metrics-port PORT.")
  String address;

  @Option(
      names = "--metrics-token-file",
      paramLabel = "FILE",
      description =
          "Require this bearer token (file content) on /metrics; also "
              + TOKEN_ENV
              + ". /health stays open for probes.")
  Path tokenFile;

  /** Where to serve, or empty when the endpoint is off. */
  Optional<InetSocketAddress> socketAddress() {
    if (address != null && !address.isBlank()) {
      return Optional.of(parseAddress(address));
    }
    if (port == null) {
      return Optional.empty();
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("--metrics-port must be in [0, 65535] but was " + port);
    }
    return Optional.of(new InetSocketAddress(bind, port));
  }

  /** The token {@code /metrics} requires, if one is configured. */
  Optional<BearerToken> token(Map<String, String> env) {
    if (tokenFile != null) {
      return Optional.of(BearerToken.fromFile(tokenFile));
    }
    String fromEnv = env.get(TOKEN_ENV);
    return fromEnv == null || fromEnv.isBlank()
        ? Optional.empty()
        : Optional.of(BearerToken.of(fromEnv.strip()));
  }

  /**
   * Starts the endpoint these options describe, or returns {@code null} when it is off.
   *
   * @param component named in the line printed to stderr
   */
  MetricsEndpoint startOrNull(String component, Supplier<Health> health) {
    Optional<InetSocketAddress> where = socketAddress();
    if (where.isEmpty()) {
      return null;
    }
    Optional<BearerToken> token = token(System.getenv());
    MetricsEndpoint endpoint = MetricsEndpoint.start(where.get(), token, health);
    System.err.println(
        "airtrace "
            + component
            + ": /metrics"
            + (token.isPresent() ? " (bearer token)" : "")
            + " and /health on "
            + endpoint.address().getHostString()
            + ":"
            + endpoint.port());
    return endpoint;
  }

  /** {@code host:port} as a socket address. */
  static InetSocketAddress parseAddress(String address) {
    int colon = address.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("metrics address must be host:port but was " + address);
    }
    String host = address.substring(0, colon);
    int port;
    try {
      port = Integer.parseInt(address.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("metrics address must be host:port but was " + address);
    }
    return new InetSocketAddress(host.isEmpty() ? DEFAULT_BIND : host, port);
  }
}
