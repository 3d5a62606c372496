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
  static final String SERVING = "air-airtrace-serving";

  /** Component name to the CLI subcommand its container runs. */
  static final Map<String, String> SUBCOMMANDS =
      Map.of("processor", "processor", "sink", "sink", "serving", "serve");

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
            "ConfigMap/" + SERVING,
            "Deployment/" + PROCESSOR,
            "Deployment/" + SINK,
            "Deployment/" + SERVING,
            "Service/" + SERVING);
    assertThat(out.kindsAndNames()).noneMatch(s -> s.contains("gateway"));
  }

  @Test
  void shouldRunEachComponentAsItsSubcommandWithItsConfigMapAsEnvironment() {
    RenderedManifests out = render(Map.of());

    for (String component : List.of("processor", "sink", "serving")) {
      JsonNode container = out.container("air-airtrace-" + component);
      assertThat(texts(container.path("args"))).containsExactly(SUBCOMMANDS.get(component));
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
    assertThat(out.get("ConfigMap", SERVING).path("data").path("AIRTRACE_LOG_LEVEL").asText())
        .isEqualTo("info");
  }

  @Test
  void shouldGiveEveryComponentWithAStateDirectoryAWritableVolumeThere() {
    RenderedManifests out =
        render(Map.of("processor.stateDir", "/data/streams", "sink.stateDir", "/data/sink"));

    // the root filesystem is read-only and the image's working directory is not the pod user's:
    // a state directory anywhere but on a volume would fail the component at start
    List<String> withState = new ArrayList<>();
    for (JsonNode configMap : out.ofKind("ConfigMap")) {
      String stateDir = configMap.path("data").path("AIRTRACE_STATE_DIR").asText("");
      if (stateDir.isEmpty()) {
        continue;
      }
      String name = configMap.path("metadata").path("name").asText();
      withState.add(name);
      JsonNode pod = out.get("Deployment", name).path("spec").path("template").path("spec");
      JsonNode mount =
          find(pod.path("containers").get(0).path("volumeMounts"), "mountPath", stateDir);
      assertThat(find(pod.path("volumes"), "name", mount.path("name").asText()).has("emptyDir"))
          .as("%s state directory %s on an emptyDir", name, stateDir)
          .isTrue();
    }
    assertThat(withState).containsExactlyInAnyOrder(PROCESSOR, SINK);
    assertThat(out.get("ConfigMap", SINK).path("data").path("AIRTRACE_STATE_DIR").asText())
        .isEqualTo("/data/sink");
  }

  @Test
  void shouldConfigureServingFromItsStructuredValues() {
    RenderedManifests out =
        render(
            Map.of(
                "serving.model",
                "pm25-forecast-eu",
                "serving.httpPort",
                9090,
                "serving.accelerator",
                "CUDA",
                "serving.strictAccelerator",
                true,
                "serving.consumers",
                2,
                "kafka.featuresPartitions",
                6,
                "kafka.bootstrapServers",
                "b1.kafka:9093"));

    JsonNode env = out.get("ConfigMap", SERVING).path("data");
    assertThat(env.path("AIRTRACE_KAFKA_BOOTSTRAP").asText()).isEqualTo("b1.kafka:9093");
    assertThat(env.path("AIRTRACE_MODEL").asText()).isEqualTo("pm25-forecast-eu");
    assertThat(env.path("AIRTRACE_HTTP_PORT").asText()).isEqualTo("9090");
    // serve binds 127.0.0.1 by default; the pod must listen on its own IP for probes and Service
    assertThat(env.path("AIRTRACE_BIND").asText()).isEqualTo("0.0.0.0");
    assertThat(env.path("AIRTRACE_ACCELERATOR").asText()).isEqualTo("CUDA");
    assertThat(env.path("AIRTRACE_STRICT").asText()).isEqualTo("true");
    assertThat(env.path("AIRTRACE_CONSUMERS").asText()).isEqualTo("2");
    assertThat(keys(env)).doesNotContain("AIRTRACE_INFLUX_URL", "AIRTRACE_STATE_DIR");

    JsonNode container = out.container(SERVING);
    JsonNode port = find(container.path("ports"), "name", "http");
    assertThat(port.path("containerPort").asInt()).isEqualTo(9090);
    JsonNode service = out.get("Service", SERVING).path("spec");
    assertThat(find(service.path("ports"), "name", "http").path("targetPort").asText())
        .isEqualTo("http");
    assertThat(service.path("selector"))
        .isEqualTo(
            out.get("Deployment", SERVING).path("spec").path("selector").path("matchLabels"));
    JsonNode annotations =
        out.get("Deployment", SERVING)
            .path("spec")
            .path("template")
            .path("metadata")
            .path("annotations");
    assertThat(annotations.path("prometheus.io/scrape").asText()).isEqualTo("true");
    assertThat(annotations.path("prometheus.io/port").asText()).isEqualTo("9090");
    assertThat(annotations.path("prometheus.io/path").asText()).isEqualTo("/metrics");
  }

  @Test
  void shouldProbeServingOnTheOpenInferenceProtocolHealthEndpoints() {
    JsonNode container = render(Map.of()).container(SERVING);

    assertThat(httpProbe(container, "startupProbe")).isEqualTo("http /v2/health/ready");
    assertThat(httpProbe(container, "readinessProbe")).isEqualTo("http /v2/health/ready");
    assertThat(httpProbe(container, "livenessProbe")).isEqualTo("http /v2/health/live");
    assertThat(find(container.path("ports"), "name", "http").path("containerPort").asInt())
        .isEqualTo(8080);
  }

  @Test
  void shouldServeTheModelRepositoryOfTheImageByDefault() {
    RenderedManifests out = render(Map.of());

    JsonNode pod = out.get("Deployment", SERVING).path("spec").path("template").path("spec");
    assertThat(pod.path("volumes").findValuesAsText("name")).containsExactly("tmp");
    assertThat(
            out.get("ConfigMap", SERVING).path("data").path("AIRTRACE_MODEL_REPOSITORY").asText())
        .isEqualTo("/opt/airtrace/models/repository");
    // the Dockerfile puts the committed repository exactly there
    assertThat(RepoFiles.read(RepoFiles.path("deploy/Dockerfile")))
        .containsPattern("(?m)^WORKDIR /opt/airtrace\\s*$")
        .containsPattern("(?m)^COPY models/repository/ models/repository/\\s*$");
  }

  @Test
  void shouldMountAModelRepositoryClaimReadOnlyAtTheRepositoryPath() {
    RenderedManifests out =
        render(
            Map.of(
                "serving.modelRepository.existingClaim", "airtrace-models",
                "serving.modelRepository.path", "/models",
                "serving.modelRepository.subPath", "repository"));

    JsonNode pod = out.get("Deployment", SERVING).path("spec").path("template").path("spec");
    JsonNode volume = find(pod.path("volumes"), "name", "models");
    assertThat(volume.path("persistentVolumeClaim").path("claimName").asText())
        .isEqualTo("airtrace-models");
    assertThat(volume.path("persistentVolumeClaim").path("readOnly").asBoolean()).isTrue();
    JsonNode mount = find(pod.path("containers").get(0).path("volumeMounts"), "name", "models");
    assertThat(mount.path("mountPath").asText()).isEqualTo("/models");
    assertThat(mount.path("readOnly").asBoolean()).isTrue();
    assertThat(mount.path("subPath").asText()).isEqualTo("repository");
    assertThat(
            out.get("ConfigMap", SERVING).path("data").path("AIRTRACE_MODEL_REPOSITORY").asText())
        .isEqualTo("/models");
  }

  @Test
  void shouldMountAnyVolumeSourceAsTheModelRepository() {
    RenderedManifests out =
        render(
            Map.of(
                "serving.modelRepository.volume.nfs.server", "nfs.example",
                "serving.modelRepository.volume.nfs.path", "/exports/models"));

    JsonNode pod = out.get("Deployment", SERVING).path("spec").path("template").path("spec");
    JsonNode nfs = find(pod.path("volumes"), "name", "models").path("nfs");
    assertThat(nfs.path("server").asText()).isEqualTo("nfs.example");
    assertThat(nfs.path("path").asText()).isEqualTo("/exports/models");
    assertThat(
            find(pod.path("containers").get(0).path("volumeMounts"), "name", "models")
                .path("mountPath")
                .asText())
        .isEqualTo("/opt/airtrace/models/repository");
  }

  @Test
  void shouldScaleServingConsumersUpToTheFeaturesPartitionCount() {
    RenderedManifests out =
        render(
            Map.of(
                "serving.replicas", 3,
                "serving.consumers", 2,
                "kafka.featuresPartitions", 6,
                "serving.podDisruptionBudget.enabled", true));

    assertThat(out.get("Deployment", SERVING).path("spec").path("replicas").asInt()).isEqualTo(3);
    assertThat(out.get("PodDisruptionBudget", SERVING).path("spec").path("maxUnavailable").asInt())
        .isEqualTo(1);
  }

  @Test
  void shouldRefuseMoreServingConsumersThanFeaturesPartitions() {
    assertThatThrownBy(
            () ->
                render(
                    Map.of(
                        "serving.replicas", 2,
                        "serving.consumers", 2,
                        "kafka.featuresPartitions", 3)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("serving.replicas (2) x serving.consumers (2) = 4 consumers")
        .hasMessageContaining("kafka.featuresPartitions (3)");
  }

  @Test
  void shouldLeaveRoomInTmpForTheNativeLibrariesExtractedAtStart() {
    RenderedManifests out = render(Map.of());

    // measured on this build: ONNX Runtime 1.29 CPU extracts 28 MB, RocksDB 15 MB; a tmp emptyDir
    // over its sizeLimit gets the pod evicted, so keep at least twice the sum
    for (JsonNode deployment : out.ofKind("Deployment")) {
      JsonNode pod = deployment.path("spec").path("template").path("spec");
      String limit =
          find(pod.path("volumes"), "name", "tmp").path("emptyDir").path("sizeLimit").asText();
      assertThat(mebibytes(limit))
          .as("%s /tmp sizeLimit %s", deployment.path("metadata").path("name").asText(), limit)
          .isGreaterThanOrEqualTo(2 * (28 + 15));
    }
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
        JsonNode check = container.path(probe);
        assertThat(
                !texts(check.path("exec").path("command")).isEmpty()
                    || !check.path("httpGet").path("path").asText().isEmpty())
            .as(name + " " + probe + " runs a command or an HTTP GET")
            .isTrue();
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
    for (String deployment : List.of(PROCESSOR, SINK, SERVING)) {
      assertThat(out.container(deployment).path("envFrom").findValuesAsText("name"))
          .containsExactly(deployment, "air-airtrace-env", "vault-env");
    }
    assertThat(out.get("ConfigMap", SINK).path("data").has("AIRTRACE_INFLUX_PASSWORD")).isFalse();
  }

  @Test
  void shouldMountTheKafkaClientSettingsFromASecretInEveryComponent() {
    RenderedManifests out =
        render(
            Map.of(
                "kafka.security.existingSecret", "airtrace-kafka",
                "kafka.security.configKey", "client.properties"));

    for (String deployment : List.of(PROCESSOR, SINK, SERVING)) {
      assertThat(
              out.get("ConfigMap", deployment).path("data").path("AIRTRACE_KAFKA_CONFIG").asText())
          .as(deployment)
          .isEqualTo("/etc/airtrace/kafka/client.properties");
      JsonNode mount = namedEntry(out.container(deployment).path("volumeMounts"), "kafka-security");
      assertThat(mount.path("mountPath").asText()).isEqualTo("/etc/airtrace/kafka");
      assertThat(mount.path("readOnly").asBoolean()).isTrue();
      JsonNode volume = namedEntry(podSpec(out, deployment).path("volumes"), "kafka-security");
      assertThat(volume.path("secret").path("secretName").asText()).isEqualTo("airtrace-kafka");
      // readable by the pod's group (fsGroup 10001), by nobody else
      assertThat(volume.path("secret").path("defaultMode").asInt()).isEqualTo(0440);
    }
  }

  @Test
  void shouldGiveTheSinkItsInfluxPasswordOrTokenAsAFileFromASecret() {
    RenderedManifests password =
        render(
            Map.of(
                "influx.credentials.existingSecret", "airtrace-influx",
                "influx.credentials.username", "airtrace"));
    RenderedManifests token =
        render(
            Map.of(
                "influx.credentials.existingSecret", "airtrace-influx",
                "influx.credentials.tokenKey", "token"));

    assertThat(
            password
                .get("ConfigMap", SINK)
                .path("data")
                .path("AIRTRACE_INFLUX_PASSWORD_FILE")
                .asText())
        .isEqualTo("/etc/airtrace/influx/password");
    assertThat(
            password.get("ConfigMap", SINK).path("data").path("AIRTRACE_INFLUX_USERNAME").asText())
        .isEqualTo("airtrace");
    assertThat(
            token.get("ConfigMap", SINK).path("data").path("AIRTRACE_INFLUX_TOKEN_FILE").asText())
        .isEqualTo("/etc/airtrace/influx/token");
    assertThat(token.get("ConfigMap", SINK).path("data").has("AIRTRACE_INFLUX_PASSWORD_FILE"))
        .isFalse();
    assertThat(
            namedEntry(password.container(SINK).path("volumeMounts"), "influx-credentials")
                .path("mountPath")
                .asText())
        .isEqualTo("/etc/airtrace/influx");
    assertThat(
            namedEntry(podSpec(password, SINK).path("volumes"), "influx-credentials")
                .path("secret")
                .path("secretName")
                .asText())
        .isEqualTo("airtrace-influx");
    for (String other : List.of(PROCESSOR, SERVING)) {
      assertThat(password.container(other).path("volumeMounts").findValuesAsText("name"))
          .as("only the sink sees the InfluxDB credentials")
          .doesNotContain("influx-credentials");
    }
  }

  @Test
  void shouldPointTheSinkAtItsInfluxCaFromTheSameSecret() {
    RenderedManifests withCa =
        render(
            Map.of(
                "influx.url", "https://influx.example:8086",
                "influx.credentials.existingSecret", "airtrace-influx",
                "influx.credentials.caKey", "ca.pem"));
    RenderedManifests withoutCa =
        render(Map.of("influx.credentials.existingSecret", "airtrace-influx"));

    assertThat(withCa.get("ConfigMap", SINK).path("data").path("AIRTRACE_INFLUX_CA").asText())
        .isEqualTo("/etc/airtrace/influx/ca.pem");
    assertThat(withoutCa.get("ConfigMap", SINK).path("data").has("AIRTRACE_INFLUX_CA")).isFalse();
  }

  @Test
  void shouldMountNoCredentialsWhenNoSecretIsNamed() {
    RenderedManifests out = render(Map.of());

    for (String deployment : List.of(PROCESSOR, SINK, SERVING)) {
      assertThat(out.get("ConfigMap", deployment).path("data").has("AIRTRACE_KAFKA_CONFIG"))
          .isFalse();
      assertThat(podSpec(out, deployment).path("volumes").findValuesAsText("name"))
          .doesNotContain("kafka-security", "influx-credentials");
    }
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
    RenderedManifests noServing =
        render(Map.of("serving.enabled", false, "serving.podDisruptionBudget.enabled", true));

    assertThat(out.kindsAndNames())
        .doesNotContain("Deployment/" + SINK, "ConfigMap/" + SINK)
        .contains("Deployment/" + PROCESSOR, "Deployment/" + SERVING);
    assertThat(noServing.kindsAndNames())
        .noneMatch(s -> s.endsWith("/" + SERVING))
        .contains("Deployment/" + SINK);
  }

  static Stream<Arguments> brokenOverrides() {
    return Stream.of(
        Arguments.of("processor.replicas", "two", "replicas"),
        Arguments.of("kafka.bootstrapServers", "", "bootstrapServers"),
        Arguments.of("influx.url", "influxdb:8086", "url"),
        Arguments.of("extraEnv.KAFKA_BOOTSTRAP", "k:9092", "KAFKA_BOOTSTRAP"),
        Arguments.of("serving.accelerator", "GPU", "accelerator"),
        Arguments.of("serving.httpPort", 0, "httpPort"),
        Arguments.of("serving.consumers", 0, "consumers"),
        Arguments.of("serving.modelRepository.path", "models/repository", "path"),
        Arguments.of("serving.modelRepository.claim", "models", "claim"),
        Arguments.of("serving.extraEnv.MAX_BATCH", 64, "MAX_BATCH"),
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

  private static JsonNode podSpec(RenderedManifests out, String deployment) {
    return out.get("Deployment", deployment).path("spec").path("template").path("spec");
  }

  /** The entry of a list of named objects (volumes, mounts) with {@code name}. */
  private static JsonNode namedEntry(JsonNode list, String name) {
    for (JsonNode entry : list) {
      if (entry.path("name").asText().equals(name)) {
        return entry;
      }
    }
    throw new AssertionError("no entry named " + name + " in " + list);
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

  /** "http PATH" of an httpGet probe on the container's port named http. */
  private static String httpProbe(JsonNode container, String probe) {
    JsonNode get = container.path(probe).path("httpGet");
    return get.path("port").asText() + " " + get.path("path").asText();
  }

  /** A Kubernetes quantity in Mi/Gi as mebibytes. */
  private static long mebibytes(String quantity) {
    if (quantity.endsWith("Gi")) {
      return Long.parseLong(quantity.substring(0, quantity.length() - 2)) * 1024;
    }
    if (quantity.endsWith("Mi")) {
      return Long.parseLong(quantity.substring(0, quantity.length() - 2));
    }
    throw new AssertionError("expected a Mi or Gi quantity: " + quantity);
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
