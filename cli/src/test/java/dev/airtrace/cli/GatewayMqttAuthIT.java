package dev.airtrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airtrace.localstack.KafkaService;
import dev.airtrace.localstack.MosquittoService;
import dev.airtrace.localstack.TlsFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code airtrace gateway} against a real mosquitto with TLS, passwords, the ACL of
 * deploy/mosquitto and required client certificates: credentials or certificates the broker will
 * never accept end the command at start with one line and exit code 1, before it writes anything:
 * no state directory, no outbox, no Kafka topic. (Before, the gateway started and retried forever.)
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class GatewayMqttAuthIT {
  private static final String PASSWORD = "gw-" + Long.toHexString(System.nanoTime());

  /** Longer than one refused connect, far shorter than a gateway that would run until stopped. */
  private static final long COMMAND_SECONDS = 60;

  @TempDir static Path dir;

  private static TlsFiles ca;
  private static TlsFiles.Issued gatewayCert;
  private static Path passwordFile;
  private static MosquittoService broker;
  private static KafkaService kafka;

  @BeforeAll
  static void startSecuredBrokerAndKafka() throws Exception {
    ca = TlsFiles.create(dir.resolve("tls"), "gateway-auth-ca");
    TlsFiles.Issued server = ca.issue("localhost");
    gatewayCert = ca.issue("gateway-1");
    Path passwd = dir.resolve("passwd");
    run("mosquitto_passwd", "-c", "-b", passwd.toString(), "gateway-1", PASSWORD);
    Path acl = dir.resolve("acl");
    Files.copy(Path.of("..", "deploy", "mosquitto", "acl"), acl);
    passwordFile = Files.writeString(dir.resolve("gateway.password"), PASSWORD);
    broker =
        MosquittoService.launchSecured(
            new MosquittoService.Security(
                ca.caCertificate(), server.certificate(), server.key(), true, passwd, acl));
    kafka = KafkaService.start(KafkaService.Options.defaults());
  }

  @AfterAll
  static void stop() {
    if (broker != null) {
      broker.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void shouldExitWithOneLineAndWriteNothingWhenThePasswordIsWrong() throws Exception {
    Path wrong = Files.writeString(dir.resolve("wrong.password"), "not-" + PASSWORD);

    Outcome out =
        gateway(
            "wrong-pw", ca.caCertificate(), gatewayCert.certificate(), gatewayCert.key(), wrong);

    assertThat(out.exitCode()).isEqualTo(ErrorHandlers.FAILURE_EXIT);
    assertThat(out.stderr())
        .startsWith("airtrace gateway: MQTT broker " + broker.serverUri() + " refused the gateway")
        .contains("broker refused the credentials: Not authorized (reason 135)")
        .doesNotContain("\tat ");
    assertThat(out.stderr().strip().lines()).hasSize(1);
    assertNothingWritten(out);
  }

  @Test
  void shouldExitWithOneLineAndWriteNothingWhenTheBrokersCertificateIsNotTrusted()
      throws Exception {
    TlsFiles stranger = TlsFiles.create(dir.resolve("stranger-ca"), "not-the-brokers-ca");

    Outcome out =
        gateway(
            "untrusted",
            stranger.caCertificate(),
            gatewayCert.certificate(),
            gatewayCert.key(),
            passwordFile);

    assertThat(out.exitCode()).isEqualTo(ErrorHandlers.FAILURE_EXIT);
    assertThat(out.stderr())
        .contains("refused the gateway (TLS handshake failed: ")
        .contains("unable to find valid certification path");
    assertThat(out.stderr().strip().lines()).hasSize(1);
    assertNothingWritten(out);
  }

  @Test
  void shouldExitWithOneLineAndWriteNothingWhenTheClientCertificateIsRefused() throws Exception {
    TlsFiles foreign = TlsFiles.create(dir.resolve("foreign-ca"), "someone-else");
    TlsFiles.Issued foreignCert = foreign.issue("gateway-1");

    Outcome out =
        gateway(
            "foreign-cert",
            ca.caCertificate(),
            foreignCert.certificate(),
            foreignCert.key(),
            passwordFile);

    assertThat(out.exitCode()).isEqualTo(ErrorHandlers.FAILURE_EXIT);
    assertThat(out.stderr()).contains("refused the gateway (TLS handshake failed: ");
    assertThat(out.stderr().strip().lines()).hasSize(1);
    assertNothingWritten(out);
  }

  private record Outcome(int exitCode, String stderr, Path stateDir) {}

  /** Runs {@code airtrace gateway} as an operator would, with a time limit. */
  private static Outcome gateway(String name, Path trusted, Path cert, Path key, Path password)
      throws Exception {
    Path stateDir = dir.resolve("state-" + name);
    String[] args = {
      "gateway",
      "--gateway-id",
      "gw-auth-" + name,
      "--mqtt-uri",
      broker.serverUri(),
      "--mqtt-ca",
      trusted.toString(),
      "--mqtt-cert",
      cert.toString(),
      "--mqtt-key",
      key.toString(),
      "--mqtt-username",
      "gateway-1",
      "--mqtt-password-file",
      password.toString(),
      "--kafka-bootstrap",
      kafka.bootstrapServers(),
      "--state-dir",
      stateDir.toString(),
      "--status-interval",
      "0s"
    };
    StringWriter err = new StringWriter();
    CommandLine cl = AirtraceCli.commandLine(args);
    cl.setErr(new PrintWriter(err, true));
    ExecutorService runner = Executors.newSingleThreadExecutor();
    try {
      Future<Integer> exit = runner.submit(() -> cl.execute(args));
      return new Outcome(exit.get(COMMAND_SECONDS, TimeUnit.SECONDS), err.toString(), stateDir);
    } finally {
      runner.shutdownNow();
    }
  }

  private static void assertNothingWritten(Outcome out) throws Exception {
    assertThat(out.stateDir()).as("state directory (signing key, outbox)").doesNotExist();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      assertThat(topics).as("no gateway topic created").noneMatch(t -> t.startsWith("airtrace."));
    }
  }

  private static void run(String... command) throws IOException, InterruptedException {
    List<String> c = new ArrayList<>(List.of(command));
    Process p = new ProcessBuilder(c).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
  }
}
