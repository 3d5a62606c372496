package dev.airtrace.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airtrace.inference.InferenceConfig;
import dev.airtrace.serving.batching.ServingBatchConfig;
import dev.airtrace.serving.model.RepositoryModelSource;
import dev.airtrace.serving.testdata.Golden;
import dev.airtrace.serving.testdata.InferBody;
import dev.airtrace.serving.testdata.Repositories;
import dev.airtrace.serving.testdata.TestModels;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hot reload under load: clients keep sending requests while a new version is dropped into the
 * repository and then a broken one; not one request fails, the new version takes over, the broken
 * one is refused and the good one keeps serving.
 */
@Timeout(180)
class HotReloadIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int CLIENTS = 4;
  private static final int ROW = Golden.HOURS * Golden.CHANNELS;

  @TempDir Path dir;

  @Test
  void shouldSwapInANewVersionAndRefuseABrokenOneWithoutFailingARequest() throws Exception {
    Path repo = Repositories.withVersions(dir.resolve("repo"), 2);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    float[] row = Golden.rows(Golden.input(TestModels.REPOSITORY, 1), ROW, 0, 1);
    String body = InferBody.features(1, row).json();
    Map<String, AtomicLong> answeredBy = new ConcurrentHashMap<>();
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    HttpClient http = HttpClient.newHttpClient();
    try (RepositoryModelSource source =
            RepositoryModelSource.open(
                InferenceConfig.cpu(),
                repo,
                TestModels.FORECASTER,
                Duration.ofMillis(200),
                registry);
        ModelServer server =
            ModelServer.start(
                ServingConfig.builder()
                    .repository(repo, TestModels.FORECASTER)
                    .batcher(ServingBatchConfig.builder().maxBatch(8).build())
                    .http(new InetSocketAddress("127.0.0.1", 0))
                    .build(),
                source,
                registry,
                null)) {
      await().atMost(TestModels.atMost(Duration.ofSeconds(30))).until(server::ready);
      URI infer =
          URI.create("http://127.0.0.1:" + server.httpPort() + "/v2/models/pm25-forecast/infer");
      List<Future<?>> load = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        load.add(
            clients.submit(
                () -> {
                  while (!Thread.currentThread().isInterrupted()) {
                    try {
                      HttpResponse<String> r =
                          http.send(
                              HttpRequest.newBuilder(infer)
                                  .POST(HttpRequest.BodyPublishers.ofString(body))
                                  .build(),
                              HttpResponse.BodyHandlers.ofString());
                      if (r.statusCode() != 200) {
                        failures.add(r.statusCode() + " " + r.body());
                      } else {
                        String v = JSON.readTree(r.body()).get("model_version").asText();
                        answeredBy.computeIfAbsent(v, k -> new AtomicLong()).incrementAndGet();
                      }
                    } catch (InterruptedException e) {
                      return;
                    } catch (Exception e) {
                      failures.add(e.toString());
                    }
                  }
                }));
      }
      await()
          .atMost(TestModels.atMost(Duration.ofSeconds(30)))
          .until(() -> answeredBy.getOrDefault("2", new AtomicLong()).get() > 50);

      Repositories.copyVersion(TestModels.REPOSITORY, repo, 1, 3);
      await()
          .atMost(TestModels.atMost(Duration.ofSeconds(30)))
          .until(() -> answeredBy.getOrDefault("3", new AtomicLong()).get() > 50);

      Repositories.dropBrokenVersion(repo, 1, 4);
      await()
          .atMost(TestModels.atMost(Duration.ofSeconds(30)))
          .until(
              () ->
                  registry.counter("airtrace.serving.model.reloads", "outcome", "failure").count()
                      >= 1);
      long servedBy3 = answeredBy.get("3").get();
      await()
          .atMost(TestModels.atMost(Duration.ofSeconds(30)))
          .until(() -> answeredBy.get("3").get() > servedBy3 + 50);

      load.forEach(f -> f.cancel(true));
      clients.shutdown();
      assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

      assertThat(failures).isEmpty();
      assertThat(answeredBy).containsOnlyKeys("2", "3");
      assertThat(registry.counter("airtrace.serving.model.reloads", "outcome", "success").count())
          .isEqualTo(2);
      JsonNode meta =
          JSON.readTree(
              http.send(
                      HttpRequest.newBuilder(
                              URI.create(
                                  "http://127.0.0.1:"
                                      + server.httpPort()
                                      + "/v2/models/pm25-forecast"))
                          .build(),
                      HttpResponse.BodyHandlers.ofString())
                  .body());
      assertThat(meta.get("versions").toString()).isEqualTo("[\"3\"]");
      JsonNode answer =
          JSON.readTree(
              http.send(
                      HttpRequest.newBuilder(infer)
                          .POST(HttpRequest.BodyPublishers.ofString(body))
                          .build(),
                      HttpResponse.BodyHandlers.ofString())
                  .body());
      float[] v1Golden = Golden.output(TestModels.REPOSITORY, 1);
      for (int h = 0; h < Golden.HORIZONS; h++) {
        assertThat(answer.get("outputs").get(0).get("data").get(h).floatValue())
            .isCloseTo(v1Golden[h], within(1e-4f));
      }
    } finally {
      clients.shutdownNow();
    }
  }
}
