package dev.airtrace.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airtrace.anchoring.AnchoringConfig;
import dev.airtrace.anchoring.AnchoringRuntime;
import dev.airtrace.anchoring.ContractDeployer;
import dev.airtrace.anchoring.chain.ChainClient;
import dev.airtrace.anchoring.chain.Chains;
import dev.airtrace.anchoring.epoch.EpochPolicy;
import dev.airtrace.cli.AirtraceCli;
import dev.airtrace.core.DeviceId;
import dev.airtrace.core.GatewayId;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.codec.Json;
import dev.airtrace.core.codec.SensorMessage;
import dev.airtrace.core.codec.SensorPayloadEncoder;
import dev.airtrace.gateway.EdgeGateway;
import dev.airtrace.gateway.GatewayConfig;
import dev.airtrace.gateway.GatewayTopics;
import dev.airtrace.gateway.integrity.IntegrityConfig;
import dev.airtrace.localstack.AnvilService;
import dev.airtrace.localstack.KafkaService;
import dev.airtrace.localstack.MosquittoService;
import dev.airtrace.localstack.Services;
import dev.airtrace.mqtt.MqttClients;
import dev.airtrace.mqtt.MqttEndpoint;
import dev.airtrace.mqtt.MqttPublisher;
import dev.airtrace.mqtt.MqttPublisherConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The integrity path end to end on real services: sensors publish over a real mosquitto; the
 * gateway batches and signs; the anchoring service anchors the epoch on a real anvil chain; {@code
 * airtrace proof} finds one reading's proof by device and sequence in Kafka, and {@code airtrace
 * verify} checks it against the chain: valid once final, invalid after one changed byte.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class IntegrityEndToEndIT {
  /** anvil's first dev account: a published test key, used only against the loopback chain. */
  private static final String DEV_KEY =
      "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

  private static final Duration PATIENCE = Duration.ofMinutes(2);
  private static final int READINGS = 40;

  @TempDir Path work;

  @Test
  void shouldProveAReadingFromSensorToChainAndRejectATamperedProof() throws Exception {
    KafkaService kafka = Services.kafka();
    MosquittoService mosquitto = Services.mosquitto();
    AnvilService anvil = Services.anvil();
    String run = UUID.randomUUID().toString().substring(0, 8);
    // Topics of their own: the other end-to-end test shares this broker.
    GatewayTopics topics =
        new GatewayTopics("it" + run + ".readings", "it" + run + ".agg", "it" + run + ".dlq");
    String headers = "it" + run + ".batch-headers";
    String epochs = "it" + run + ".epochs";
    kafka.createTopics(1, topics.readings(), topics.aggregates(), topics.deadLetters(), headers);

    String contract;
    try (ChainClient chain = Chains.connect(anvil.rpcUrl(), Duration.ofSeconds(10))) {
      contract =
          ContractDeployer.deploy(
                  chain,
                  Chains.signer(DEV_KEY),
                  ContractDeployer.bytecode(repoRoot().resolve("contracts/RootAnchor.json")),
                  PATIENCE)
              .contractAddress();
    }

    GatewayId gatewayId = new GatewayId("gw-" + run);
    GatewayConfig gc =
        GatewayConfig.builder(gatewayId, mosquitto.serverUri(), kafka.bootstrapServers())
            .mqtt(
                GatewayConfig.defaultMqtt(gatewayId, MqttEndpoint.of(mosquitto.serverUri()))
                    .toBuilder()
                    .clientId("it-gw-" + run)
                    .build())
            .topics(topics)
            .integrity(
                IntegrityConfig.builder()
                    .headersTopic(headers)
                    .sealing(16, Duration.ofSeconds(1))
                    .stateDirectory(work.resolve("gateway-state"))
                    .build())
            .build();
    AnchoringConfig settings =
        AnchoringConfig.builder(kafka.bootstrapServers(), anvil.rpcUrl(), DEV_KEY, contract)
            .topics("it-anchor-" + run, headers, epochs)
            .epochs(new EpochPolicy(Duration.ofSeconds(2), 1024))
            .build();

    DeviceId device = new DeviceId("dev-" + run);
    long now = System.currentTimeMillis();
    try (EdgeGateway gateway = EdgeGateway.create(gc, new SimpleMeterRegistry());
        MqttPublisher publisher =
            MqttClients.publisher(
                MqttPublisherConfig.defaults(
                    MqttEndpoint.of(mosquitto.serverUri()), "it-pub-" + run));
        AnchoringRuntime anchoring = AnchoringRuntime.start(settings, Clock.systemUTC())) {
      gateway.start();
      // Publish only once the gateway has subscribed: the broker keeps nothing for a subscription
      // that does not exist yet (clean session), so a fast publisher would lose the first readings.
      await().atMost(PATIENCE).until(() -> gateway.snapshot().mqttConnected());
      publisher.start();
      assertThat(publisher.awaitConnected(PATIENCE)).isTrue();
      String topic = "airtrace/v1/site-" + run + "/" + device.value() + "/json";
      for (int seq = 0; seq < READINGS; seq++) {
        Map<Quantity, Double> values = new EnumMap<>(Quantity.class);
        values.put(Quantity.PM2_5, 10.0 + seq / 10.0);
        values.put(Quantity.TEMPERATURE, 21.5);
        publisher.publish(
            topic,
            SensorPayloadEncoder.json(
                new SensorMessage(seq, now - (READINGS - seq) * 1_000L, values, null)));
      }
      await().atMost(PATIENCE).until(() -> gateway.snapshot().accepted() == READINGS);

      // Reading 17's proof exists once its batch's epoch is anchored, and says "final" once anvil
      // has 64 blocks on top of the anchor.
      Path proof = work.resolve("proof.json");
      String[] proofArgs = {
        "proof",
        "--kafka-bootstrap",
        kafka.bootstrapServers(),
        "--device",
        device.value(),
        "--sequence",
        "17",
        "--chain-id",
        Long.toString(AnvilService.CHAIN_ID),
        "--contract",
        contract,
        "--submitter",
        anchoring.operator(),
        "--output",
        proof.toString(),
        "--readings-topic",
        topics.readings(),
        "--headers-topic",
        headers,
        "--epochs-topic",
        epochs
      };
      await()
          .atMost(PATIENCE)
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () -> {
                anvil.mine(70);
                return cli(proofArgs) == 0
                    && Json.mapper()
                        .readTree(proof.toFile())
                        .at("/anchor/state")
                        .asText()
                        .equals("final");
              });
      ObjectNode json = (ObjectNode) Json.mapper().readTree(proof.toFile());
      // Which batch and position hold reading 17 depends on the worker's passes (with the outbox
      // every pass seals its batch), so the proof is checked by what it proves: its leaf is
      // reading 17 (below) and `verify` accepts it and refuses it tampered.
      assertThat(new String(Base64.getDecoder().decode(json.at("/leaf/b64").asText()), UTF_8))
          .contains("\"sequence\":17");

      String[] missing = proofArgs.clone();
      missing[6] = "9999"; // the value after --sequence: a reading that was never published
      assertThat(cli(missing)).as("proof for an unknown reading").isEqualTo(3);

      String[] verify = {
        "verify",
        proof.toString(),
        "--rpc",
        anvil.rpcUrl(),
        "--chain-id",
        Long.toString(AnvilService.CHAIN_ID),
        "--contract",
        contract,
        "--submitter",
        anchoring.operator()
      };
      assertThat(cli(verify)).as("verify exit code").isZero();

      // One changed byte in the reading's canonical bytes: the Merkle part no longer holds.
      byte[] leaf = Base64.getDecoder().decode(json.at("/leaf/b64").asText());
      String text =
          new String(leaf, StandardCharsets.UTF_8).replace("\"sequence\":17", "\"sequence\":18");
      assertThat(text).isNotEqualTo(new String(leaf, StandardCharsets.UTF_8));
      ((ObjectNode) json.get("leaf"))
          .put("b64", Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)));
      Files.write(proof, Json.mapper().writeValueAsBytes(json));
      assertThat(cli(verify)).as("verify exit code after tampering").isEqualTo(1);
    }
  }

  private static int cli(String... args) {
    return AirtraceCli.commandLine(args).execute(args);
  }

  private static Path repoRoot() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("contracts/RootAnchor.json"))) {
        return p;
      }
    }
    throw new IllegalStateException("contracts/RootAnchor.json not found above the working dir");
  }
}
