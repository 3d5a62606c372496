package dev.airtrace.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.airtrace.core.http.BearerToken;
import dev.airtrace.localstack.InfluxService;
import dev.airtrace.localstack.KafkaService;
import dev.airtrace.localstack.Services;
import dev.airtrace.localstack.TestWaits;
import dev.airtrace.processor.ProcessorConfig;
import dev.airtrace.processor.StreamProcessorApp;
import dev.airtrace.sink.influx.standalone.StandaloneSinkWorker;
import dev.airtrace.topics.Topics;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The processor's and the sink's {@code /health} and {@code /metrics} on a real Kafka broker (and a
 * real influxd for the sink), read over HTTP as an orchestrator and Prometheus would.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class TelemetryEndpointsIT {
  private static final Duration PATIENCE = TestWaits.atMost(Duration.ofMinutes(2));
  private static final BearerToken TOKEN = BearerToken.of("scrape-token-0123456789");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path work;

  private static HttpResponse<String> get(MetricsEndpoint endpoint, String path, String auth)
      throws Exception {
    HttpRequest.Builder r =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + path));
    if (auth != null) {
      r.header("Authorization", auth);
    }
    return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void shouldReportTheProcessorUpWithItsStreamsStateAndLagOnceRunning() throws Exception {
    KafkaService kafka = Services.kafka();
    kafka.createTopics(
        1,
        Topics.READINGS.name(),
        Topics.SITE_HOURLY.name(),
        Topics.SITE_AQI.name(),
        Topics.SITE_FEATURES.name(),
        Topics.PROCESSOR_DEAD_LETTERS.name());
    ProcessorConfig config =
        ProcessorConfig.builder(kafka.bootstrapServers(), work.resolve("processor"))
            .applicationId(TestWaits.uniqueName("telemetry-processor"))
            .build();
    try (StreamProcessorApp app = new StreamProcessorApp(config);
        MetricsEndpoint endpoint =
            MetricsEndpoint.start(
                new InetSocketAddress("127.0.0.1", 0),
                Optional.of(TOKEN),
                () -> ProcessorTelemetry.health(app))) {
      ProcessorTelemetry.bind(app, endpoint.registry());
      HttpResponse<String> before = get(endpoint, "/health", null);
      assertThat(before.statusCode()).isEqualTo(503);
      assertThat(before.body()).contains("\"status\":\"STARTING\"").contains("CREATED");

      app.start();

      await()
          .atMost(PATIENCE)
          .untilAsserted(
              () -> {
                HttpResponse<String> h = get(endpoint, "/health", null);
                assertThat(h.statusCode()).as(h.body()).isEqualTo(200);
                assertThat(h.body())
                    .contains("\"status\":\"UP\"")
                    .contains("\"streams\":\"RUNNING\"")
                    .contains("\"lagRecords\":0");
              });
      assertThat(get(endpoint, "/metrics", null).statusCode()).isEqualTo(401);
      HttpResponse<String> metrics = get(endpoint, "/metrics", TOKEN.authorizationHeader());
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body())
          .contains("airtrace_processor_state{state=\"RUNNING\"} 1.0")
          .contains("airtrace_processor_state{state=\"ERROR\"} 0.0")
          .contains("airtrace_processor_lag_records ")
          .contains("airtrace_processor_records_processed_total ")
          .contains("airtrace_processor_deadletters_total ")
          .contains("airtrace_processor_failed 0.0");
    }
  }

  @Test
  void shouldReportTheSinkUpWithRunningTasksAndItsLag() throws Exception {
    KafkaService kafka = Services.kafka();
    InfluxService influx = Services.influx();
    kafka.createTopics(
        1,
        Topics.AGGREGATES_1M.name(),
        Topics.SITE_HOURLY.name(),
        Topics.SITE_AQI.name(),
        Topics.FORECASTS.name());
    StandaloneSinkWorker.Options options =
        StandaloneSinkWorker.Options.builder(
                kafka.bootstrapServers(),
                work.resolve("sink"),
                influx.url(),
                TestWaits.uniqueName("telemetry").replace('-', '_'))
            .connectorName(TestWaits.uniqueName("telemetry-sink"))
            .build();
    try (StandaloneSinkWorker worker = StandaloneSinkWorker.start(options);
        MetricsEndpoint endpoint =
            MetricsEndpoint.start(
                new InetSocketAddress("127.0.0.1", 0),
                Optional.empty(),
                () -> SinkTelemetry.health(worker))) {
      SinkTelemetry.bind(worker, endpoint.registry());

      await()
          .atMost(PATIENCE)
          .untilAsserted(
              () -> {
                HttpResponse<String> h = get(endpoint, "/health", null);
                assertThat(h.statusCode()).as(h.body()).isEqualTo(200);
                assertThat(h.body())
                    .contains("\"status\":\"UP\"")
                    .contains("\"connector\":\"RUNNING\"")
                    .contains("\"tasks\":[\"RUNNING\"]");
              });
      // Records other tests left in the shared topics are read first: the lag reaches 0 then.
      await()
          .atMost(PATIENCE)
          .untilAsserted(
              () -> {
                HttpResponse<String> metrics = get(endpoint, "/metrics", null);
                assertThat(metrics.statusCode()).isEqualTo(200);
                assertThat(metrics.body())
                    .contains("airtrace_sink_connector_running 1.0")
                    .contains("airtrace_sink_tasks{state=\"RUNNING\"} 1.0")
                    .contains("airtrace_sink_tasks{state=\"FAILED\"} 0.0")
                    .contains("airtrace_sink_lag_records 0.0")
                    .contains("airtrace_sink_records_read_total ")
                    .contains("airtrace_sink_errors_total ");
              });
    }
  }
}
