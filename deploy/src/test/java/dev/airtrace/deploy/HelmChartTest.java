package dev.airtrace.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Lints (strict) and renders helm/airtrace with the Helm library itself (helm-java bundles native
 * Helm), for Kubernetes 1.30, and checks what comes out.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HelmChartTest {
  static final String KUBE_VERSION = "1.30.0";
  static final String RELEASE = "air";
  static final String PROCESSOR = "air-airtrace-processor";
  static final String SINK = "air-airtrace-sink";

  private static final Path CHART = RepoFiles.path("helm/airtrace");

  @Test
  void shouldPassStrictLint() {
    LintResult result = new Helm(CHART).lint().strict().call();

    assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
  }

  @Test
  void shouldRenderTheCloudTierWithoutTheEdgeGateway() {
    RenderedManifests out = render(Map.of());

    assertThat(out.kindsAndNames())
        .containsExactlyInAnyOrder(
            "ServiceAccount/air-airtrace",
            "ConfigMap/" + PROCESSOR,
            "ConfigMap/" + SINK,
            "Deployment/" + PROCESSOR,
            "Deployment/" + SINK);
    assertThat(out.kindsAndNames()).noneMatch(s -> s.contains("gateway"));
  }

  @Test
  void shouldRunEachComponentAsItsSubcommandWithItsConfigMapAsEnvironment() {
    RenderedManifests out = render(Map.of());

    for (String component : List.of("processor", "sink")) {
      JsonNode container = out.container("air-airtrace-" + component);
      assertThat(texts(container.path("args"))).containsExactly(component);
      assertThat(container.path("image").asText())
          .isEqualTo("airtrace/airtrace:" + chartAppVersion());
      assertThat(container.path("envFrom").findValuesAsText("name"))
          .containsExactly("air-airtrace-" + component);
      assertThat(keys(out.get("ConfigMap", "air-airtrace-" + component).path("data")))
          .allMatch(k -> k.startsWith("AIRTRACE_"));
    }
  }

  @Test
  void shouldPassKafkaAndInfluxValuesAsAirtraceVariables() {
    RenderedManifests out =
        render(
            Map.of(
                "kafka.bootstrapServers", "b1.kafka:9093,b2.kafka:9093",
                "influx.url", "https://influx.example:8086",
                "influx.database", "aq"));

    JsonNode processor = out.get("ConfigMap", PROCESSOR).path("data");
    JsonNode sink = out.get("ConfigMap", SINK).path("data");
    assertThat(processor.path("AIRTRACE_KAFKA_BOOTSTRAP").asText())
        .isEqualTo("b1.kafka:9093,b2.kafka:9093");
    assertThat(keys(processor)).doesNotContain("AIRTRACE_INFLUX_URL");
    assertThat(sink.path("AIRTRACE_KAFKA_BOOTSTRAP").asText())
        .isEqualTo("b1.kafka:9093,b2.kafka:9093");
    assertThat(sink.path("AIRTRACE_INFLUX_URL").asText()).isEqualTo("https://influx.example:8086");
    assertThat(sink.path("AIRTRACE_INFLUX_DATABASE").asText()).isEqualTo("aq");
  }

  @Test
  void shouldLetComponentExtraEnvOverrideTheSharedOne() {
    RenderedManifests out =
        render(
            Map.of(
                "extraEnv.AIRTRACE_LOG_LEVEL",
                "info",
                "sink.extraEnv.AIRTRACE_LOG_LEVEL",
                "debug"));

    assertThat(out.get("ConfigMap", PROCESSOR).path("data").path("AIRTRACE_LOG_LEVEL").asText())
        .isEqualTo("info");
    assertThat(out.get("ConfigMap", SINK).path("data").path("AIRTRACE_LOG_LEVEL").asText())
        .isEqualTo("debug");
  }

  @Test
  void shouldKeepProcessorStateOnAnEmptyDirAtTheConfiguredStateDir() {
    RenderedManifests out = render(Map.of("processor.stateDir", "/data/streams"));

    JsonNode pod = out.get("Deployment", PROCESSOR).path("spec").path("template").path("spec");
    JsonNode mount = find(pod.path("containers").get(0).path("volumeMounts"), "name", "state");
    assertThat(mount.path("mountPath").asText()).isEqualTo("/data/streams");
    assertThat(find(pod.path("volumes"), "name", "state").has("emptyDir")).isTrue();
    assertThat(out.get("ConfigMap", PROCESSOR).path("data").path("AIRTRACE_STATE_DIR").asText())
        .isEqualTo("/data/streams");
  }

  @Test
  void shouldScaleProcessorReplicasUpToThePartitionCount() {
    RenderedManifests out =
        render(
            Map.of(
                "processor.replicas",
                6,
                "kafka.partitions",
                6,
                "processor.podDisruptionBudget.enabled",
                true));

    assertThat(out.get("Deployment", PROCESSOR).path("spec").path("replicas").asInt()).isEqualTo(6);
    assertThat(
            out.get("PodDisruptionBudget", PROCESSOR).path("spec").path("maxUnavailable").asInt())
        .isEqualTo(1);
  }

  @Test
  void shouldRefuseMoreProcessorReplicasThanPartitions() {
    assertThatThrownBy(() -> render(Map.of("processor.replicas", 4, "kafka.partitions", 3)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("processor.replicas (4) exceeds kafka.partitions (3)");
  }

  @Test
  void shouldGiveEveryContainerResourcesProbesAndANonRootReadOnlySecurityContext() {
    RenderedManifests out = render(Map.of());

    for (JsonNode deployment : out.ofKind("Deployment")) {
      JsonNode pod = deployment.path("spec").path("template").path("spec");
      JsonNode container = pod.path("containers").get(0);
      String name = deployment.path("metadata").path("name").asText();
      assertThat(container.path("resources").path("requests").has("memory")).as(name).isTrue();
      assertThat(container.path("resources").path("limits").has("memory")).as(name).isTrue();
      for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
        assertThat(texts(container.path(probe).path("exec").path("command")))
            .as(name + " " + probe)
            .isNotEmpty();
      }
      assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).as(name).isTrue();
      assertThat(container.path("securityContext").path("readOnlyRootFilesystem").asBoolean())
          .as(name)
          .isTrue();
      assertThat(find(pod.path("volumes"), "name", "tmp").has("emptyDir"))
          .as(name + " writable /tmp")
          .isTrue();
    }
  }

  @Test
  void shouldProbeForAConnectionToTheBootstrapPort() {
    String defaultPort = probeCommand(render(Map.of()));
    String derived = probeCommand(render(Map.of("kafka.bootstrapServers", "kafka-0.kafka:9093")));
    String explicit = probeCommand(render(Map.of("probes.kafkaPort", 19092)));

    assertThat(defaultPort).contains(":2384 01 "); // 9092
    assertThat(derived).contains(":2385 01 "); // 9093
    assertThat(explicit).contains(":4A94 01 "); // 19092
  }

  @Test
  void shouldPutSecretEnvIntoASecretThatEveryComponentReads() {
    RenderedManifests out =
        render(
            Map.of("secretEnv.AIRTRACE_INFLUX_PASSWORD", "s3cret", "existingSecret", "vault-env"));

    JsonNode secret = out.get("Secret", "air-airtrace-env");
    assertThat(secret.path("stringData").path("AIRTRACE_INFLUX_PASSWORD").asText())
        .isEqualTo("s3cret");
    for (String deployment : List.of(PROCESSOR, SINK)) {
      assertThat(out.container(deployment).path("envFrom").findValuesAsText("name"))
          .containsExactly(deployment, "air-airtrace-env", "vault-env");
    }
    assertThat(out.get("ConfigMap", SINK).path("data").has("AIRTRACE_INFLUX_PASSWORD")).isFalse();
  }

  @Test
  void shouldRollPodsWhenTheirConfigurationChanges() {
    String before = configChecksum(render(Map.of()));
    String after = configChecksum(render(Map.of("influx.database", "other")));

    assertThat(before).isNotBlank().isNotEqualTo(after);
  }

  @Test
  void shouldRenderNothingForADisabledComponent() {
    RenderedManifests out = render(Map.of("sink.enabled", false));

    assertThat(out.kindsAndNames())
        .doesNotContain("Deployment/" + SINK, "ConfigMap/" + SINK)
        .contains("Deployment/" + PROCESSOR);
  }

  static Stream<Arguments> brokenOverrides() {
    return Stream.of(
        Arguments.of("processor.replicas", "two", "replicas"),
        Arguments.of("kafka.bootstrapServers", "", "bootstrapServers"),
        Arguments.of("influx.url", "influxdb:8086", "url"),
        Arguments.of("extraEnv.KAFKA_BOOTSTRAP", "k:9092", "KAFKA_BOOTSTRAP"),
        Arguments.of("procesor.replicas", 2, "procesor"));
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("brokenOverrides")
  void shouldFailLintWithABrokenValuesOverride(
      String key, Object value, String expectedInMessage, @TempDir Path dir) {
    Path chart = copyChartWithOverride(dir, key, value);

    LintResult result = new Helm(chart).lint().strict().call();

    assertThat(result.isFailed()).as("lint of %s=%s", key, value).isTrue();
    assertThat(String.join("\n", result.getMessages())).contains(expectedInMessage);
  }

  @Test
  void shouldFailTemplateWithABrokenSetValue() {
    assertThatThrownBy(() -> render(Map.of("processor.replicas", "two")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("replicas");
  }

  static RenderedManifests render(Map<String, Object> values) {
    TemplateCommand template =
        new Helm(CHART).template().withName(RELEASE).withKubeVersion(KUBE_VERSION);
    values.forEach(template::set);
    return RenderedManifests.parse(template.call());
  }

  private static String probeCommand(RenderedManifests out) {
    return String.join(
        " ", texts(out.container(PROCESSOR).path("readinessProbe").path("exec").path("command")));
  }

  private static String configChecksum(RenderedManifests out) {
    return out.get("Deployment", SINK)
        .path("spec")
        .path("template")
        .path("metadata")
        .path("annotations")
        .path("checksum/config")
        .asText();
  }

  private static String chartAppVersion() {
    return RepoFiles.readYaml(CHART.resolve("Chart.yaml")).path("appVersion").asText();
  }

  private static JsonNode find(JsonNode array, String field, String value) {
    for (JsonNode item : array) {
      if (item.path(field).asText().equals(value)) {
        return item;
      }
    }
    throw new AssertionError("no item with " + field + "=" + value + " in " + array);
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(n -> texts.add(n.asText()));
    return texts;
  }

  private static List<String> keys(JsonNode object) {
    List<String> keys = new ArrayList<>();
    object.fieldNames().forEachRemaining(keys::add);
    return keys;
  }

  /** A copy of the chart whose values.yaml has {@code dottedKey} set to {@code value}. */
  private static Path copyChartWithOverride(Path dir, String dottedKey, Object value) {
    Path copy = dir.resolve("airtrace");
    try (Stream<Path> files = Files.walk(CHART)) {
      for (Path source : files.toList()) {
        Path target = copy.resolve(CHART.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
      ObjectNode values = (ObjectNode) RepoFiles.readYaml(copy.resolve("values.yaml"));
      String[] path = dottedKey.split("\\.");
      ObjectNode node = values;
      for (int i = 0; i < path.length - 1; i++) {
        node = node.has(path[i]) ? (ObjectNode) node.get(path[i]) : node.putObject(path[i]);
      }
      node.set(path[path.length - 1], RepoFiles.YAML.valueToTree(value));
      RepoFiles.YAML.writeValue(copy.resolve("values.yaml").toFile(), values);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return copy;
  }
}
