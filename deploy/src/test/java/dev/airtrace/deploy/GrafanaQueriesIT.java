package dev.airtrace.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airtrace.deploy.Dashboards.Query;
import dev.airtrace.localstack.InfluxService;
import dev.airtrace.localstack.Services;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every query of every provisioned dashboard (panel targets and template variables) against a
 * real influxd seeded with points in the sink's schema, the way Grafana would send it, and checks a
 * few panels' numbers against values computed from the seed.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GrafanaQueriesIT {
  private static final Pattern VARIABLE = Pattern.compile("\\$(\\w+)");
  private static final String LAST_TWO_HOURS = "time > now() - 2h";
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static InfluxService influx;
  private static String database;
  private static SeedData seed;

  @BeforeAll
  static void seedInflux() {
    influx = Services.influx();
    database = "grafana_it_" + System.nanoTime();
    influx.createDatabase(database);
    seed = new SeedData(Instant.now());
    influx.write(database, String.join("\n", seed.lines()));
  }

  static Stream<Query> queries() {
    return Dashboards.allQueries();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("queries")
  void shouldReturnRowsForEveryDashboardQuery(Query query) {
    Map<String, String> variables =
        Map.of(
            "site",
            SeedData.SITES.get(0),
            "device",
            SeedData.device(SeedData.SITES.get(0), 0),
            "quantity",
            "pm2_5");

    Result result = run(interpolate(query.influxQl(), LAST_TWO_HOURS, "1m", variables));

    assertThat(result.rows()).as("rows of %s:\n%s", query, result.raw()).isPositive();
  }

  @Test
  void shouldShowTheLatestHourAqiOfEverySiteAsCurrentAqi() {
    String sql = panelQuery("Air quality by site", "Current AQI");

    Result result = run(interpolate(sql, LAST_TWO_HOURS, "1m", Map.of("site", allSites())));

    Map<String, Double> latest = new HashMap<>();
    for (JsonNode series : result.series()) {
      JsonNode values = series.path("values");
      latest.put(
          series.path("tags").path("siteId").asText(),
          values.get(values.size() - 1).get(1).asDouble());
    }
    Map<String, Double> expected = new HashMap<>();
    for (int s = 0; s < SeedData.SITES.size(); s++) {
      expected.put(SeedData.SITES.get(s), (double) SeedData.aqi(s, 1));
    }
    assertThat(latest).isEqualTo(expected);
  }

  @Test
  void shouldWeightDevicePm25MeanByReadingCount() {
    String sql = panelQuery("Devices", "PM2.5 per device: 1-minute mean, min, max");
    String site = SeedData.SITES.get(1);
    assertThat(seed.windowPm25Mean(1, 0))
        .as("seed discriminates weighting")
        .isNotCloseTo(seed.windowPm25MeanOfMeans(1, 0), within(0.01));

    Result result =
        run(
            interpolate(
                sql,
                windowFilter(),
                "10m",
                Map.of("site", site, "device", SeedData.device(site, 0))));

    assertThat(result.series()).hasSize(1);
    JsonNode row = result.series().get(0).path("values").get(0);
    assertThat(result.series().get(0).path("columns").toString())
        .isEqualTo("[\"time\",\"mean\",\"min\",\"max\"]");
    assertThat(row.get(1).asDouble()).isCloseTo(seed.windowPm25Mean(1, 0), within(1e-9));
    assertThat(row.get(2).asDouble()).isEqualTo(seed.windowPm25Min(1, 0));
    assertThat(row.get(3).asDouble()).isEqualTo(seed.windowPm25Max(1, 0));
  }

  @Test
  void shouldCountEachReadingOnceInReadingsPerMinute() {
    String sql = panelQuery("Devices", "Readings per minute per site");
    assertThat(seed.windowMinuteCount()).isEqualTo(10);
    assertThat(seed.windowReadingsPerMinute())
        .as("seed discriminates")
        .isLessThan(seed.windowQuantityValuesPerMinute());

    Result result = run(interpolate(sql, windowFilter(), "10m", Map.of("site", allSites())));

    assertThat(result.series()).hasSize(SeedData.SITES.size());
    for (JsonNode series : result.series()) {
      assertThat(series.path("values").get(0).get(1).asDouble())
          .as(series.path("tags").toString())
          .isCloseTo(seed.windowReadingsPerMinute(), within(1e-9));
    }
  }

  @Test
  void shouldCountDevicesReportingPerMinute() {
    String sql = panelQuery("Devices", "Devices reporting per minute per site");

    Result result =
        run(interpolate(sql, windowFilter(), "10m", Map.of("site", SeedData.SITES.get(2))));

    assertThat(result.series()).hasSize(1);
    JsonNode row = result.series().get(0).path("values").get(0);
    assertThat(row.get(1).asInt()).as("fewest").isEqualTo(SeedData.DEVICES_PER_SITE);
    assertThat(row.get(2).asInt()).as("most").isEqualTo(SeedData.DEVICES_PER_SITE);
  }

  /** Grafana's rendering of an "All" multi-value variable in an InfluxQL regex. */
  private static String allSites() {
    return "(" + String.join("|", SeedData.SITES) + ")";
  }

  /** Grafana's $timeFilter form for an absolute range: {@code time >= Xms and time <= Yms}. */
  private static String windowFilter() {
    long from = seed.windowStart.toEpochMilli();
    long to = seed.windowStart.plus(SeedData.WINDOW).toEpochMilli() - 1;
    return "time >= " + from + "ms and time <= " + to + "ms";
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
