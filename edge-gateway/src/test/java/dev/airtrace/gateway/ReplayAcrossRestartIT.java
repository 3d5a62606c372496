package dev.airtrace.gateway;

import static dev.airtrace.gateway.testdata.Integration.atMost;
import static dev.airtrace.gateway.testdata.Integration.uniqueName;
import static dev.airtrace.gateway.testdata.SensorPayloads.aSensorMessage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.airtrace.core.deadletter.RejectReason;
import dev.airtrace.core.integrity.Ed25519;
import dev.airtrace.gateway.integrity.DeviceSignatureConfig;
import dev.airtrace.gateway.integrity.DeviceSignaturePolicy;
import dev.airtrace.gateway.integrity.IntegrityConfig;
import dev.airtrace.gateway.outbox.OutboxConfig;
import dev.airtrace.gateway.testdata.Integration;
import dev.airtrace.gateway.testdata.SensorPayloads;
import dev.airtrace.gateway.testdata.TopicReader;
import dev.airtrace.localstack.KafkaService;
import dev.airtrace.localstack.Services;
import dev.airtrace.mqtt.MqttPublisher;
import dev.airtrace.topics.deadletter.DeadLetterJson;
import dev.airtrace.topics.gateway.ReadingJson;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replay protection across a real gateway restart (issue #12): a signed reading accepted before the
 * restart and published again after it is a duplicate, not a second reading in the topic.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ReplayAcrossRestartIT {
  private static final Duration AT_MOST = atMost(Duration.ofSeconds(60));

  private final KafkaService kafka = Services.kafka();
  private final String mqttUri = Services.mosquitto().serverUri();
  private final String ns = uniqueName("replay");
  private final String site = ns + "-site";
  private final GatewayTopics topics = Integration.createTopics(kafka, ns, 1);

  @TempDir Path state;

  @Test
  void shouldNotAcceptASignedReadingReplayedAfterARestartASecondTime() throws Exception {
    KeyPair device = Ed25519.generate();
    Path keys = state.resolve("device-keys.properties");
    Files.writeString(keys, "d1 = " + Ed25519.publicKeyToBase64(device.getPublic()) + "\n");
    GatewayConfig config =
        Integration.gateway(ns, mqttUri, kafka.bootstrapServers(), site, topics)
            .integrity(
                IntegrityConfig.disabled().toBuilder()
                    .stateDirectory(state)
                    .persistSequences(true)
                    .build())
            .deviceSignatures(
                new DeviceSignatureConfig(DeviceSignaturePolicy.REQUIRE_IF_PROVISIONED, keys))
            .build();
    long t = System.currentTimeMillis() - Duration.ofMinutes(10).toMillis();
    byte[] first = signed(device, aSensorMessage().site(site).device("d1").sequence(1).at(t));
    byte[] second =
        signed(device, aSensorMessage().site(site).device("d1").sequence(2).at(t + 60_000));
    byte[] third =
        signed(device, aSensorMessage().site(site).device("d1").sequence(3).at(t + 120_000));
    String topic = aSensorMessage().site(site).device("d1").topic();

    try (MqttPublisher publisher = Integration.publisher(mqttUri, ns);
        TopicReader readings = new TopicReader(kafka.bootstrapServers(), topics.readings())) {
      try (EdgeGateway gateway = EdgeGateway.create(config, new SimpleMeterRegistry())) {
        gateway.start();
        await().atMost(AT_MOST).until(() -> gateway.snapshot().mqttConnected());
        publisher.publish(topic, first);
        publisher.publish(topic, second);
        await().atMost(AT_MOST).until(() -> gateway.snapshot().acked() == 2);
      }
      assertThat(config.integrity().sequenceStateFile(config.gatewayId())).exists();

      try (EdgeGateway restarted = EdgeGateway.create(config, new SimpleMeterRegistry())) {
        restarted.start();
        await().atMost(AT_MOST).until(() -> restarted.snapshot().mqttConnected());
        publisher.publish(topic, first); // the replay: byte for byte what was accepted before
        publisher.publish(topic, third);
        await().atMost(AT_MOST).until(() -> restarted.snapshot().received() == 2);
        await().atMost(AT_MOST).until(() -> restarted.snapshot().inFlight() == 0);

        assertThat(restarted.snapshot().duplicates()).isEqualTo(1);
      }
      await().atMost(AT_MOST).until(() -> readings.drain().size() >= 3);
      await()
          .during(Duration.ofSeconds(2))
          .atMost(AT_MOST)
          .until(() -> readings.drain().size() == 3);
      List<Long> sequences =
          readings.records().stream().map(r -> ReadingJson.decode(r.value()).sequence()).toList();
      assertThat(sequences).containsExactly(1L, 2L, 3L);
    }
  }

  @Test
  void shouldDeadLetterASignedReadingReplayedAfterTheGatewayWasKilledWithTheOutbox()
      throws Exception {
    ReplayAfterKill run = replayAfterKill(true);

    assertThat(run.duplicates).as("the replay is a DUPLICATE").isEqualTo(1);
    assertThat(run.deadLetterReasons).containsExactly(RejectReason.DUPLICATE);
    assertThat(run.sequences).containsExactly(1L, 2L, 3L);
  }

  @Test
  void shouldAcceptTheReplayAgainAfterAKillWithoutTheOutboxBecauseOnlyACleanStopSavesTheState()
      throws Exception {
    // The limit the outbox's per-pass state removes: without it only a clean stop saves tracking.
    ReplayAfterKill run = replayAfterKill(false);

    assertThat(run.duplicates).isZero();
    assertThat(run.sequences).containsExactly(1L, 2L, 1L, 3L);
  }

  private record ReplayAfterKill(
      long duplicates, List<RejectReason> deadLetterReasons, List<Long> sequences) {}

  /**
   * A gateway in a child JVM accepts signed readings 1 and 2 of d1 and is killed ({@code kill -9})
   * once both are in Kafka; a restarted gateway (same state directory and outbox) gets reading 1
   * again, byte for byte, and then reading 3.
   */
  private ReplayAfterKill replayAfterKill(boolean outbox) throws Exception {
    KeyPair device = Ed25519.generate();
    Path keys = state.resolve("device-keys.properties");
    Files.writeString(keys, "d1 = " + Ed25519.publicKeyToBase64(device.getPublic()) + "\n");
    long t = System.currentTimeMillis() - Duration.ofMinutes(10).toMillis();
    byte[] first = signed(device, aSensorMessage().site(site).device("d1").sequence(1).at(t));
    byte[] second =
        signed(device, aSensorMessage().site(site).device("d1").sequence(2).at(t + 60_000));
    byte[] third =
        signed(device, aSensorMessage().site(site).device("d1").sequence(3).at(t + 120_000));
    String topic = aSensorMessage().site(site).device("d1").topic();
    List<String> cmd =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            KilledGateway.class.getName(),
            ns,
            mqttUri,
            kafka.bootstrapServers(),
            site,
            state.toString(),
            keys.toString(),
            Boolean.toString(outbox));
    Process child =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(state.resolve("child.log").toFile())
            .start();
    try (MqttPublisher publisher = Integration.publisher(mqttUri, ns);
        TopicReader readings = new TopicReader(kafka.bootstrapServers(), topics.readings());
        TopicReader deadLetters = new TopicReader(kafka.bootstrapServers(), topics.deadLetters())) {
      try {
        await()
            .atMost(AT_MOST)
            .until(() -> Files.readString(state.resolve("child.log")).contains("READY"));
        publisher.publish(topic, first);
        publisher.publish(topic, second);
        // Both acknowledged and (with the outbox) forwarded and deleted, so that nothing is sent
        // again after the restart and every copy of reading 1 in the topic is an acceptance.
        await()
            .atMost(AT_MOST)
            .until(
                () -> Files.readString(state.resolve("child.log")).contains("ACKED 2 BACKLOG 0"));
        await().atMost(AT_MOST).until(() -> readings.drain().size() == 2);
      } finally {
        child.destroyForcibly(); // SIGKILL: no shutdown hook, no clean stop, no state file
      }
      assertThat(child.waitFor(AT_MOST.toSeconds(), TimeUnit.SECONDS)).isTrue();
      assertThat(
              config(state, keys, outbox)
                  .integrity()
                  .sequenceStateFile(config(state, keys, outbox).gatewayId()))
          .doesNotExist();

      long duplicates;
      try (EdgeGateway restarted =
          EdgeGateway.create(config(state, keys, outbox), new SimpleMeterRegistry())) {
        restarted.start();
        await().atMost(AT_MOST).until(() -> restarted.snapshot().mqttConnected());
        publisher.publish(topic, first); // the replay: byte for byte what was accepted before
        publisher.publish(topic, third);
        await().atMost(AT_MOST).until(() -> restarted.snapshot().received() >= 2);
        await().atMost(AT_MOST).until(() -> restarted.snapshot().inFlight() == 0);
        duplicates = restarted.snapshot().duplicates();
      }
      int expected = outbox ? 3 : 4;
      await().atMost(AT_MOST).until(() -> readings.drain().size() >= expected);
      await()
          .during(Duration.ofSeconds(2))
          .atMost(AT_MOST)
          .until(() -> readings.drain().size() == expected);
      // To its end: one poll of a reader idle since the start can return before the first fetch.
      await().atMost(AT_MOST).until(deadLetters::drainedToEnd);
      return new ReplayAfterKill(
          duplicates,
          deadLetters.records().stream()
              .map(r -> DeadLetterJson.decode(r.value()).reason())
              .toList(),
          readings.records().stream().map(r -> ReadingJson.decode(r.value()).sequence()).toList());
    }
  }

  private GatewayConfig config(Path stateDir, Path keys, boolean outbox) {
    return config(ns, mqttUri, kafka.bootstrapServers(), site, topics, stateDir, keys, outbox);
  }

  static GatewayConfig config(
      String ns,
      String mqttUri,
      String bootstrap,
      String site,
      GatewayTopics topics,
      Path stateDir,
      Path keys,
      boolean outbox) {
    return Integration.gateway(ns, mqttUri, bootstrap, site, topics)
        .integrity(
            IntegrityConfig.disabled().toBuilder()
                .stateDirectory(stateDir)
                .persistSequences(true)
                .build())
        .deviceSignatures(
            new DeviceSignatureConfig(DeviceSignaturePolicy.REQUIRE_IF_PROVISIONED, keys))
        .outbox(outbox ? OutboxConfig.defaults() : OutboxConfig.disabled())
        .build();
  }

  /**
   * The gateway the test kills: arguments namespace, MQTT URI, Kafka bootstrap, site, state
   * directory, device-key file, outbox on/off. Prints {@code READY} once subscribed and runs until
   * killed.
   */
  public static final class KilledGateway {
    private KilledGateway() {}

    public static void main(String[] args) throws Exception {
      String ns = args[0];
      GatewayTopics topics =
          new GatewayTopics(
              "it." + ns + ".readings", "it." + ns + ".aggregates", "it." + ns + ".dlq");
      GatewayConfig config =
          config(
              ns,
              args[1],
              args[2],
              args[3],
              topics,
              Path.of(args[4]),
              Path.of(args[5]),
              Boolean.parseBoolean(args[6]));
      EdgeGateway gateway = EdgeGateway.create(config, new SimpleMeterRegistry());
      gateway.start();
      await().atMost(Duration.ofSeconds(60)).until(() -> gateway.snapshot().mqttConnected());
      System.out.println("READY");
      String last = "";
      while (!gateway.awaitTermination(Duration.ofMillis(20))) { // until killed
        GatewayStatus s = gateway.snapshot();
        String now =
            "ACKED "
                + s.acked()
                + " BACKLOG "
                + (s.outbox() == null ? 0 : s.outbox().backlogRecords());
        if (!now.equals(last)) {
          System.out.println(now);
          last = now;
        }
      }
    }
  }

  private static byte[] signed(KeyPair device, SensorPayloads message) {
    return message.signedPayload(device.getPrivate());
  }
}
