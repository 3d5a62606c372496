package dev.airtrace.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The provisioned Grafana dashboards in deploy/grafana/dashboards, and the queries in them. */
final class Dashboards {
  static final Path DIR = RepoFiles.path("deploy/grafana/dashboards");
  static final Path DATASOURCES =
      RepoFiles.path("deploy/grafana/provisioning/datasources/influxdb.yaml");

  private Dashboards() {}

  /** One dashboard file. */
  record Dashboard(Path file, JsonNode json) {
    String title() {
      return json.path("title").asText();
    }

    /** Every panel, including those nested in collapsed rows. */
    List<JsonNode> panels() {
      List<JsonNode> panels = new ArrayList<>();
      for (JsonNode panel : json.path("panels")) {
        panels.add(panel);
        panel.path("panels").forEach(panels::add);
      }
      return panels;
    }

    List<JsonNode> variables() {
      List<JsonNode> variables = new ArrayList<>();
      json.path("templating").path("list").forEach(variables::add);
      return variables;
    }

    /** Panel targets and query variables: everything Grafana sends to the datasource. */
    List<Query> queries() {
      List<Query> queries = new ArrayList<>();
      for (JsonNode panel : panels()) {
        for (JsonNode target : panel.path("targets")) {
          queries.add(
              new Query(
                  title(),
                  "panel '" + panel.path("title").asText() + "' " + target.path("refId").asText(),
                  target.path("query").asText(),
                  target));
        }
      }
      for (JsonNode variable : variables()) {
        if (variable.path("type").asText().equals("query")) {
          JsonNode q = variable.path("query");
          queries.add(
              new Query(
                  title(),
                  "variable $" + variable.path("name").asText(),
                  q.isObject() ? q.path("query").asText() : q.asText(),
                  variable));
        }
      }
      return queries;
    }
  }

  /** One InfluxQL query of a dashboard. {@code source} is the target or variable it came from. */
  record Query(String dashboard, String where, String influxQl, JsonNode source) {
    boolean isPanelTarget() {
      return where.startsWith("panel ");
    }

    @Override
    public String toString() {
      return dashboard + " / " + where;
    }
  }

  static List<Dashboard> all() {
    try (Stream<Path> files = Files.list(DIR)) {
      return files
          .filter(f -> f.toString().endsWith(".json"))
          .sorted()
          .map(f -> new Dashboard(f, RepoFiles.readJson(f)))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Dashboard byTitle(String title) {
    return all().stream()
        .filter(d -> d.title().equals(title))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no dashboard titled " + title));
  }

  static JsonNode panel(String dashboardTitle, String panelTitle) {
    return byTitle(dashboardTitle).panels().stream()
        .filter(p -> p.path("title").asText().equals(panelTitle))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("no panel '" + panelTitle + "' in " + dashboardTitle));
  }

  static Stream<Query> allQueries() {
    return all().stream().flatMap(d -> d.queries().stream());
  }

  /** The provisioned InfluxDB datasource (the first and only entry). */
  static JsonNode provisionedDatasource() {
    return RepoFiles.readYaml(DATASOURCES).path("datasources").get(0);
  }
}
