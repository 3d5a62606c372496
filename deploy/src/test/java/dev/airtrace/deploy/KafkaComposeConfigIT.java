package dev.airtrace.deploy;

import static dev.airtrace.localstack.TestWaits.atMost;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.airtrace.localstack.FreePorts;
import dev.airtrace.localstack.KafkaService;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Formats and starts a real Kafka broker the way the compose stack does: deploy/kafka/format-
 * storage.sh (service kafka-init) formats the log directory with the SCRAM users through the real
 * StorageTool, and the broker runs deploy/kafka/server.properties, with the secrets
 * deploy/gen-secrets.sh writes. Clients use the generated kafka-client.properties, the file every
 * airtrace component of the stack gets as {@code --kafka-config}. Only container paths, ports and
 * the host name {@code kafka} (here {@code localhost}) are changed for the test.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class KafkaComposeConfigIT {
  private static final Duration AT_MOST = atMost(Duration.ofSeconds(60));

  @TempDir static Path dir;

  private static Path secrets;
  private static Path serverProperties;
  private static String brokerBootstrap;
  private static String hostBootstrap;
  private static KafkaService broker;

  @BeforeAll
  static void formatAndStartTheComposeBroker() throws Exception {
    secrets = dir.resolve("secrets");
    GenSecrets.run(secrets);
    Path data = dir.resolve("data");
    int[] ports = FreePorts.pick(3);
    brokerBootstrap = "localhost:" + ports[0];
    hostBootstrap = "localhost:" + ports[2];
    String conf =
        RepoFiles.read(RepoFiles.path("deploy/kafka/server.properties"))
            .replace("/run/secrets", secrets.toString())
            .replace("/var/lib/kafka/data", data.toString())
            .replace("BROKER://kafka:", "BROKER://localhost:")
            .replace(":9092", ":" + ports[0])
            .replace(":9093", ":" + ports[1])
            .replace(":9094", ":" + ports[2]);
    serverProperties = Files.writeString(dir.resolve("server.properties"), conf);

    Process format = runFormatScript();
    String out = new String(format.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(format.waitFor(90, TimeUnit.SECONDS)).isTrue();
    assertThat(format.exitValue()).as(out).isZero();

    Properties props = new Properties();
    try (Reader r = Files.newBufferedReader(serverProperties)) {
      props.load(r);
    }
    broker = KafkaService.startConfigured(props, brokerBootstrap);
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void shouldServeTheComponentsWithTheGeneratedClientSettingsIncludingTransactions()
      throws Exception {
    String topic = "compose-it-" + UUID.randomUUID();
    Properties client = clientProperties(brokerBootstrap, null);
    try (Admin admin = Admin.create(client)) {
      admin
          .createTopics(List.of(new NewTopic(topic, 1, (short) 1)))
          .all()
          .get(60, TimeUnit.SECONDS);
    }

    // a transactional producer like the processor's exactly_once_v2: the commit markers travel
    // over the inter-broker listener, so this also proves the broker's own SCRAM user works
    Properties producerProps = clientProperties(brokerBootstrap, null);
    producerProps.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "compose-it-" + UUID.randomUUID());
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer())) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, "k", "committed"));
      producer.commitTransaction();
    }

    assertThat(consumeAll(hostBootstrap, topic, 1)).containsExactly("committed");
  }

  @Test
  void shouldFormatIdempotentlySoARestartKeepsTheUsers() throws Exception {
    Process again = runFormatScript();
    String out = new String(again.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(again.waitFor(90, TimeUnit.SECONDS)).isTrue();

    assertThat(again.exitValue()).as(out).isZero();
    try (Admin admin = Admin.create(clientProperties(hostBootstrap, null))) {
      assertThat(admin.describeCluster().nodes().get(60, TimeUnit.SECONDS)).hasSize(1);
    }
  }

  @Test
  void shouldRefuseAClientWithAWrongPassword() {
    Properties wrong = clientProperties(brokerBootstrap, "not-the-generated-password");
    try (Admin admin = Admin.create(wrong)) {
      assertThatThrownBy(() -> admin.describeCluster().nodes().get(60, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(SaslAuthenticationException.class)
          .hasMessageContaining("Authentication failed");
    }
  }

  @Test
  void shouldOfferNoPlaintextListenerToClients() throws IOException {
    Properties conf = new Properties();
    try (Reader r = Files.newBufferedReader(RepoFiles.path("deploy/kafka/server.properties"))) {
      conf.load(r);
    }
    Map<String, String> protocols = new java.util.HashMap<>();
    for (String entry : conf.getProperty("listener.security.protocol.map").split(",")) {
      String[] kv = entry.split(":");
      protocols.put(kv[0], kv[1]);
    }
    for (String listener : conf.getProperty("listeners").split(",")) {
      String name = listener.substring(0, listener.indexOf("://"));
      String host = listener.substring(listener.indexOf("://") + 3, listener.lastIndexOf(':'));
      if (name.equals(conf.getProperty("controller.listener.names"))) {
        assertThat(host).as("the controller listens on loopback only").isEqualTo("localhost");
      } else {
        assertThat(protocols.get(name)).as(listener).isEqualTo("SASL_SSL");
      }
    }
  }

  /** The generated kafka-client.properties with its trust store path, optionally a password. */
  private static Properties clientProperties(String bootstrap, String password) {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(secrets.resolve("kafka-client.properties"))) {
      p.load(r);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    p.put("ssl.truststore.location", secrets.resolve("ca.pem").toString());
    if (password != null) {
      String jaas = p.getProperty("sasl.jaas.config");
      p.put(
          "sasl.jaas.config",
          jaas.replaceAll("password=\"[^\"]*\"", "password=\"" + password + "\""));
    }
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "60000");
    return p;
  }

  private static List<String> consumeAll(String bootstrap, String topic, int count) {
    Properties props = clientProperties(bootstrap, null);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "compose-it-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      await()
          .atMost(AT_MOST)
          .until(
              () -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                  values.add(r.value());
                }
                return values.size() >= count;
              });
    }
    return values;
  }

  /**
   * Runs deploy/kafka/format-storage.sh with a KAFKA_HOME whose bin/kafka-storage.sh is this JVM
   * running the real StorageTool from the test class path.
   */
  private static Process runFormatScript() throws IOException {
    Path home = dir.resolve("kafka-home");
    Path bin = Files.createDirectories(home.resolve("bin"));
    Path storage = bin.resolve("kafka-storage.sh");
    if (!Files.exists(storage)) {
      String java = ProcessHandle.current().info().command().orElse("java");
      Files.writeString(
          storage,
          "#!/usr/bin/env bash\nexec '"
              + java
              + "' -Xmx256m -cp \"$STORAGE_TOOL_CLASSPATH\" kafka.tools.StorageTool \"$@\"\n");
      Files.setPosixFilePermissions(storage, PosixFilePermissions.fromString("rwx------"));
    }
    String clusterId =
        ComposeFile.load(RepoFiles.path("deploy/compose.yaml"))
            .service("kafka-init")
            .environment()
            .get("CLUSTER_ID");
    ProcessBuilder pb =
        new ProcessBuilder(
                "bash",
                RepoFiles.path("deploy/kafka/format-storage.sh").toString(),
                serverProperties.toString())
            .redirectErrorStream(true);
    pb.environment().put("CLUSTER_ID", clusterId);
    pb.environment().put("AIRTRACE_SECRETS_DIR", secrets.toString());
    pb.environment().put("KAFKA_HOME", home.toString());
    pb.environment().put("STORAGE_TOOL_CLASSPATH", System.getProperty("java.class.path"));
    return pb.start();
  }
}
