package dev.airtrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class MetricsEndpointTest {
  @Test
  void shouldServeRegisteredMetersInPrometheusFormat() throws Exception {
    try (MetricsEndpoint endpoint = MetricsEndpoint.start("127.0.0.1:0")) {
      Counter.builder("airtrace.test.readings").register(endpoint.registry()).increment(3);
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
      assertThat(r.body())
          .contains("airtrace_test_readings_total 3.0")
          .contains("jvm_memory_used_bytes");
    }
  }
}
