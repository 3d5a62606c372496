package dev.airtrace.deploy;

import static dev.airtrace.localstack.TestWaits.atMost;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.airtrace.localstack.MosquittoService;
import dev.airtrace.mqtt.InboundMessage;
import dev.airtrace.mqtt.MqttClients;
import dev.airtrace.mqtt.MqttEndpoint;
import dev.airtrace.mqtt.MqttIntake;
import dev.airtrace.mqtt.MqttIntakeConfig;
import dev.airtrace.mqtt.MqttPublisher;
import dev.airtrace.mqtt.MqttPublisherConfig;
import dev.airtrace.mqtt.MqttTls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the compose stack's own broker configuration, deploy/mosquitto/mosquitto.conf with its ACL,
 * in a real mosquitto with the certificates and password file deploy/gen-secrets.sh writes. Only
 * the container paths (secrets, ACL, persistence) and the listener's port and address are changed
 * for the test; every security setting is the file's.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class MosquittoComposeConfigIT {
  private static final Duration AT_MOST = atMost(Duration.ofSeconds(30));
  private static final Duration QUIET = Duration.ofSeconds(2);

  @TempDir static Path dir;

  private static Path secrets;
  private static MosquittoService broker;

  @BeforeAll
  static void startTheComposeBroker() throws Exception {
    secrets = dir.resolve("secrets");
    GenSecrets.run(secrets);
    Path data = Files.createDirectories(dir.resolve("data"));
    Path acl = dir.resolve("acl");
    Files.copy(RepoFiles.path("deploy/mosquitto/acl"), acl);
    String conf = RepoFiles.read(RepoFiles.path("deploy/mosquitto/mosquitto.conf"));
    broker =
        MosquittoService.launchWithTlsConfig(
            port -> {
              String c =
                  conf.replace("/run/secrets/", secrets + "/")
                      .replace("/mosquitto/config/acl", acl.toString())
                      .replace("/mosquitto/data/", data + "/")
                      .replace("\nlistener 8883\n", "\nlistener " + port + " 127.0.0.1\n");
              assertThat(c).as("listener line replaced").contains("listener " + port + " ");
              return c;
            });
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void shouldListenOnlyWithTlsAndRefuseAnonymousClients() throws Exception {
    String conf = RepoFiles.read(RepoFiles.path("deploy/mosquitto/mosquitto.conf"));

    assertThat(conf.lines().filter(l -> l.startsWith("listener ")))
        .containsExactly("listener 8883");
    assertThat(conf).contains("\nallow_anonymous false\n").contains("\ncertfile ");

    try (MqttPublisher anonymous = publisher(null, null)) {
      anonymous.start();
      await().atMost(AT_MOST).until(() -> anonymous.status().failedAttempts() > 0);
      assertThat(anonymous.status().connects()).isZero();
    }
  }

  @Test
  void shouldDeliverTheSimulatorsReadingsToTheGatewayWithTheGeneratedCredentials()
      throws Exception {
    try (MqttIntake gateway = gatewayIntake(password("mqtt-gateway.password"));
        MqttPublisher simulator = publisher("simulator", password("mqtt-simulator.password"))) {
      gateway.start();
      await().atMost(AT_MOST).until(() -> gateway.status().connected());
      simulator.start();
      assertThat(simulator.awaitConnected(AT_MOST)).isTrue();

      simulator.publish("airtrace/v1/site-a/dev-7/json", bytes("reading"));

      List<InboundMessage> got = pollAll(gateway, 1);
      assertThat(got)
          .extracting(InboundMessage::topic)
          .containsExactly("airtrace/v1/site-a/dev-7/json");
      got.forEach(gateway::acknowledge);
    }
  }

  @Test
  void shouldNotLetTheGatewayPublish() throws Exception {
    String gatewayPassword = password("mqtt-gateway.password");
    try (MqttIntake gateway = gatewayIntake(gatewayPassword);
        MqttPublisher asGateway = publisher("gateway-1", gatewayPassword)) {
      gateway.start();
      await().atMost(AT_MOST).until(() -> gateway.status().connected());
      asGateway.start();
      assertThat(asGateway.awaitConnected(AT_MOST)).isTrue();

      CompletableFuture<Void> forged =
          asGateway.publish("airtrace/v1/site-a/dev-7/json", bytes("x"));
      await().atMost(AT_MOST).until(forged::isDone);

      await()
          .during(QUIET)
          .atMost(QUIET.plus(AT_MOST))
          .until(() -> gateway.poll(Duration.ofMillis(100)) == null);
    }
  }

  @Test
  void shouldRefuseTheGatewayWithAWrongPassword() throws Exception {
    try (MqttIntake gateway = gatewayIntake("not-the-generated-password")) {
      gateway.start();

      await().atMost(AT_MOST).until(() -> gateway.status().failedAttempts() > 0);
      assertThat(gateway.status().connected()).isFalse();
      assertThat(gateway.status().lastError()).isEqualTo("MqttException: Not authorized.");
    }
  }

  private static MqttIntake gatewayIntake(String password) {
    MqttEndpoint endpoint =
        MqttEndpoint.builder(broker.serverUri())
            .credentials("gateway-1", password)
            .tls(MqttTls.trusting(secrets.resolve("ca.pem")))
            .build();
    return MqttClients.intake(
        MqttIntakeConfig.builder(
                endpoint, "gateway-1-" + Long.toHexString(System.nanoTime()), "airtrace/v1/+/+/+")
            .queueCapacity(64)
            .build());
  }

  private static MqttPublisher publisher(String user, String password) {
    MqttEndpoint.Builder endpoint =
        MqttEndpoint.builder(broker.serverUri()).tls(MqttTls.trusting(secrets.resolve("ca.pem")));
    if (user != null) {
      endpoint.credentials(user, password);
    }
    return MqttClients.publisher(
        MqttPublisherConfig.defaults(
            endpoint.build(), "client-" + Long.toHexString(System.nanoTime())));
  }

  private static String password(String file) throws IOException {
    return Files.readString(secrets.resolve(file), StandardCharsets.UTF_8);
  }

  private static List<InboundMessage> pollAll(MqttIntake intake, int count) {
    List<InboundMessage> out = new ArrayList<>();
    await()
        .atMost(AT_MOST)
        .until(
            () -> {
              InboundMessage m = intake.poll(Duration.ofMillis(100));
              if (m != null) {
                out.add(m);
              }
              return out.size() >= count;
            });
    return out;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
