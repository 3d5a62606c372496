package dev.airtrace.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airtrace.deploy.ComposeFile.Service;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The compose stack's observability: Prometheus scrapes every component's {@code /metrics} on the
 * compose network (nothing published), Grafana has it as a provisioned datasource, and the
 * "pipeline health" dashboard queries only meters the components document.
 */
class PipelineHealthDashboardTest {
  private static final Pattern METRIC = Pattern.compile("\\bairtrace_[a-z0-9_]+");
  private static final String PROMETHEUS_UID = "airtrace-prometheus";

  private final ComposeFile compose = ComposeFile.load(RepoFiles.path("deploy/compose.yaml"));
  private final JsonNode prometheusConfig =
      RepoFiles.readYaml(RepoFiles.path("deploy/prometheus/prometheus.yml"));
  private final JsonNode dashboard =
      RepoFiles.readJson(
          RepoFiles.path("deploy/grafana/dashboards/pipeline-health/pipeline-health.json"));

  @Test
  void shouldScrapeEveryComponentOnThePortItServesMetricsOn() {
    Map<String, String> targets = scrapeTargets();

    assertThat(targets.keySet())
        .containsExactlyInAnyOrder("gateway", "processor", "sink", "serving", "anchoring");
    for (String component : List.of("gateway", "processor", "sink", "anchoring")) {
      Map<String, String> env = compose.service(component).environment();
      assertThat(targets.get(component)).as(component).isEqualTo(env.get("AIRTRACE_METRICS_PORT"));
      // the CLI binds 127.0.0.1 unless told otherwise: unreachable from the prometheus container
      assertThat(env).as(component).containsEntry("AIRTRACE_METRICS_BIND", "0.0.0.0");
    }
    Map<String, String> serving = compose.service("serving").environment();
    assertThat(targets.get("serving")).isEqualTo(serving.get("AIRTRACE_HTTP_PORT"));
    assertThat(serving).containsEntry("AIRTRACE_BIND", "0.0.0.0");
  }

  @Test
  void shouldPublishNeitherPrometheusNorAnyMetricsPort() {
    Service prometheus = compose.service("prometheus");

    assertThat(prometheus.image()).startsWith("prom/prometheus:");
    assertThat(prometheus.node().path("ports").isMissingNode()).isTrue();
    for (String component : List.of("gateway", "processor", "sink")) {
      assertThat(compose.service(component).node().path("ports").isMissingNode())
          .as("%s publishes a port", component)
          .isTrue();
    }
    assertThat(prometheus.mounts())
        .anyMatch(
            m ->
                m.bind()
                    && prometheus
                        .hostPath(m)
                        .equals(RepoFiles.path("deploy/prometheus/prometheus.yml"))
                    && m.target().equals("/etc/prometheus/prometheus.yml"));
  }

  @Test
  void shouldProvisionThePrometheusDatasourceThatGrafanaReachesOnTheComposeNetwork() {
    JsonNode datasource =
        RepoFiles.readYaml(
                RepoFiles.path("deploy/grafana/provisioning/datasources/prometheus.yaml"))
            .path("datasources")
            .get(0);

    assertThat(datasource.path("type").asText()).isEqualTo("prometheus");
    assertThat(datasource.path("uid").asText()).isEqualTo(PROMETHEUS_UID);
    assertThat(datasource.path("url").asText()).isEqualTo("http://prometheus:9090");
    assertThat(compose.service("grafana").dependsOn()).containsKey("prometheus");
  }

  @Test
  void shouldQueryThePrometheusDatasourceInEveryPanel() {
    assertThat(dashboard.path("panels")).isNotEmpty();
    for (JsonNode panel : dashboard.path("panels")) {
      assertThat(panel.path("datasource").path("uid").asText())
          .as(panel.path("title").asText())
          .isEqualTo(PROMETHEUS_UID);
      assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
      for (JsonNode target : panel.path("targets")) {
        assertThat(target.path("datasource").path("uid").asText()).isEqualTo(PROMETHEUS_UID);
        assertThat(target.path("expr").asText()).contains("airtrace");
      }
    }
  }

  @Test
  void shouldShowLagStateErrorsDeadLettersAndAnchoring() {
    Set<String> metrics = metrics();

    assertThat(metrics)
        .contains(
            "airtrace_processor_lag_records",
            "airtrace_sink_lag_records",
            "airtrace_processor_state",
            "airtrace_sink_connector_running",
            "airtrace_processor_send_errors_total",
            "airtrace_sink_errors_total",
            "airtrace_gateway_readings_rejected_total",
            "airtrace_processor_deadletters_total",
            "airtrace_anchoring_backlog_headers",
            "airtrace_anchoring_last_final_epoch");
  }

  /**
   * Every meter the dashboard names is documented (operations.md lists processor, sink and
   * anchoring meters by their Prometheus names, gateway.md the gateway's by their Micrometer
   * names), so a renamed meter fails here instead of leaving an empty panel.
   */
  @Test
  void shouldOnlyQueryMetersTheComponentsDocument() {
    String docs =
        RepoFiles.read(RepoFiles.path("docs/operations.md"))
            + RepoFiles.read(RepoFiles.path("docs/gateway.md"));

    assertThat(metrics())
        .allSatisfy(
            metric -> {
              String base = metric.replaceFirst("_total$", "");
              assertThat(docs.contains(metric) || docs.contains(base.replace('_', '.')))
                  .as("%s documented", metric)
                  .isTrue();
            });
  }

  private Set<String> metrics() {
    Set<String> metrics = new LinkedHashSet<>();
    for (JsonNode panel : dashboard.path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        Matcher m = METRIC.matcher(target.path("expr").asText());
        while (m.find()) {
          metrics.add(m.group());
        }
      }
    }
    return metrics;
  }

  /** Compose service name to port, from the static targets of every scrape job. */
  private Map<String, String> scrapeTargets() {
    Map<String, String> targets = new LinkedHashMap<>();
    List<String> all = new ArrayList<>();
    for (JsonNode job : prometheusConfig.path("scrape_configs")) {
      for (JsonNode config : job.path("static_configs")) {
        config.path("targets").forEach(t -> all.add(t.asText()));
      }
    }
    for (String target : all) {
      String[] hostPort = target.split(":");
      targets.put(hostPort[0], hostPort[1]);
    }
    return targets;
  }
}
