package dev.airtrace.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airtrace.core.Quantity;
import dev.airtrace.deploy.Dashboards.Dashboard;
import dev.airtrace.deploy.Dashboards.Query;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Static checks of the provisioned Grafana material; GrafanaQueriesIT runs the queries. */
class GrafanaDashboardsTest {
  static final String AIR_QUALITY = "Air quality by site";
  static final String DEVICES = "Devices";

  private static final Pattern IDENTIFIER = Pattern.compile("\"([^\"]+)\"");
  private static final Pattern ALIAS = Pattern.compile("AS \"([^\"]+)\"");
  private static final Pattern FROM = Pattern.compile("FROM \"([^\"]+)\"");
  private static final Pattern VARIABLE = Pattern.compile("\\$(\\w+)");
  private static final Pattern QUANTITY_LITERAL = Pattern.compile("\"quantity\" = '([^']*)'");

  /** A selector or aggregate over the AQI or a sub-index, e.g. {@code last("aqi")}. */
  private static final Pattern AQI_FIELD = Pattern.compile("\\(\"(aqi|subIndices_\\w+_aqi)\"\\)");

  private static final Set<String> BUILT_INS = Set.of("timeFilter", "__interval", "__interval_ms");

  static Stream<Query> panelQueries() {
    return Dashboards.allQueries().filter(Query::isPanelTarget);
  }

  static Stream<Query> allQueries() {
    return Dashboards.allQueries();
  }

  @Test
  void shouldProvisionBothDashboardsWithUniqueUids() {
    List<Dashboard> all = Dashboards.all();

    assertThat(all).extracting(Dashboard::title).contains(AIR_QUALITY, DEVICES);
    assertThat(all)
        .extracting(d -> d.json().path("uid").asText())
        .doesNotHaveDuplicates()
        .allMatch(uid -> !uid.isBlank());
  }

  @Test
  void shouldGiveEveryPanelAUniqueId() {
    for (Dashboard dashboard : Dashboards.all()) {
      List<Integer> ids = dashboard.panels().stream().map(p -> p.path("id").asInt(-1)).toList();
      assertThat(ids).as(dashboard.title()).doesNotHaveDuplicates().allMatch(id -> id > 0);
    }
  }

  @Test
  void shouldProvisionAnInfluxQlDatasourceForTheAirtraceDatabase() {
    JsonNode datasource = Dashboards.provisionedDatasource();

    assertThat(datasource.path("type").asText()).isEqualTo("influxdb");
    assertThat(datasource.path("uid").asText()).isEqualTo("airtrace-influx");
    assertThat(datasource.path("jsonData").path("version").asText()).isEqualTo("InfluxQL");
    assertThat(datasource.path("jsonData").path("dbName").asText()).isEqualTo("airtrace");
  }

  @Test
  void shouldUseTheProvisionedDatasourceEverywhere() {
    String uid = Dashboards.provisionedDatasource().path("uid").asText();
    for (Dashboard dashboard : Dashboards.all()) {
      for (JsonNode panel : dashboard.panels()) {
        if (panel.path("type").asText().equals("row")) {
          continue;
        }
        assertThat(panel.path("datasource").path("uid").asText())
            .as("%s / %s", dashboard.title(), panel.path("title"))
            .isEqualTo(uid);
      }
      for (Query query : dashboard.queries()) {
        assertThat(query.source().path("datasource").path("uid").asText())
            .as(query.toString())
            .isEqualTo(uid);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("panelQueries")
  void shouldUseRawInfluxQlWithTimeFilterAndInterval(Query query) {
    assertThat(query.source().path("rawQuery").asBoolean()).as("rawQuery").isTrue();
    assertThat(query.influxQl())
        .startsWith("SELECT ")
        .contains("$timeFilter")
        .contains("$__interval");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("allQueries")
  void shouldOnlyUseDefinedTemplateVariables(Query query) {
    Set<String> defined = variableNames(Dashboards.byTitle(query.dashboard()));
    Matcher m = VARIABLE.matcher(query.influxQl());
    while (m.find()) {
      assertThat(BUILT_INS.contains(m.group(1)) || defined.contains(m.group(1)))
          .as("$%s in %s", m.group(1), query)
          .isTrue();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("allQueries")
  void shouldOnlyQueryMeasurementsTagsAndFieldsTheSinkWrites(Query query) {
    List<String> measurements = matches(FROM, query.influxQl());
    assertThat(measurements)
        .as("measurements of %s", query)
        .isNotEmpty()
        .allMatch(SinkSchema.TAGS::containsKey);

    Set<String> known = new HashSet<>(measurements);
    known.addAll(matches(ALIAS, query.influxQl()));
    for (String measurement : measurements) {
      known.addAll(SinkSchema.TAGS.get(measurement));
      known.addAll(SinkSchema.FIELDS.get(measurement));
    }
    assertThat(matches(IDENTIFIER, query.influxQl()))
        .as("identifiers of %s", query)
        .allMatch(known::contains);
    assertThat(matches(QUANTITY_LITERAL, query.influxQl()))
        .allMatch(code -> Quantity.fromCode(code).isPresent());
  }

  @Test
  void shouldRepeatOnlyOverDefinedVariablesWithValidDefaults() {
    for (Dashboard dashboard : Dashboards.all()) {
      Set<String> defined = variableNames(dashboard);
      for (JsonNode panel : dashboard.panels()) {
        if (panel.has("repeat")) {
          assertThat(defined)
              .as(panel.path("title").asText())
              .contains(panel.path("repeat").asText());
        }
      }
      for (JsonNode variable : dashboard.variables()) {
        if (variable.path("name").asText().equals("quantity")) {
          List<String> current = new ArrayList<>();
          variable.path("current").path("value").forEach(v -> current.add(v.asText()));
          assertThat(current)
              .as("%s default quantity", dashboard.title())
              .isNotEmpty()
              .allMatch(SinkSchema.quantityCodes()::contains);
        }
      }
    }
  }

  /** EPA AQI categories: the colour Grafana shows for boundary values of each category. */
  @ParameterizedTest(name = "AQI {0} -> {1}")
  @CsvSource({
    "0, #00E400", "50, #00E400",
    "51, #FFFF00", "100, #FFFF00",
    "101, #FF7E00", "150, #FF7E00",
    "151, #FF0000", "200, #FF0000",
    "201, #8F3F97", "300, #8F3F97",
    "301, #7E0023", "500, #7E0023"
  })
  void shouldColourAqiByEpaCategory(int aqi, String colour) {
    List<JsonNode> aqiPanels =
        Dashboards.byTitle(AIR_QUALITY).panels().stream()
            .filter(
                p ->
                    p.path("targets").findValuesAsText("query").stream()
                        .anyMatch(q -> AQI_FIELD.matcher(q).find()))
            .toList();

    assertThat(aqiPanels)
        .extracting(p -> p.path("title").asText())
        .contains("Current AQI", "AQI over time");
    for (JsonNode panel : aqiPanels) {
      assertThat(colourFor(panel.path("fieldConfig").path("defaults").path("thresholds"), aqi))
          .as(panel.path("title").asText())
          .isEqualToIgnoringCase(colour);
    }
  }

  @Test
  void shouldShowCurrentAqiPerSiteAsAColouredStat() {
    JsonNode stat = Dashboards.panel(AIR_QUALITY, "Current AQI");

    assertThat(stat.path("type").asText()).isEqualTo("stat");
    assertThat(stat.path("fieldConfig").path("defaults").path("color").path("mode").asText())
        .isEqualTo("thresholds");
    assertThat(stat.path("options").path("colorMode").asText()).isEqualTo("background");
    assertThat(stat.path("targets").get(0).path("query").asText())
        .contains("GROUP BY time($__interval), \"siteId\"");
  }

  /** The colour of the highest threshold step at or below {@code value}, as Grafana picks it. */
  static String colourFor(JsonNode thresholds, double value) {
    assertThat(thresholds.path("mode").asText()).isEqualTo("absolute");
    String colour = null;
    for (JsonNode step : thresholds.path("steps")) {
      double from =
          step.path("value").isNull() ? Double.NEGATIVE_INFINITY : step.path("value").asDouble();
      if (value >= from) {
        colour = step.path("color").asText();
      }
    }
    return colour;
  }

  private static Set<String> variableNames(Dashboard dashboard) {
    Set<String> names = new HashSet<>();
    dashboard.variables().forEach(v -> names.add(v.path("name").asText()));
    return names;
  }

  private static List<String> matches(Pattern pattern, String text) {
    List<String> found = new ArrayList<>();
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }
}
