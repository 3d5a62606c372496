package dev.airtrace.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airtrace.core.GatewayId;
import dev.airtrace.core.aqi.AqiCategory;
import dev.airtrace.deploy.Dashboards.Query;
import dev.airtrace.gateway.EdgeGateway;
import dev.airtrace.gateway.GatewayConfig;
import dev.airtrace.gateway.GatewayStatus;
import dev.airtrace.gateway.GatewayTopics;
import dev.airtrace.localstack.InfluxService;
import dev.airtrace.localstack.KafkaService;
import dev.airtrace.localstack.MosquittoService;
import dev.airtrace.localstack.Services;
import dev.airtrace.localstack.TestWaits;
import dev.airtrace.mqtt.MqttClients;
import dev.airtrace.mqtt.MqttEndpoint;
import dev.airtrace.mqtt.MqttPublisher;
import dev.airtrace.mqtt.MqttPublisherConfig;
import dev.airtrace.processor.ProcessorConfig;
import dev.airtrace.processor.StreamProcessorApp;
import dev.airtrace.simulator.FaultMix;
import dev.airtrace.simulator.SimulationPlan;
import dev.airtrace.simulator.Simulator;
import dev.airtrace.simulator.SimulatorConfig;
import dev.airtrace.sink.influx.standalone.StandaloneSinkWorker;
import dev.airtrace.topics.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every query of every provisioned dashboard (panel targets and template variables) against a
 * real influxd filled by the real pipeline, the way Grafana would send it: the simulator publishes
 * 3 sites x 2 devices x 26 hours over a real mosquitto, and the gateway, the Kafka Streams
 * processor and the InfluxDB sink run against a real Kafka broker and influxd. No copy of the
 * sink's mapping exists here, so a panel that filters on a tag value the pipeline does not write
 * (such as a category spelled {@code moderate} where the processor writes {@code Moderate}) shows
 * nothing and fails.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class GrafanaQueriesIT {
  private static final Pattern VARIABLE = Pattern.compile("\\$(\\w+)");
  private static final Pattern RELATIVE = Pattern.compile("now-(\\d+[smhdw])");
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final int SITES = 3;
  private static final int DEVICES_PER_SITE = 2;
  private static final int HOURS = 26;
  private static final Duration INTERVAL = Duration.ofMinutes(5);
  private static final Duration GRACE = Duration.ofMinutes(20);
  private static final Duration PATIENCE = TestWaits.atMost(Duration.ofMinutes(3));

  /**
   * Hours whose AQI the processor has emitted when the run ends: the data ends at the last full
   * hour H minus one interval, so the window [H-1h, H) is still open (its end plus the grace lies
   * after the stream time) and every earlier one of the 26 is closed.
   */
  private static final int CLOSED_HOURS = HOURS - 1;

  @TempDir static Path work;

  private static InfluxService influx;
  private static String database;
  private static SimulationPlan plan;

  @BeforeAll
  static void runPipeline() throws Exception {
    KafkaService kafka = Services.kafka();
    MosquittoService mosquitto = Services.mosquitto();
    influx = Services.influx();
    String run = TestWaits.uniqueName("gf");
    database = "grafana_it_" + System.nanoTime();
    GatewayTopics gt = GatewayTopics.defaults();
    // One partition keeps event-time order through the processor, so which hours are closed at
    // the end is decided by the data alone (docs/stream-processor.md).
    kafka.createTopics(
        1,
        gt.readings(),
        gt.aggregates(),
        gt.deadLetters(),
        Topics.SITE_HOURLY.name(),
        Topics.SITE_AQI.name(),
        Topics.SITE_FEATURES.name(),
        Topics.SENSOR_QUALITY.name(),
        Topics.PROCESSOR_DEAD_LETTERS.name());

    SimulatorConfig sim =
        SimulatorConfig.builder(SimulatorConfig.startHoursBefore(Instant.now(), HOURS))
            .namespace(run)
            .fleet(SITES, DEVICES_PER_SITE, HOURS)
            .interval(INTERVAL)
            .faults(FaultMix.none())
            .processorGrace(GRACE)
            .build();
    ProcessorConfig pc =
        ProcessorConfig.builder(kafka.bootstrapServers(), work.resolve("processor"))
            .applicationId(run + "-processor")
            .windowGrace(GRACE)
            .qualityScores(true)
            .build();
    GatewayId gatewayId = new GatewayId(run + "-gw");
    GatewayConfig gc =
        GatewayConfig.builder(gatewayId, mosquitto.serverUri(), kafka.bootstrapServers())
            .mqtt(
                GatewayConfig.defaultMqtt(gatewayId, MqttEndpoint.of(mosquitto.serverUri()))
                    .toBuilder()
                    .clientId(run + "-gateway")
                    .build())
            .build();
    try (StreamProcessorApp processor = new StreamProcessorApp(pc);
        StandaloneSinkWorker sink =
            StandaloneSinkWorker.start(
                StandaloneSinkWorker.Options.builder(
                        kafka.bootstrapServers(), work.resolve("sink"), influx.url(), database)
                    .offsetCommitInterval(Duration.ofSeconds(1))
                    .build());
        EdgeGateway gateway = EdgeGateway.create(gc, new SimpleMeterRegistry());
        MqttPublisher publisher =
            MqttClients.publisher(
                MqttPublisherConfig.defaults(
                    MqttEndpoint.of(mosquitto.serverUri()), run + "-sim"))) {
      processor.start();
      gateway.start();
      publisher.start();
      assertThat(processor.awaitRunning(PATIENCE)).isTrue();
      assertThat(publisher.awaitConnected(PATIENCE)).isTrue();

      plan = new Simulator(sim).run(publisher, PATIENCE);

      await()
          .atMost(PATIENCE)
          .until(
              () -> {
                GatewayStatus s = gateway.snapshot();
                return s.accepted() + s.rejectedTotal() >= plan.published() && s.inFlight() == 0;
              });
      assertThat(gateway.snapshot().rejectedTotal()).as("rejected by the gateway").isZero();
      // site_aqi is the last thing the pipeline writes: every closed hour of every site
      await()
          .atMost(PATIENCE)
          .until(() -> count("aqi", SinkSchema.SITE_AQI) >= (long) SITES * CLOSED_HOURS);
      await().atMost(PATIENCE).until(() -> count("mean", SinkSchema.SITE_HOURLY) > 0);
      await().atMost(PATIENCE).until(() -> count("mean", SinkSchema.DEVICE_1M) > 0);
      await().atMost(PATIENCE).until(() -> count("score", SinkSchema.SENSOR_QUALITY) > 0);
    }
  }

  @AfterAll
  static void dropDatabase() {
    if (influx != null && database != null) {
      influx.query(null, "DROP DATABASE " + database);
    }
  }

  /**
   * Every dashboard query except the forecasts dashboard's: this pipeline runs no model serving, so
   * nothing writes forecast_verification or forecast_skill here. Those queries are run against what
   * the real processor + serving + verifier + sink pipeline writes in model-serving's
   * OnlineCorrectionIT instead.
   */
  static Stream<Query> queries() {
    return Dashboards.allQueries().filter(q -> !q.dashboard().equals(FORECASTS_DASHBOARD));
  }

  /** The title of deploy/grafana/dashboards/forecasts.json. */
  static final String FORECASTS_DASHBOARD = "Forecasts";

  @ParameterizedTest(name = "{0}")
  @MethodSource("queries")
  void shouldReturnRowsForEveryDashboardQueryOnWhatThePipelineWrote(Query query) {
    String site = firstTagValue("SHOW TAG VALUES FROM \"site_aqi\" WITH KEY = \"siteId\"");
    String device =
        firstTagValue(
            "SHOW TAG VALUES FROM \"device_1m\" WITH KEY = \"deviceId\" WHERE \"siteId\" = '"
                + site
                + "'");
    Map<String, String> variables = Map.of("site", site, "device", device, "quantity", "pm2_5");

    Result result = run(interpolate(query.influxQl(), defaultTimeFilter(query), "1m", variables));

    assertThat(result.rows()).as("rows of %s:\n%s", query, result.raw()).isPositive();
  }

  @Test
  void shouldShowEverySiteTheSimulatorPublishedInCurrentAqi() {
    String sql = panelQuery("Air quality by site", "Current AQI");

    Result result = run(interpolate(sql, "time > now() - 2d", "1m", Map.of("site", ".*")));

    Set<String> sites =
        result.series().stream()
            .map(s -> s.path("tags").path("siteId").asText())
            .collect(Collectors.toSet());
    assertThat(sites).hasSize(SITES).allMatch(s -> s.startsWith(plan.config().namespace()));
  }

  @Test
  void shouldLabelEveryHourWithTheCategoryOfItsAqiAsTheProcessorSpellsIt() {
    String sql = panelQuery("Air quality by site", "Latest hour: category and dominant pollutant");

    Result result = run(interpolate(sql, "time > now() - 2d", "1h", Map.of("site", ".*")));

    Set<String> labels =
        Arrays.stream(AqiCategory.values()).map(AqiCategory::label).collect(Collectors.toSet());
    int rows = 0;
    for (JsonNode series : result.series()) {
      List<String> columns = new ArrayList<>();
      series.path("columns").forEach(c -> columns.add(c.asText()));
      int aqi = columns.indexOf("AQI");
      int category = columns.indexOf("category");
      for (JsonNode row : series.path("values")) {
        assertThat(row.get(category).asText())
            .isIn(labels)
            .isEqualTo(AqiCategory.of(row.get(aqi).asInt()).label());
        rows++;
      }
    }
    assertThat(rows).isEqualTo(SITES * CLOSED_HOURS);
  }

  /**
   * Grafana's {@code $timeFilter} for the dashboard's default range ({@code now-6h} to {@code
   * now}).
   */
  private static String defaultTimeFilter(Query query) {
    String from = Dashboards.byTitle(query.dashboard()).json().path("time").path("from").asText();
    Matcher m = RELATIVE.matcher(from);
    assertThat(m.matches()).as("default range of %s: %s", query.dashboard(), from).isTrue();
    return "time > now() - " + m.group(1);
  }

  private static String firstTagValue(String influxQl) {
    Result result = run(influxQl);
    assertThat(result.rows()).as(influxQl).isPositive();
    return result.series().get(0).path("values").get(0).get(1).asText();
  }

  private static long count(String field, String measurement) {
    Result result = run("SELECT count(\"" + field + "\") FROM \"" + measurement + "\"");
    return result.series().isEmpty()
        ? 0
        : result.series().get(0).path("values").get(0).get(1).asLong();
  }

  private static String panelQuery(String dashboard, String panel) {
    return Dashboards.panel(dashboard, panel).path("targets").get(0).path("query").asText();
  }

  /** Replaces Grafana's macros and template variables; an unknown variable fails the test. */
  static String interpolate(
      String query, String timeFilter, String interval, Map<String, String> variables) {
    Map<String, String> all = new LinkedHashMap<>(variables);
    all.put("timeFilter", timeFilter);
    all.put("__interval", interval);
    all.put(
        "__interval_ms", String.valueOf(Duration.parse("PT" + interval.toUpperCase()).toMillis()));
    Matcher m = VARIABLE.matcher(query);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = all.get(m.group(1));
      assertThat(value).as("value for $%s in %s", m.group(1), query).isNotNull();
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  private record Result(String raw, List<JsonNode> series) {
    int rows() {
      return series.stream().mapToInt(s -> s.path("values").size()).sum();
    }
  }

  /** GET /query as Grafana's InfluxDB datasource does (httpMode GET); fails on any error. */
  private static Result run(String influxQl) {
    URI uri =
        URI.create(
            influx.url()
                + "/query?db="
                + URLEncoder.encode(database, StandardCharsets.UTF_8)
                + "&epoch=ms&q="
                + URLEncoder.encode(influxQl, StandardCharsets.UTF_8));
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode())
          .as("HTTP status for %s: %s", influxQl, response.body())
          .isEqualTo(200);
      JsonNode body = RepoFiles.JSON.readTree(response.body());
      assertThat(body.path("error").isMissingNode())
          .as("error for %s: %s", influxQl, response.body())
          .isTrue();
      JsonNode result = body.path("results").get(0);
      assertThat(result.path("error").isMissingNode())
          .as("error for %s: %s", influxQl, response.body())
          .isTrue();
      List<JsonNode> series = new ArrayList<>();
      result.path("series").forEach(series::add);
      return new Result(response.body(), series);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
