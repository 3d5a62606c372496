package dev.airtrace.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airtrace.core.http.BearerToken;
import io.micrometer.core.instrument.Counter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class MetricsEndpointTest {
  private static final BearerToken TOKEN = BearerToken.of("scrape-token-0123456789");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static HttpResponse<String> get(MetricsEndpoint endpoint, String path, String auth)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + path));
    if (auth != null) {
      request.header("Authorization", auth);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static MetricsEndpoint loopback(Optional<BearerToken> token, AtomicReference<Health> h) {
    return MetricsEndpoint.start(new InetSocketAddress("127.0.0.1", 0), token, h::get);
  }

  @Test
  void shouldServeRegisteredMetersInPrometheusFormat() throws Exception {
    try (MetricsEndpoint endpoint = MetricsEndpoint.start("127.0.0.1:0")) {
      Counter.builder("airtrace.test.readings").register(endpoint.registry()).increment(3);
      HttpResponse<String> r = get(endpoint, "/metrics", null);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
      assertThat(r.body())
          .contains("airtrace_test_readings_total 3.0")
          .contains("jvm_memory_used_bytes");
    }
  }

  @Test
  void shouldAnswer401WithAChallengeWhenATokenIsConfiguredAndNotPresented() throws Exception {
    try (MetricsEndpoint endpoint =
        loopback(Optional.of(TOKEN), new AtomicReference<>(Health.up()))) {
      HttpResponse<String> none = get(endpoint, "/metrics", null);
      HttpResponse<String> wrong = get(endpoint, "/metrics", "Bearer not-the-scrape-token-0");
      assertThat(none.statusCode()).isEqualTo(401);
      assertThat(none.headers().firstValue("WWW-Authenticate")).contains(BearerToken.CHALLENGE);
      assertThat(none.body()).doesNotContain("jvm_");
      assertThat(wrong.statusCode()).isEqualTo(401);
    }
  }

  @Test
  void shouldServeMetricsToACallerPresentingTheToken() throws Exception {
    try (MetricsEndpoint endpoint =
        loopback(Optional.of(TOKEN), new AtomicReference<>(Health.up()))) {
      HttpResponse<String> r = get(endpoint, "/metrics", TOKEN.authorizationHeader());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("jvm_memory_used_bytes");
    }
  }

  @Test
  void shouldAnswerHealthWithoutTokenAnd200OnlyWhileUp() throws Exception {
    AtomicReference<Health> health =
        new AtomicReference<>(new Health(Health.Status.STARTING, Map.of("streams", "REBALANCING")));
    try (MetricsEndpoint endpoint = loopback(Optional.of(TOKEN), health)) {
      HttpResponse<String> starting = get(endpoint, "/health", null);
      assertThat(starting.statusCode()).isEqualTo(503);
      assertThat(starting.body())
          .isEqualTo("{\"status\":\"STARTING\",\"streams\":\"REBALANCING\"}\n");

      health.set(new Health(Health.Status.UP, Map.of("streams", "RUNNING")));
      HttpResponse<String> up = get(endpoint, "/health", null);
      assertThat(up.statusCode()).isEqualTo(200);
      assertThat(up.body()).isEqualTo("{\"status\":\"UP\",\"streams\":\"RUNNING\"}\n");
    }
  }

  @Test
  void shouldReportDownWhenTheHealthCheckItselfThrows() throws Exception {
    try (MetricsEndpoint endpoint =
        MetricsEndpoint.start(
            new InetSocketAddress("127.0.0.1", 0),
            Optional.empty(),
            () -> {
              throw new IllegalStateException("admin client closed");
            })) {
      HttpResponse<String> r = get(endpoint, "/health", null);
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.body()).contains("\"status\":\"DOWN\"").contains("admin client closed");
    }
  }

  @Test
  void shouldBindTheLoopbackInterfaceByDefault() {
    MetricsOptions options = new MetricsOptions();
    options.bind = MetricsOptions.DEFAULT_BIND;
    options.port = 0;
    assertThat(options.socketAddress())
        .hasValueSatisfying(a -> assertThat(a.getAddress().isLoopbackAddress()).isTrue());
  }

  @Test
  void shouldBeOffWithoutAPort() {
    MetricsOptions options = new MetricsOptions();
    options.bind = MetricsOptions.DEFAULT_BIND;
    assertThat(options.socketAddress()).isEmpty();
  }

  @Test
  void shouldReadTheTokenFromTheEnvironmentWhenNoFileIsNamed() {
    MetricsOptions options = new MetricsOptions();
    assertThat(options.token(Map.of(MetricsOptions.TOKEN_ENV, "scrape-token-0123456789\n")))
        .hasValueSatisfying(t -> assertThat(t.admits(TOKEN.authorizationHeader())).isTrue());
    assertThat(options.token(Map.of())).isEmpty();
  }

  @Test
  void shouldRefuseAMalformedAddress() {
    assertThatThrownBy(() -> MetricsOptions.parseAddress("9464")).hasMessageContaining("host:port");
  }
}
