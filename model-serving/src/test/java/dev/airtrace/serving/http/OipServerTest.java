package dev.airtrace.serving.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airtrace.inference.InferenceConfig;
import dev.airtrace.serving.ModelServer;
import dev.airtrace.serving.ServingConfig;
import dev.airtrace.serving.batching.ServingBatchConfig;
import dev.airtrace.serving.model.RepositoryModelSource;
import dev.airtrace.serving.testdata.Golden;
import dev.airtrace.serving.testdata.InferBody;
import dev.airtrace.serving.testdata.Repositories;
import dev.airtrace.serving.testdata.TestModels;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OIP endpoint against the documented JSON, with a plain HTTP client and the stand-in
 * forecaster on the CPU (versions 1 and 2 in the repository: version 2 serves).
 */
@Timeout(120)
class OipServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final double TOLERANCE = 1e-4;
  private static final int ROW = Golden.HOURS * Golden.CHANNELS;

  @TempDir static Path dir;
  private static RepositoryModelSource source;
  private static ModelServer server;
  private static PrometheusMeterRegistry registry;
  private static Path repository;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    repository = Repositories.withVersions(dir.resolve("repo"), 1, 2);
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    source =
        RepositoryModelSource.open(
            InferenceConfig.cpu(), repository, TestModels.FORECASTER, Duration.ZERO, registry);
    ServingConfig config =
        ServingConfig.builder()
            .repository(repository, TestModels.FORECASTER)
            .inference(InferenceConfig.cpu())
            .batcher(ServingBatchConfig.builder().maxBatch(4).build())
            .http(new InetSocketAddress("127.0.0.1", 0))
            .reloadInterval(Duration.ofMillis(100))
            .build();
    server = ModelServer.start(config, source, registry, registry::scrape);
    org.awaitility.Awaitility.await()
        .atMost(TestModels.atMost(Duration.ofSeconds(30)))
        .until(server::ready);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (source != null) {
      source.close();
    }
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String path, String body) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.httpPort() + path);
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body());
  }

  private static void assertOutputsMatchGolden(JsonNode out, int from, int to) {
    float[] expected = Golden.rows(Golden.output(repository, 2), Golden.HORIZONS, from, to);
    assertThat(out.get("name").asText()).isEqualTo("pm2_5");
    assertThat(out.get("datatype").asText()).isEqualTo("FP32");
    assertThat(out.get("shape").toString())
        .isEqualTo("[" + (to - from) + "," + Golden.HORIZONS + "]");
    assertThat(out.get("data")).hasSize(expected.length);
    for (int i = 0; i < expected.length; i++) {
      assertThat(out.get("data").get(i).floatValue())
          .isCloseTo(expected[i], within((float) TOLERANCE));
    }
  }

  @Test
  void shouldAnswerGoldenOutputsForAFlatBatchRequestAndEchoTheId() throws Exception {
    String body = InferBody.features(Golden.ROWS, Golden.input(repository, 2)).id("req-42").json();

    HttpResponse<String> r = post("/v2/models/pm25-forecast/infer", body);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode j = json(r);
    assertThat(j.get("model_name").asText()).isEqualTo("pm25-forecast");
    assertThat(j.get("model_version").asText()).isEqualTo("2");
    assertThat(j.get("id").asText()).isEqualTo("req-42");
    assertThat(j.get("parameters").get("accelerator").asText()).isEqualTo("ort-cpu");
    assertThat(j.get("outputs")).hasSize(1);
    assertOutputsMatchGolden(j.get("outputs").get(0), 0, Golden.ROWS);
  }

  @Test
  void shouldAcceptNestedDataAndAPinnedVersion() throws Exception {
    float[] rows = Golden.rows(Golden.input(repository, 2), ROW, 2, 5);
    String body = InferBody.features(3, rows).nested().onlyOutput("pm2_5").json();

    HttpResponse<String> r = post("/v2/models/pm25-forecast/versions/2/infer", body);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(json(r).has("id")).isFalse();
    assertOutputsMatchGolden(json(r).get("outputs").get(0), 2, 5);
  }

  @Test
  void shouldSplitConcurrentRequestsBackToTheirOwnRows() throws Exception {
    float[] input = Golden.input(repository, 2);
    var futures =
        new java.util.ArrayList<java.util.concurrent.CompletableFuture<HttpResponse<String>>>();
    for (int i = 0; i < Golden.ROWS; i++) {
      String body = InferBody.features(1, Golden.rows(input, ROW, i, i + 1)).id("r" + i).json();
      futures.add(
          HTTP.sendAsync(
              HttpRequest.newBuilder(uri("/v2/models/pm25-forecast/infer"))
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString()));
    }

    for (int i = 0; i < Golden.ROWS; i++) {
      HttpResponse<String> r = futures.get(i).get();
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(json(r).get("id").asText()).isEqualTo("r" + i);
      assertOutputsMatchGolden(json(r).get("outputs").get(0), i, i + 1);
    }
  }

  @Test
  void shouldReportHealthMetadataAndReadiness() throws Exception {
    assertThat(get("/v2/health/live").statusCode()).isEqualTo(200);
    assertThat(json(get("/v2/health/live")).get("live").asBoolean()).isTrue();
    assertThat(get("/v2/health/ready").statusCode()).isEqualTo(200);
    assertThat(get("/v2/models/pm25-forecast/ready").statusCode()).isEqualTo(200);
    assertThat(get("/v2/models/pm25-forecast/versions/2/ready").statusCode()).isEqualTo(200);
    assertThat(get("/v2/models/pm25-forecast/versions/1/ready").statusCode()).isEqualTo(400);

    JsonNode meta = json(get("/v2/models/pm25-forecast"));
    assertThat(meta.get("name").asText()).isEqualTo("pm25-forecast");
    assertThat(meta.get("versions").toString()).isEqualTo("[\"2\"]");
    assertThat(meta.get("platform").asText()).isEqualTo("onnxruntime_onnx");
    assertThat(meta.get("inputs").toString())
        .isEqualTo("[{\"name\":\"features\",\"datatype\":\"FP32\",\"shape\":[-1,48,8]}]");
    assertThat(meta.get("outputs").toString())
        .isEqualTo("[{\"name\":\"pm2_5\",\"datatype\":\"FP32\",\"shape\":[-1,6]}]");
    assertThat(meta.get("parameters").get("accelerator").asText()).isEqualTo("ort-cpu");
    assertThat(get("/v2/models/pm25-forecast/versions/2").statusCode()).isEqualTo(200);
    assertThat(json(get("/v2")).get("name").asText()).isEqualTo("airtrace-model-serving");
  }

  @Test
  void shouldAnswerProtocolErrorsWithAnErrorBodyAndNoStackTrace() throws Exception {
    float[] one = Golden.rows(Golden.input(repository, 2), ROW, 0, 1);
    record Case(String path, String body, int status, String message) {}
    var cases =
        java.util.List.of(
            new Case(
                "/v2/models/nope/infer", InferBody.features(1, one).json(), 404, "unknown model"),
            new Case(
                "/v2/models/pm25-forecast/versions/7/infer",
                InferBody.features(1, one).json(),
                404,
                "version 7 is not served"),
            new Case("/v2/models/pm25-forecast/infer", "{not json", 400, "not JSON"),
            new Case("/v2/models/pm25-forecast/infer", "{\"inputs\":[]}", 400, "exactly one"),
            new Case(
                "/v2/models/pm25-forecast/infer",
                InferBody.features(1, one).datatype("INT64").json(),
                400,
                "FP32"),
            new Case(
                "/v2/models/pm25-forecast/infer",
                InferBody.features(1, one).name("window").json(),
                400,
                "expected \\\"features\\\""),
            new Case(
                "/v2/models/pm25-forecast/infer",
                InferBody.features(1, one).shape(1, 64, 6).json(),
                400,
                "shape [1, 64, 6]"),
            new Case(
                "/v2/models/pm25-forecast/infer",
                InferBody.features(1, one).shape(2, 48, 8).json(),
                400,
                "needs 768 values but data has 384"),
            new Case(
                "/v2/models/pm25-forecast/infer",
                InferBody.features(1, one).onlyOutput("pm10").json(),
                400,
                "unknown output"));

    for (Case c : cases) {
      HttpResponse<String> r = post(c.path(), c.body());
      assertThat(r.statusCode()).as(c.path() + " " + r.body()).isEqualTo(c.status());
      assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
      JsonNode j = json(r);
      assertThat(j.fieldNames()).toIterable().containsExactly("error");
      assertThat(j.get("error").asText())
          .contains(c.message().replace("\\\"", "\""))
          .doesNotContain("\tat ");
    }
    assertThat(get("/v2/models/pm25-forecast/infer").statusCode()).isEqualTo(405);
    assertThat(get("/v2/nothing").statusCode()).isEqualTo(404);
    assertThat(get("/v2/models/pm25-forecast/versions/1").statusCode()).isEqualTo(404);
  }

  @Test
  void shouldServePrometheusMetrics() throws Exception {
    post(
        "/v2/models/pm25-forecast/infer",
        InferBody.features(1, Golden.rows(Golden.input(repository, 2), ROW, 0, 1)).json());

    HttpResponse<String> r = get("/metrics");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body())
        .contains("airtrace_serving_batch_size_rows_bucket")
        .contains("airtrace_serving_queue_depth")
        .contains("airtrace_serving_latency_seconds_bucket")
        .contains("airtrace_serving_inferences_rows_total")
        .contains("airtrace_serving_accelerator{backend=\"ort-cpu\",device=\"ort-cpu\"} 1.0")
        .contains("airtrace_serving_model_version{model=\"pm25-forecast\"} 2.0")
        .contains("airtrace_serving_model_reloads_total{outcome=\"success\"}");
  }
}
