package dev.airtrace.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.airtrace.core.http.BearerToken;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a component's Micrometer meters in the Prometheus text format on {@code GET /metrics},
 * plus JVM memory, GC, thread and CPU meters, and its {@link Health} as JSON on {@code GET /health}
 * (200 when up, 503 otherwise). Uses the JDK's built-in HTTP server: two small paths do not justify
 * a web framework.
 *
 * <p>With a {@link BearerToken}, {@code /metrics} answers 401 unless the request presents it (a
 * Prometheus scrape job sets {@code authorization: credentials_file}); {@code /health} stays open
 * so that orchestrator probes need no secret, and says no more than the state and a few counts.
 *
 * <p>Thread-safe; close it where it was opened.
 */
final class MetricsEndpoint implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MetricsEndpoint.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final PrometheusMeterRegistry registry;
  private final HttpServer server;
  private final JvmGcMetrics gc = new JvmGcMetrics();

  private MetricsEndpoint(PrometheusMeterRegistry registry, HttpServer server) {
    this.registry = registry;
    this.server = server;
  }

  /**
   * Starts serving on {@code address} ({@code host:port}; port 0 picks a free one), without a token
   * and always healthy.
   *
   * @throws UncheckedIOException when the address cannot be bound
   */
  static MetricsEndpoint start(String address) {
    return start(MetricsOptions.parseAddress(address), Optional.empty(), Health::up);
  }

  /**
   * Starts serving on {@code address} (port 0 picks a free one).
   *
   * @param token required on {@code /metrics} when present
   * @param health asked on every {@code GET /health}; must be cheap and thread-safe
   * @throws UncheckedIOException when the address cannot be bound
   */
  static MetricsEndpoint start(
      InetSocketAddress address, Optional<BearerToken> token, Supplier<Health> health) {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(health, "health");
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    try {
      HttpServer server = HttpServer.create(address, 0);
      MetricsEndpoint endpoint = new MetricsEndpoint(registry, server);
      endpoint.gc.bindTo(registry);
      server.createContext(
          "/metrics",
          exchange -> {
            try (exchange) {
              if (!"GET".equals(exchange.getRequestMethod())) {
                send(exchange, 405, "text/plain; charset=utf-8", "GET only\n");
              } else if (token.isPresent()
                  && !token.get().admits(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.getResponseHeaders().set("WWW-Authenticate", BearerToken.CHALLENGE);
                send(exchange, 401, "text/plain; charset=utf-8", "bearer token required\n");
              } else {
                send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape());
              }
            }
          });
      server.createContext(
          "/health",
          exchange -> {
            try (exchange) {
              Health h = healthOf(health);
              send(
                  exchange,
                  h.status() == Health.Status.UP ? 200 : 503,
                  "application/json",
                  json(h));
            }
          });
      server.start();
      return endpoint;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve metrics on " + address, e);
    }
  }

  private static Health healthOf(Supplier<Health> health) {
    try {
      return health.get();
    } catch (RuntimeException e) {
      // A health check that throws is itself the answer: the component cannot say it is fine.
      LOG.warn("health check failed", e);
      return new Health(Health.Status.DOWN, java.util.Map.of("error", ErrorHandlers.describe(e)));
    }
  }

  private static String json(Health h) {
    try {
      return JSON.writeValueAsString(h.body()) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void send(HttpExchange exchange, int status, String type, String text)
      throws IOException {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /** The registry components register their meters in. */
  PrometheusMeterRegistry registry() {
    return registry;
  }

  /** The port actually bound. */
  int port() {
    return server.getAddress().getPort();
  }

  /** The address actually bound. */
  InetSocketAddress address() {
    return server.getAddress();
  }

  @Override
  public void close() {
    server.stop(0);
    gc.close();
    registry.close();
  }
}
