package dev.airtrace.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airtrace.deploy.ComposeFile.Mount;
import dev.airtrace.deploy.ComposeFile.Service;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reads deploy/compose.yaml the way Compose would and cross-checks it against the repository. */
class ComposeFileTest {
  private static final List<String> COMPONENTS = List.of("gateway", "processor", "sink", "serving");

  /** Component service to the CLI subcommand it runs. */
  private static final Map<String, String> SUBCOMMANDS =
      Map.of("gateway", "gateway", "processor", "processor", "sink", "sink", "serving", "serve");

  /** Where deploy/Dockerfile puts the committed model repository. */
  private static final String IMAGE_MODELS = "/opt/airtrace/models/repository";

  private static final Pattern KAFKA_IMAGE =
      Pattern.compile("apache/kafka:(\\d+)\\.(\\d+)\\.(\\d+)");

  private final ComposeFile compose = ComposeFile.load(RepoFiles.path("deploy/compose.yaml"));
  private final ComposeFile modelsOverride =
      ComposeFile.load(RepoFiles.path("deploy/compose.models.yaml"));

  @Test
  void shouldUseTheVersionlessComposeSpecification() {
    Set<String> topLevel = new HashSet<>();
    compose.root().fieldNames().forEachRemaining(topLevel::add);

    assertThat(topLevel).doesNotContain("version");
    assertThat(topLevel)
        .allMatch(
            key ->
                key.startsWith("x-")
                    || Set.of("services", "volumes", "networks", "configs", "secrets")
                        .contains(key),
            "a Compose specification top-level key");
  }

  @Test
  void shouldDefineTheWholeStack() {
    assertThat(compose.services())
        .containsKeys(
            "mosquitto",
            "kafka",
            "influxdb",
            "prometheus",
            "grafana",
            "gateway",
            "processor",
            "sink",
            "serving");
  }

  @Test
  void shouldUseTheAgreedInfrastructureImages() {
    assertThat(compose.service("mosquitto").image()).isEqualTo("eclipse-mosquitto:2");
    assertThat(compose.service("influxdb").image()).isEqualTo("influxdb:1.8");
    assertThat(compose.service("grafana").image()).startsWith("grafana/grafana:");

    Matcher kafka = KAFKA_IMAGE.matcher(compose.service("kafka").image());
    assertThat(kafka.matches())
        .as("apache/kafka:X.Y.Z image: %s", compose.service("kafka").image())
        .isTrue();
    int[] version = {
      Integer.parseInt(kafka.group(1)),
      Integer.parseInt(kafka.group(2)),
      Integer.parseInt(kafka.group(3))
    };
    assertThat(Arrays.compare(version, new int[] {4, 1, 0}))
        .as("Kafka image at least 4.1.0")
        .isGreaterThanOrEqualTo(0);
  }

  @Test
  void shouldRunKafkaAsASingleNodeKraftCombinedServer() {
    Map<String, String> conf = kafkaServerProperties();

    assertThat(conf.get("process.roles").split(","))
        .containsExactlyInAnyOrder("broker", "controller");
    assertThat(conf.get("controller.quorum.voters"))
        .isEqualTo(conf.get("node.id") + "@localhost:9093");
    assertThat(conf.get("listeners")).contains("CONTROLLER://localhost:9093");
    // one broker: every internal topic must be satisfiable with one replica, including the
    // transaction log the processor's exactly_once_v2 needs
    assertThat(conf)
        .containsEntry("offsets.topic.replication.factor", "1")
        .containsEntry("transaction.state.log.replication.factor", "1")
        .containsEntry("transaction.state.log.min.isr", "1");
  }

  @Test
  void shouldFormatKafkaWithTheScramUsersBeforeTheBrokerStartsOnTheSameVolume() {
    Service init = compose.service("kafka-init");
    Service kafka = compose.service("kafka");

    assertThat(kafka.dependsOn()).containsEntry("kafka-init", "service_completed_successfully");
    assertThat(init.environment().get("CLUSTER_ID"))
        .isNotBlank()
        .isEqualTo(kafka.environment().get("CLUSTER_ID"));
    assertThat(init.image()).isEqualTo(kafka.image());
    assertThat(init.node().path("restart").asText()).isEqualTo("no");
    String dataVolume = volumeAt(kafka, kafkaServerProperties().get("log.dirs"));
    assertThat(volumeAt(init, kafkaServerProperties().get("log.dirs"))).isEqualTo(dataVolume);
    for (Service service : List.of(init, kafka)) {
      assertThat(service.mounts())
          .as("%s reads the one server.properties", service.name())
          .anyMatch(
              m ->
                  service.hostPath(m).equals(RepoFiles.path("deploy/kafka/server.properties"))
                      && m.target().equals("/mnt/shared/config/server.properties"));
    }
    assertThat(secretsOf(init)).contains("kafka-broker.password", "kafka-airtrace.password");
    assertThat(RepoFiles.read(RepoFiles.path("deploy/kafka/format-storage.sh")))
        .contains("--ignore-formatted")
        .contains("scram kafka-broker kafka-broker.password")
        .contains("scram airtrace kafka-airtrace.password");
  }

  @Test
  void shouldOfferClientsOnlySaslSslListenersWithTheBrokersOwnUserInterBroker() {
    Map<String, String> conf = kafkaServerProperties();

    assertThat(conf.get("listener.security.protocol.map").split(","))
        .containsExactlyInAnyOrder("BROKER:SASL_SSL", "HOST:SASL_SSL", "CONTROLLER:PLAINTEXT");
    assertThat(conf.get("advertised.listeners").split(","))
        .containsExactlyInAnyOrder("BROKER://kafka:9092", "HOST://localhost:9094");
    assertThat(conf).containsEntry("inter.broker.listener.name", "BROKER");
    assertThat(conf).containsEntry("sasl.enabled.mechanisms", "SCRAM-SHA-512");
    assertThat(conf.get("listener.name.broker.scram-sha-512.sasl.jaas.config"))
        .contains("username=\"kafka-broker\"")
        .contains("password=\"${secrets:/run/secrets:kafka-broker.password}\"");
    assertThat(conf.get("ssl.keystore.location")).isEqualTo("/run/secrets/kafka-keystore.pem");
    assertThat(secretsOf(compose.service("kafka")))
        .contains("kafka-keystore.pem", "kafka-broker.password");
  }

  @Test
  void shouldGiveEveryComponentItsCredentialsFromSecretFiles() {
    for (String component : COMPONENTS) {
      Service service = compose.service(component);
      assertThat(service.environment())
          .as(component)
          .containsEntry("AIRTRACE_KAFKA_CONFIG", "/run/secrets/kafka-client.properties");
      assertThat(secretsOf(service)).as(component).contains("kafka-client.properties", "ca.pem");
    }
    for (String mqttClient : List.of("gateway", "simulator")) {
      Map<String, String> env = compose.service(mqttClient).environment();
      URI uri = URI.create(env.get("AIRTRACE_MQTT_URI"));
      assertThat(uri.getScheme()).as(mqttClient).isEqualTo("ssl");
      assertThat(env).containsEntry("AIRTRACE_MQTT_CA", "/run/secrets/ca.pem");
      String passwordFile = env.get("AIRTRACE_MQTT_PASSWORD_FILE");
      assertThat(passwordFile).startsWith("/run/secrets/");
      assertThat(secretsOf(compose.service(mqttClient)))
          .contains(passwordFile.substring("/run/secrets/".length()));
      assertThat(RepoFiles.read(RepoFiles.path("deploy/mosquitto/acl")))
          .as("the ACL names %s's user", mqttClient)
          .containsPattern("(?m)^user " + env.get("AIRTRACE_MQTT_USERNAME") + "$");
    }
    Map<String, String> sink = compose.service("sink").environment();
    assertThat(sink)
        .containsEntry("AIRTRACE_INFLUX_USERNAME", "airtrace")
        .containsEntry("AIRTRACE_INFLUX_PASSWORD_FILE", "/run/secrets/influxdb-airtrace.password");
    assertThat(secretsOf(compose.service("sink"))).contains("influxdb-airtrace.password");
  }

  @Test
  void shouldRunInfluxDbWithAuthenticationAndTheGeneratedUsers() {
    Service influx = compose.service("influxdb");
    Map<String, String> env = influx.environment();
    List<String> entry = new ArrayList<>();
    influx.node().path("entrypoint").forEach(n -> entry.add(n.asText()));

    assertThat(env)
        .containsEntry("INFLUXDB_HTTP_AUTH_ENABLED", "true")
        .containsEntry(
            "INFLUXDB_WRITE_USER",
            compose.service("sink").environment().get("AIRTRACE_INFLUX_USERNAME"))
        .containsEntry(
            "INFLUXDB_READ_USER",
            compose.service("grafana").environment().get("GRAFANA_INFLUX_USER"))
        .doesNotContainKeys(
            "INFLUXDB_ADMIN_PASSWORD",
            "INFLUXDB_WRITE_USER_PASSWORD",
            "INFLUXDB_READ_USER_PASSWORD");
    // Compose turns $$ into a literal $
    assertThat(String.join(" ", entry).replace("$$", "$"))
        .contains("INFLUXDB_ADMIN_PASSWORD=\"$(cat /run/secrets/influxdb-admin.password)\"")
        .contains("INFLUXDB_WRITE_USER_PASSWORD=\"$(cat /run/secrets/influxdb-airtrace.password)\"")
        .contains("INFLUXDB_READ_USER_PASSWORD=\"$(cat /run/secrets/influxdb-grafana.password)\"")
        .endsWith("exec /entrypoint.sh influxd");
    assertThat(secretsOf(influx))
        .contains(
            "influxdb-admin.password", "influxdb-airtrace.password", "influxdb-grafana.password");
    assertThat(String.join(" ", influx.healthcheck())).contains("-username admin -password");
  }

  @Test
  void shouldServeInfluxDbOverHttpsWithTheGeneratedCertificateAndHaveTheSinkTrustTheLocalCa() {
    Service influx = compose.service("influxdb");
    Map<String, String> sink = compose.service("sink").environment();

    assertThat(influx.environment())
        .containsEntry("INFLUXDB_HTTP_HTTPS_ENABLED", "true")
        .containsEntry("INFLUXDB_HTTP_HTTPS_CERTIFICATE", "/run/secrets/influxdb.pem")
        .containsEntry("INFLUXDB_HTTP_HTTPS_PRIVATE_KEY", "/run/secrets/influxdb-key.pem");
    assertThat(secretsOf(influx)).contains("influxdb.pem", "influxdb-key.pem", "ca.pem");
    assertThat(String.join(" ", influx.healthcheck()))
        .contains("SSL_CERT_FILE=/run/secrets/ca.pem influx -ssl -host localhost");
    assertThat(URI.create(sink.get("AIRTRACE_INFLUX_URL")).getScheme()).isEqualTo("https");
    assertThat(sink).containsEntry("AIRTRACE_INFLUX_CA", "/run/secrets/ca.pem");
    assertThat(secretsOf(compose.service("sink"))).contains("ca.pem");
  }

  @Test
  void shouldHaveGrafanasInfluxDatasourceTrustTheLocalCaFromItsSecretFile() {
    Service grafana = compose.service("grafana");
    List<String> entry = new ArrayList<>();
    grafana.node().path("entrypoint").forEach(n -> entry.add(n.asText()));
    var datasource =
        RepoFiles.readYaml(RepoFiles.path("deploy/grafana/provisioning/datasources/influxdb.yaml"))
            .path("datasources")
            .get(0);

    assertThat(datasource.path("url").asText()).startsWith("https://");
    assertThat(datasource.path("jsonData").path("tlsAuthWithCACert").asBoolean()).isTrue();
    assertThat(datasource.path("jsonData").path("tlsSkipVerify").asBoolean()).isFalse();
    assertThat(datasource.path("secureJsonData").path("tlsCACert").asText())
        .isEqualTo("${GRAFANA_INFLUX_CA}");
    // Compose turns $$ into a literal $
    assertThat(String.join(" ", entry).replace("$$", "$"))
        .contains("GRAFANA_INFLUX_CA=\"$(cat /run/secrets/ca.pem)\"");
    assertThat(secretsOf(grafana)).contains("ca.pem");
  }

  @Test
  void shouldGiveGrafanaTheReadUsersPasswordFromItsSecretFile() {
    Service grafana = compose.service("grafana");
    List<String> entry = new ArrayList<>();
    grafana.node().path("entrypoint").forEach(n -> entry.add(n.asText()));
    var datasource =
        RepoFiles.readYaml(RepoFiles.path("deploy/grafana/provisioning/datasources/influxdb.yaml"))
            .path("datasources")
            .get(0);

    // Compose turns $$ into a literal $
    assertThat(String.join(" ", entry).replace("$$", "$"))
        .contains("GRAFANA_INFLUX_PASSWORD=\"$(cat /run/secrets/influxdb-grafana.password)\"")
        .endsWith("exec /run.sh");
    assertThat(secretsOf(grafana)).contains("influxdb-grafana.password");
    assertThat(datasource.path("user").asText()).isEqualTo("${GRAFANA_INFLUX_USER}");
    assertThat(datasource.path("secureJsonData").path("password").asText())
        .isEqualTo("${GRAFANA_INFLUX_PASSWORD}");
  }

  @Test
  void shouldRunAnchoringOnlyInItsProfileWithTheOperatorKeyFromASecretFile() {
    Service anchoring = compose.service("anchoring");
    List<String> entry = new ArrayList<>();
    anchoring.node().path("entrypoint").forEach(n -> entry.add(n.asText()));

    assertThat(anchoring.profiles()).containsExactly("anchoring");
    assertThat(anchoring.image()).isEqualTo(compose.service("gateway").image());
    assertThat(anchoring.environment())
        .doesNotContainKey("AIRTRACE_OPERATOR_KEY")
        .containsEntry("AIRTRACE_KAFKA_CONFIG", "/run/secrets/kafka-client.properties")
        .containsEntry("AIRTRACE_METRICS_PORT", "9464")
        .containsEntry("AIRTRACE_METRICS_BIND", "0.0.0.0")
        .containsKeys("AIRTRACE_RPC_URL", "AIRTRACE_CONTRACT");
    // Compose turns $$ into a literal $
    assertThat(String.join(" ", entry).replace("$$", "$"))
        .contains("AIRTRACE_OPERATOR_KEY=\"$(cat /run/secrets/anchoring-operator.key)\"")
        .endsWith("exec java -jar airtrace.jar anchor");
    assertThat(secretsOf(anchoring)).contains("anchoring-operator.key", "kafka-client.properties");
    assertThat(anchoring.node().path("ports").isMissingNode()).isTrue();
  }

  @Test
  void shouldDeclareEverySecretAServiceUsesAsAGeneratedFile() {
    for (Service service : compose.services().values()) {
      for (String secret : secretsOf(service)) {
        assertThat(compose.root().path("secrets").path(secret).path("file").asText())
            .as("%s uses secret %s", service.name(), secret)
            .startsWith("./secrets/");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"gateway", "processor", "sink", "serving"})
  void shouldBuildEachComponentFromTheDeployDockerfileAtTheRepositoryRoot(String component) {
    ComposeFile.Build build = compose.service(component).build().orElseThrow();

    assertThat(build.context()).isEqualTo(RepoFiles.root());
    assertThat(build.dockerfile()).isEqualTo(RepoFiles.path("deploy/Dockerfile")).isRegularFile();
    assertThat(compose.service(component).image()).isEqualTo(compose.service("gateway").image());
  }

  @Test
  void shouldPackageExactlyWhatTheCliModuleBuilds() {
    String dockerfile = RepoFiles.read(RepoFiles.path("deploy/Dockerfile"));
    String cliPom = RepoFiles.read(RepoFiles.path("cli/pom.xml"));

    assertThat(dockerfile)
        .containsPattern("(?m)^FROM eclipse-temurin:17-jre\\s*$")
        .containsPattern("(?m)^COPY cli/target/airtrace\\.jar ")
        .containsPattern("(?m)^COPY cli/target/lib/ lib/\\s*$")
        .containsPattern("(?m)^ENTRYPOINT \\[\"java\", \"-jar\", \"airtrace\\.jar\"\\]\\s*$");
    // the jar's manifest Class-Path points at lib/ beside it, which is where the image puts it
    assertThat(cliPom)
        .contains("<finalName>airtrace</finalName>")
        .contains("<outputDirectory>${project.build.directory}/lib</outputDirectory>")
        .contains("<classpathPrefix>lib/</classpathPrefix>");
  }

  @Test
  void shouldConfigureComponentsOnlyThroughAirtraceEnvironmentVariables() {
    Map<String, Set<String>> required =
        Map.of(
            "gateway",
                Set.of("AIRTRACE_MQTT_URI", "AIRTRACE_KAFKA_BOOTSTRAP", "AIRTRACE_GATEWAY_ID"),
            "processor", Set.of("AIRTRACE_KAFKA_BOOTSTRAP"),
            "sink",
                Set.of(
                    "AIRTRACE_KAFKA_BOOTSTRAP", "AIRTRACE_INFLUX_URL", "AIRTRACE_INFLUX_DATABASE"),
            "serving",
                Set.of(
                    "AIRTRACE_KAFKA_BOOTSTRAP", "AIRTRACE_MODEL_REPOSITORY", "AIRTRACE_HTTP_PORT"));

    for (String component : COMPONENTS) {
      Service service = compose.service(component);
      assertThat(service.command())
          .as("%s subcommand", component)
          .containsExactly(SUBCOMMANDS.get(component));
      assertThat(service.environment().keySet())
          .as(component)
          .allMatch(k -> k.startsWith("AIRTRACE_"))
          .containsAll(required.get(component));
      assertThat(service.environment().values())
          .as("%s values", component)
          .allMatch(v -> v != null && !v.isBlank());
    }
  }

  @Test
  void shouldPointComponentsAtTheServicesOfTheStack() {
    String advertised = kafkaServerProperties().get("advertised.listeners");
    for (String component : COMPONENTS) {
      String bootstrap = compose.service(component).environment().get("AIRTRACE_KAFKA_BOOTSTRAP");
      assertThat(advertised)
          .as("%s bootstraps from an advertised listener", component)
          .contains("://" + bootstrap);
      assertThat(compose.services()).containsKey(bootstrap.split(":")[0]);
    }

    URI mqtt = URI.create(compose.service("gateway").environment().get("AIRTRACE_MQTT_URI"));
    assertThat(mqtt.getHost()).isEqualTo("mosquitto");
    assertThat(mosquittoConf().get("listener")).isEqualTo(String.valueOf(mqtt.getPort()));
    assertThat(mosquittoConf())
        .containsEntry("allow_anonymous", "false")
        .containsEntry("password_file", "/run/secrets/mosquitto-passwd")
        .containsEntry("acl_file", "/mosquitto/config/acl")
        .containsEntry("certfile", "/run/secrets/mosquitto.pem");
    Service mosquitto = compose.service("mosquitto");
    assertThat(secretsOf(mosquitto))
        .contains("ca.pem", "mosquitto.pem", "mosquitto-key.pem", "mosquitto-passwd");
    assertThat(mosquitto.mounts())
        .anyMatch(
            m ->
                mosquitto.hostPath(m).equals(RepoFiles.path("deploy/mosquitto/acl"))
                    && m.target().equals("/mosquitto/config/acl"));

    Map<String, String> sink = compose.service("sink").environment();
    URI influx = URI.create(sink.get("AIRTRACE_INFLUX_URL"));
    assertThat(influx.getHost()).isEqualTo("influxdb");
    assertThat(influx.getPort()).isEqualTo(8086);
    assertThat(sink.get("AIRTRACE_INFLUX_DATABASE"))
        .isEqualTo(compose.service("influxdb").environment().get("INFLUXDB_DB"));
  }

  @Test
  void shouldPointGrafanaAtTheDatabaseTheSinkWrites() {
    var datasource =
        RepoFiles.readYaml(RepoFiles.path("deploy/grafana/provisioning/datasources/influxdb.yaml"))
            .path("datasources")
            .get(0);
    Map<String, String> sink = compose.service("sink").environment();

    assertThat(datasource.path("url").asText()).isEqualTo(sink.get("AIRTRACE_INFLUX_URL"));
    assertThat(datasource.path("jsonData").path("dbName").asText())
        .isEqualTo(sink.get("AIRTRACE_INFLUX_DATABASE"))
        .isEqualTo("airtrace");
  }

  @Test
  void shouldGiveEveryLongRunningServiceAHealthcheck() {
    assertThat(compose.services().values())
        .filteredOn(s -> !s.node().path("restart").asText().equals("no"))
        .allSatisfy(
            s -> assertThat(s.healthcheck()).as("%s healthcheck", s.name()).hasSizeGreaterThan(1));
  }

  @Test
  void shouldProbeTheBrokerPortsTheComponentsAreConfiguredWith() {
    String kafkaPort =
        hexPort(compose.service("processor").environment().get("AIRTRACE_KAFKA_BOOTSTRAP"));
    String mqttPort =
        String.format(
            Locale.ROOT,
            "%04X",
            URI.create(compose.service("gateway").environment().get("AIRTRACE_MQTT_URI"))
                .getPort());

    assertThat(String.join(" ", compose.service("gateway").healthcheck()))
        .contains(":" + kafkaPort + " 01 ")
        .contains(":" + mqttPort + " 01 ");
    assertThat(String.join(" ", compose.service("processor").healthcheck()))
        .contains(":" + kafkaPort + " 01 ");
    assertThat(String.join(" ", compose.service("sink").healthcheck()))
        .contains(":" + kafkaPort + " 01 ");
  }

  @Test
  void shouldStartServicesOnlyAfterTheirDependenciesAreHealthy() {
    assertThat(compose.service("gateway").dependsOn()).containsOnlyKeys("mosquitto", "kafka");
    assertThat(compose.service("processor").dependsOn()).containsOnlyKeys("kafka");
    assertThat(compose.service("kafka").dependsOn()).containsOnlyKeys("kafka-init");
    assertThat(compose.service("sink").dependsOn()).containsOnlyKeys("kafka", "influxdb");
    assertThat(compose.service("grafana").dependsOn()).containsOnlyKeys("influxdb", "prometheus");
    assertThat(compose.service("serving").dependsOn()).containsOnlyKeys("kafka");

    for (Service service : compose.services().values()) {
      service
          .dependsOn()
          .forEach(
              (dependency, condition) -> {
                if (dependency.equals("kafka-init")) {
                  return; // a one-shot container: completed, not healthy
                }
                assertThat(condition)
                    .as("%s -> %s", service.name(), dependency)
                    .isEqualTo("service_healthy");
                assertThat(compose.service(dependency).healthcheck())
                    .as("%s has a healthcheck", dependency)
                    .isNotEmpty();
              });
    }
  }

  @Test
  void shouldHaveNoDependencyCycle() {
    for (String start : compose.services().keySet()) {
      Deque<String> todo = new ArrayDeque<>(compose.service(start).dependsOn().keySet());
      Set<String> seen = new HashSet<>();
      while (!todo.isEmpty()) {
        String next = todo.pop();
        assertThat(next).as("cycle through %s", start).isNotEqualTo(start);
        if (seen.add(next)) {
          todo.addAll(compose.service(next).dependsOn().keySet());
        }
      }
    }
  }

  @Test
  void shouldProbeServingReadinessOnTheHttpPortTheHostPortsOverridePublishes() {
    Service serving = compose.service("serving");
    String port = serving.environment().get("AIRTRACE_HTTP_PORT");
    List<String> check = serving.healthcheck();

    // CMD + bash: /dev/tcp is a bash feature, and CMD-SHELL would run the image's /bin/sh (dash)
    assertThat(check.subList(0, 3)).containsExactly("CMD", "bash", "-c");
    assertThat(check.get(3))
        .contains("/dev/tcp/127.0.0.1/" + port + " ")
        .contains("GET /v2/health/ready HTTP/1.0")
        .contains("grep -q ' 200 '");
    List<String> ports = new ArrayList<>();
    ComposeFile.load(RepoFiles.path("deploy/compose.host-ports.yaml"))
        .service("serving")
        .node()
        .path("ports")
        .forEach(p -> ports.add(p.asText()));
    assertThat(ports).contains("127.0.0.1:" + port + ":" + port);
  }

  @Test
  void shouldKeepEveryStateDirectoryOnANamedVolume() {
    // the image's working directory belongs to root, so the CLI's relative default state
    // directories (airtrace-state/...) are not writable by uid 10001: each stateful component
    // needs AIRTRACE_STATE_DIR on a volume
    for (String component : List.of("gateway", "processor", "sink")) {
      Service service = compose.service(component);
      String stateDir = service.environment().get("AIRTRACE_STATE_DIR");
      assertThat(stateDir).as("%s AIRTRACE_STATE_DIR", component).startsWith("/var/lib/airtrace/");
      assertThat(service.mounts())
          .as("%s state on a named volume", component)
          .anyMatch(m -> !m.bind() && (stateDir + "/").startsWith(m.target() + "/"));
    }
  }

  @Test
  void shouldLoadGatewayAndServingModelsFromTheRepositoryInTheImage() {
    assertThat(compose.service("gateway").environment())
        .containsEntry("AIRTRACE_MODELS_DIR", IMAGE_MODELS);
    assertThat(compose.service("serving").environment())
        .containsEntry("AIRTRACE_MODEL_REPOSITORY", IMAGE_MODELS);

    String dockerfile = RepoFiles.read(RepoFiles.path("deploy/Dockerfile"));
    String ignore = RepoFiles.read(RepoFiles.path("deploy/Dockerfile.dockerignore"));
    assertThat(dockerfile)
        .containsPattern("(?m)^WORKDIR /opt/airtrace\\s*$")
        .containsPattern("(?m)^COPY models/repository/ models/repository/\\s*$");
    assertThat(ignore).containsPattern("(?m)^!models/repository/\\s*$");
    assertThat(modelVersions(RepoFiles.path("models/repository")))
        .as("the committed repository the image ships")
        .isNotEmpty();
  }

  @Test
  void shouldMountAHostModelRepositoryReadOnlyWithTheModelsOverride() {
    assertThat(modelsOverride.services()).containsOnlyKeys("gateway", "serving");
    for (Service service : modelsOverride.services().values()) {
      Mount mount =
          service.mounts().stream()
              .filter(m -> m.target().equals(IMAGE_MODELS))
              .findFirst()
              .orElseThrow(() -> new AssertionError(service.name() + " mounts no repository"));
      assertThat(mount.bind()).isTrue();
      assertThat(mount.readOnly()).as("%s repository read-only", service.name()).isTrue();
      assertThat(mount.source()).contains("${AIRTRACE_MODELS_HOST_DIR");
      // the default is this checkout's repository, so the override works without a variable
      assertThat(service.hostPath(mount)).isEqualTo(RepoFiles.path("models/repository"));
      assertThat(compose.services()).containsKey(service.name());
    }
  }

  @Test
  void shouldMountOnlyFilesThatExistAndVolumesThatAreDeclared() {
    for (Service service :
        Stream.concat(
                compose.services().values().stream(), modelsOverride.services().values().stream())
            .toList()) {
      for (Mount mount : service.mounts()) {
        if (mount.bind()) {
          Path host = service.hostPath(mount);
          assertThat(host).as("%s mounts %s", service.name(), mount.source()).exists();
          assertThat(host)
              .as("bind mounts stay inside the repository")
              .startsWith(RepoFiles.root());
          assertThat(mount.readOnly())
              .as("%s mounts repository files read-only", service.name())
              .isTrue();
        } else {
          assertThat(compose.namedVolumes())
              .as("%s volume", service.name())
              .contains(mount.source());
        }
      }
    }
  }

  @Test
  void shouldPersistMosquittoSessionsOnAVolume() {
    Service mosquitto = compose.service("mosquitto");
    Map<String, String> conf = mosquittoConf();

    assertThat(conf).containsEntry("persistence", "true");
    assertThat(mosquitto.mounts())
        .anySatisfy(
            m ->
                assertThat(m)
                    .matches(
                        v -> !v.bind() && conf.get("persistence_location").startsWith(v.target()),
                        "named volume on persistence_location"));
    assertThat(mosquitto.mounts())
        .anySatisfy(
            m ->
                assertThat(mosquitto.hostPath(m))
                    .isEqualTo(RepoFiles.path("deploy/mosquitto/mosquitto.conf")))
        .anySatisfy(m -> assertThat(m.target()).isEqualTo("/mosquitto/config/mosquitto.conf"));
  }

  @Test
  void shouldKeepProcessorStateOnAVolume() {
    Service processor = compose.service("processor");
    String stateDir = processor.environment().get("AIRTRACE_STATE_DIR");

    assertThat(processor.mounts())
        .anyMatch(m -> !m.bind() && (stateDir + "/").startsWith(m.target() + "/"));
  }

  @Test
  void shouldMountGrafanaProvisioningAndDashboardsWhereGrafanaReadsThem() {
    Service grafana = compose.service("grafana");
    Path provisioning = RepoFiles.path("deploy/grafana/provisioning");
    Path dashboards = RepoFiles.path("deploy/grafana/dashboards");
    String providerPath =
        RepoFiles.readYaml(RepoFiles.path("deploy/grafana/provisioning/dashboards/airtrace.yaml"))
            .path("providers")
            .get(0)
            .path("options")
            .path("path")
            .asText();

    assertThat(grafana.mounts())
        .anyMatch(
            m ->
                m.bind()
                    && grafana.hostPath(m).equals(provisioning)
                    && m.target().equals("/etc/grafana/provisioning"));
    Mount dashboardMount =
        grafana.mounts().stream()
            .filter(m -> m.bind() && grafana.hostPath(m).equals(dashboards))
            .findFirst()
            .orElseThrow();
    assertThat(dashboardMount.target()).isEqualTo(providerPath);

    String home = grafana.environment().get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH");
    assertThat(home).startsWith(providerPath + "/");
    assertThat(dashboards.resolve(home.substring(providerPath.length() + 1))).isRegularFile();
  }

  @Test
  void shouldKeepTheSimulatorOutOfTheDefaultStack() {
    assertThat(compose.services().values().stream().filter(s -> s.command().contains("simulate")))
        .allSatisfy(s -> assertThat(s.profiles()).isNotEmpty());
  }

  /** {@code <model>/<version>} directories holding a model.json. */
  private static List<String> modelVersions(Path repository) {
    try (Stream<Path> files = Files.find(repository, 3, (p, a) -> p.endsWith("model.json"))) {
      return files.map(p -> repository.relativize(p.getParent()).toString()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String hexPort(String hostPort) {
    return String.format(
        Locale.ROOT, "%04X", Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1)));
  }

  /** The secrets a service lists (short syntax). */
  private static List<String> secretsOf(Service service) {
    List<String> names = new ArrayList<>();
    service
        .node()
        .path("secrets")
        .forEach(n -> names.add(n.isTextual() ? n.asText() : n.path("source").asText()));
    return names;
  }

  /** The named volume a service mounts at {@code target}. */
  private static String volumeAt(Service service, String target) {
    return service.mounts().stream()
        .filter(m -> !m.bind() && m.target().equals(target))
        .map(Mount::source)
        .findFirst()
        .orElseThrow(() -> new AssertionError(service.name() + " mounts no volume at " + target));
  }

  /** deploy/kafka/server.properties, the broker settings of the compose stack. */
  private static Map<String, String> kafkaServerProperties() {
    java.util.Properties p = new java.util.Properties();
    try (var r = Files.newBufferedReader(RepoFiles.path("deploy/kafka/server.properties"))) {
      p.load(r);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> out = new LinkedHashMap<>();
    p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
    return out;
  }

  /** mosquitto.conf directives (first occurrence wins; comments skipped). */
  private static Map<String, String> mosquittoConf() {
    Map<String, String> conf = new LinkedHashMap<>();
    try {
      for (String line : Files.readAllLines(RepoFiles.path("deploy/mosquitto/mosquitto.conf"))) {
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
          continue;
        }
        String[] kv = trimmed.split("\\s+", 2);
        conf.putIfAbsent(kv[0], kv.length > 1 ? kv[1] : "");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return conf;
  }
}
