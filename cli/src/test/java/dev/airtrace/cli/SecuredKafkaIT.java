package dev.airtrace.cli;

import static dev.airtrace.localstack.TestWaits.atMost;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airtrace.anchoring.kafka.KafkaEpochStore;
import dev.airtrace.core.GatewayId;
import dev.airtrace.core.codec.Json;
import dev.airtrace.gateway.EdgeGateway;
import dev.airtrace.gateway.GatewayConfig;
import dev.airtrace.gateway.GatewayStatus;
import dev.airtrace.gateway.GatewayTopics;
import dev.airtrace.localstack.InfluxService;
import dev.airtrace.localstack.KafkaService;
import dev.airtrace.localstack.MosquittoService;
import dev.airtrace.localstack.Services;
import dev.airtrace.localstack.TlsFiles;
import dev.airtrace.mqtt.MqttClients;
import dev.airtrace.mqtt.MqttEndpoint;
import dev.airtrace.mqtt.MqttPublisher;
import dev.airtrace.mqtt.MqttPublisherConfig;
import dev.airtrace.processor.StreamProcessorApp;
import dev.airtrace.simulator.FaultMix;
import dev.airtrace.simulator.SimulationPlan;
import dev.airtrace.simulator.Simulator;
import dev.airtrace.simulator.SimulatorConfig;
import dev.airtrace.sink.influx.standalone.StandaloneSinkWorker;
import dev.airtrace.topics.Topic;
import dev.airtrace.topics.TopicRequest;
import dev.airtrace.topics.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The components on a real Kafka broker whose client listener is SASL_SSL with SCRAM-SHA-512, each
 * given only that listener and a Kafka {@code client.properties} file through {@code
 * --kafka-config}, exactly as an operator would: topic creation (admin), the gateway's producer,
 * the Kafka Streams processor, the Connect sink worker and the anchoring service's epoch store.
 * Wrong credentials, an untrusted and an expired broker certificate fail with a one-line error and
 * create nothing.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class SecuredKafkaIT {
  private static final Duration PATIENCE = atMost(Duration.ofMinutes(3));
  private static final String USER = "airtrace";
  private static final String PASSWORD = "pw-" + UUID.randomUUID();
  private static final String DATABASE = "airtrace_secured";

  @TempDir static Path work;

  private static KafkaService kafka;
  private static TlsFiles ca;

  @BeforeAll
  static void startSecuredBroker() {
    ca = TlsFiles.create(work.resolve("tls"), "kafka-test-ca");
    kafka = KafkaService.startSecured(ca.issue("kafka-broker"));
    kafka.createScramUser(USER, PASSWORD);
  }

  @AfterAll
  static void stopBroker() {
    if (kafka != null) {
      kafka.close();
    }
    InfluxService influx = Services.influx();
    influx.query(null, "DROP DATABASE " + DATABASE);
  }

  @Test
  void shouldRunGatewayProcessorSinkAndEpochStoreOverSaslSslWithCredentialsFromAFile()
      throws Exception {
    Path config = clientConfig("good.properties", PASSWORD, ca.caCertificate());
    MosquittoService mosquitto = Services.mosquitto();
    InfluxService influx = Services.influx();
    String run = UUID.randomUUID().toString().substring(0, 8);
    String[] kafkaArgs = {
      "--kafka-bootstrap",
      kafka.secureBootstrapServers(),
      "--kafka-config",
      config.toString(),
      "--topic-partitions",
      "1",
      "--topic-replication",
      "1"
    };

    GatewayCommand gatewayCommand =
        parse(new GatewayCommand(), concat(kafkaArgs, "--gateway-id", "sec-gw-" + run));
    ProcessorCommand processorCommand =
        parse(
            new ProcessorCommand(),
            concat(
                kafkaArgs,
                "--application-id",
                "sec-processor-" + run,
                "--state-dir",
                work.resolve("processor").toString()));
    TopicAdmin.createMissing(
        gatewayCommand.kafka,
        gatewayCommand.topicOptions,
        GatewayCommand.topics(GatewayTopics.defaults()));
    TopicAdmin.createMissing(
        processorCommand.kafka,
        processorCommand.topicOptions,
        ProcessorCommand.contracts(processorCommand.config()).stream()
            .map(Topic::request)
            .toList());

    GatewayId gatewayId = new GatewayId("sec-gw-" + run);
    GatewayConfig gatewayConfig =
        GatewayCommand.config(gatewayId, mqttOptions(mosquitto), gatewayCommand.kafka)
            .mqtt(
                GatewayConfig.defaultMqtt(gatewayId, MqttEndpoint.of(mosquitto.serverUri()))
                    .toBuilder()
                    .clientId("sec-gateway-" + run)
                    .build())
            .build();
    SimulatorConfig sim =
        SimulatorConfig.builder(SimulatorConfig.startHoursBefore(Instant.now(), 5))
            .namespace("sec" + run)
            .fleet(1, 2, 4)
            .interval(Duration.ofMinutes(2))
            .faults(FaultMix.none())
            .processorGrace(processorCommand.config().windowGrace())
            .build();
    try (StreamProcessorApp processor = new StreamProcessorApp(processorCommand.config());
        StandaloneSinkWorker sink =
            StandaloneSinkWorker.start(
                StandaloneSinkWorker.Options.builder(
                        kafka.secureBootstrapServers(),
                        work.resolve("sink"),
                        influx.url(),
                        DATABASE)
                    .kafkaClient(gatewayCommand.kafka.clientProperties())
                    .offsetCommitInterval(Duration.ofSeconds(1))
                    .build());
        EdgeGateway gateway = EdgeGateway.create(gatewayConfig, new SimpleMeterRegistry());
        MqttPublisher publisher =
            MqttClients.publisher(
                MqttPublisherConfig.defaults(
                    MqttEndpoint.of(mosquitto.serverUri()), "sec-sim-" + run))) {
      processor.start();
      gateway.start();
      publisher.start();
      assertThat(processor.awaitRunning(PATIENCE)).isTrue();
      assertThat(publisher.awaitConnected(PATIENCE)).isTrue();
      // publish only once the gateway has subscribed (clean session: nothing is kept before)
      await().atMost(PATIENCE).until(() -> gateway.snapshot().mqttConnected());

      SimulationPlan plan = new Simulator(sim).run(publisher, PATIENCE);

      await()
          .atMost(PATIENCE)
          .until(
              () -> {
                GatewayStatus s = gateway.snapshot();
                return s.accepted() >= plan.published() && s.inFlight() == 0;
              });
      // The processor read the readings and wrote site AQI over SASL_SSL; read back through the
      // harness's plaintext listener, which no component was given.
      await().atMost(PATIENCE).until(() -> !siteAqiRecords(sim.namespace()).isEmpty());
      // The sink worker's task consumer read them over SASL_SSL as well.
      await().atMost(PATIENCE).until(() -> influxSiteAqiRows(influx, sim.namespace()) > 0);
    }

    try (KafkaEpochStore epochs =
        KafkaEpochStore.open(
            kafka.secureBootstrapServers(),
            gatewayCommand.kafka.clientProperties(),
            "sec-epochs-" + run)) {
      assertThat(epochs.loadAll()).isEmpty();
    }
  }

  @Test
  void shouldFailWithOneClearLineAndCreateNothingWhenThePasswordIsWrong() throws Exception {
    Path config = clientConfig("wrong.properties", "not-" + PASSWORD, ca.caCertificate());
    String topic = "sec-wrong-" + UUID.randomUUID();

    assertThatThrownBy(() -> createTopicWith(config, topic))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("cannot create topics on " + kafka.secureBootstrapServers())
        .hasMessageContaining("Authentication failed")
        .hasMessageNotContaining("\n");
    assertThat(existingTopics()).doesNotContain(topic);
  }

  @Test
  void shouldFailWithOneClearLineAndCreateNothingWhenTheBrokerIsNotTrusted() throws Exception {
    TlsFiles stranger = TlsFiles.create(work.resolve("other-tls"), "someone-else");
    Path config = clientConfig("untrusted.properties", PASSWORD, stranger.caCertificate());
    String topic = "sec-untrusted-" + UUID.randomUUID();

    assertThatThrownBy(() -> createTopicWith(config, topic))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("SSL handshake failed")
        .hasMessageNotContaining("\n");
    assertThat(existingTopics()).doesNotContain(topic);
  }

  @Test
  void shouldFailWithOneClearLineAndCreateNothingWhenTheBrokerCertificateHasExpired()
      throws Exception {
    // A second broker whose certificate, signed by the trusted CA, expired yesterday.
    try (KafkaService expired = KafkaService.startSecured(ca.issueExpired("kafka-expired"))) {
      expired.createScramUser(USER, PASSWORD);
      Path config = clientConfig("expired.properties", PASSWORD, ca.caCertificate());
      String topic = "sec-expired-" + UUID.randomUUID();

      assertThatThrownBy(() -> createTopicWith(expired.secureBootstrapServers(), config, topic))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("SSL handshake failed")
          .hasMessageNotContaining("\n");
      assertThat(existingTopics(expired)).doesNotContain(topic);
    }
  }

  private static void createTopicWith(Path config, String topic) {
    createTopicWith(kafka.secureBootstrapServers(), config, topic);
  }

  private static void createTopicWith(String bootstrap, Path config, String topic) {
    GatewayCommand command =
        parse(
            new GatewayCommand(),
            "--gateway-id",
            "x",
            "--kafka-bootstrap",
            bootstrap,
            "--kafka-config",
            config.toString(),
            "--topic-partitions",
            "1",
            "--topic-replication",
            "1");
    TopicAdmin.createMissing(
        command.kafka, command.topicOptions, List.of(TopicRequest.of(Topics.READINGS, topic)));
  }

  private static Set<String> existingTopics() throws Exception {
    return existingTopics(kafka);
  }

  private static Set<String> existingTopics(KafkaService broker) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
      return admin.listTopics().names().get(30, TimeUnit.SECONDS);
    }
  }

  private static Path clientConfig(String name, String password, Path trusted) throws IOException {
    return Files.writeString(
        work.resolve(name),
        String.join(
            "\n",
            "security.protocol=SASL_SSL",
            "sasl.mechanism=" + KafkaService.SCRAM_MECHANISM,
            "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\""
                + USER
                + "\" password=\""
                + password
                + "\";",
            "ssl.truststore.type=PEM",
            "ssl.truststore.location=" + trusted,
            ""),
        StandardCharsets.UTF_8);
  }

  private static <T> T parse(T command, String... args) {
    CommandLine cl = new CommandLine(command);
    cl.setDefaultValueProvider(new ConfigDefaults(Map.of(), new Properties()));
    cl.parseArgs(args);
    if (command instanceof GatewayCommand g) {
      g.kafka.environment = Map.of();
    } else if (command instanceof ProcessorCommand p) {
      p.kafka.environment = Map.of();
    }
    return command;
  }

  private static MqttOptions mqttOptions(MosquittoService mosquitto) {
    MqttOptions mqtt = new MqttOptions();
    mqtt.uri = mosquitto.serverUri();
    mqtt.environment = Map.of();
    return mqtt;
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = new String[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static List<ConsumerRecord<String, byte[]>> siteAqiRecords(String namespace) {
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "sec-check-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"),
            new StringDeserializer(),
            new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(Topics.SITE_AQI.name()).stream()
              .map(i -> new TopicPartition(i.topic(), i.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      List<ConsumerRecord<String, byte[]>> ours = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofSeconds(1))) {
          if (r.key() != null && r.key().startsWith(namespace)) {
            ours.add(r);
          }
        }
      }
      return ours;
    }
  }

  private static int influxSiteAqiRows(InfluxService influx, String namespace) throws IOException {
    String body =
        influx.query(
            DATABASE, "SELECT \"aqi\" FROM \"site_aqi\" WHERE \"siteId\" =~ /^" + namespace + "/");
    JsonNode values = Json.mapper().readTree(body).at("/results/0/series/0/values");
    return values.isMissingNode() ? 0 : values.size();
  }
}
