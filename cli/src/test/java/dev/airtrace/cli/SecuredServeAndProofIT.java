package dev.airtrace.cli;

import static dev.airtrace.localstack.TestWaits.atMost;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.airtrace.localstack.FreePorts;
import dev.airtrace.localstack.KafkaService;
import dev.airtrace.localstack.TlsFiles;
import dev.airtrace.topics.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code airtrace serve} and {@code airtrace proof} against a real Kafka broker whose client
 * listener is SASL_SSL with SCRAM-SHA-512, each given only that listener and a {@code
 * client.properties} file ({@code --kafka-config}), as an operator would run them: serve checks the
 * broker, creates its topics, loads the committed pm25-forecast model and joins its consumer group
 * over SASL; proof authenticates and reads. A wrong password ends either with one line.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class SecuredServeAndProofIT {
  private static final Duration PATIENCE = atMost(Duration.ofMinutes(2));
  private static final String USER = "airtrace";
  private static final String PASSWORD = "pw-" + UUID.randomUUID();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir static Path work;

  private static KafkaService kafka;
  private static TlsFiles ca;
  private static ExecutorService background;

  @BeforeAll
  static void startSecuredBroker() {
    ca = TlsFiles.create(work.resolve("tls"), "serve-proof-ca");
    kafka = KafkaService.startSecured(ca.issue("kafka-broker"));
    kafka.createScramUser(USER, PASSWORD);
    background =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "secured-serve");
              t.setDaemon(true); // serve runs until the JVM stops, as under SIGTERM
              return t;
            });
  }

  @AfterAll
  static void stopBroker() {
    if (background != null) {
      background.shutdownNow();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void shouldServeForecastsConsumingAndProducingOverSaslSsl() throws Exception {
    Path config = clientConfig("serve-good.properties", PASSWORD);
    int port = FreePorts.pick();
    String group = "serve-sec-" + UUID.randomUUID().toString().substring(0, 8);
    String[] args = serveArgs(config, "--http-port", String.valueOf(port), "--group-id", group);
    StringWriter err = new StringWriter();
    CommandLine cl = AirtraceCli.commandLine(args);
    cl.setErr(new PrintWriter(err, true));
    Future<Integer> serve = background.submit(() -> cl.execute(args));

    // ready = model loaded, golden-checked, warmed up; Kafka was checked and topics created first
    await()
        .atMost(PATIENCE)
        .until(
            () -> {
              assertThat(serve.isDone()).as("serve exited early: %s", err).isFalse();
              return ready(port);
            });
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      assertThat(topics).contains(Topics.Names.FORECASTS);
      // the group exists once serve's consumer joined it over SASL_SSL
      await()
          .atMost(PATIENCE)
          .ignoreExceptions()
          .until(
              () -> {
                ConsumerGroupDescription d =
                    admin
                        .describeConsumerGroups(List.of(group))
                        .all()
                        .get(30, TimeUnit.SECONDS)
                        .get(group);
                return !d.members().isEmpty();
              });
    }
  }

  @Test
  void shouldStopServeWithOneLineWhenThePasswordIsWrong() {
    Path config = clientConfig("serve-wrong.properties", "not-" + PASSWORD);
    String[] args = serveArgs(config, "--http-port", String.valueOf(FreePorts.pick()));

    Result result = run(args);

    assertThat(result.exitCode()).isEqualTo(ErrorHandlers.FAILURE_EXIT);
    assertThat(result.stderr())
        .startsWith(
            "airtrace serve: Kafka at "
                + kafka.secureBootstrapServers()
                + " refused the connection: ")
        .contains("Authentication failed");
    assertThat(result.stderr().strip().lines()).hasSize(1);
  }

  @Test
  void shouldLookUpAProofOverSaslSslAndRefuseAWrongPassword() throws Exception {
    String prefix = "proof-sec-" + UUID.randomUUID().toString().substring(0, 8);
    String readings = prefix + ".readings";
    String headers = prefix + ".headers";
    String epochs = prefix + ".epochs";
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(readings, 1, (short) 1),
                  new NewTopic(headers, 1, (short) 1),
                  new NewTopic(epochs, 1, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
    }

    Result good =
        run(proofArgs(clientConfig("proof-good.properties", PASSWORD), readings, headers, epochs));
    Result wrong =
        run(
            proofArgs(
                clientConfig("proof-wrong.properties", "x" + PASSWORD), readings, headers, epochs));

    // authenticated and searched: the reading is not there, which proof reports with exit 3
    assertThat(good.exitCode()).as(good.stderr()).isEqualTo(3);
    assertThat(good.stderr()).startsWith("no proof for dev-1#1: ");
    assertThat(wrong.exitCode()).isEqualTo(ErrorHandlers.FAILURE_EXIT);
    assertThat(wrong.stderr()).startsWith("airtrace proof: ").contains("Authentication failed");
    assertThat(wrong.stderr().strip().lines()).hasSize(1);
  }

  private record Result(int exitCode, String stderr) {}

  /** Runs a command to its end (at most two minutes), capturing picocli's and System.err. */
  private static Result run(String[] args) {
    StringWriter err = new StringWriter();
    java.io.PrintStream original = System.err;
    java.io.ByteArrayOutputStream stderr = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(stderr, true, StandardCharsets.UTF_8));
    try {
      CommandLine cl = AirtraceCli.commandLine(args);
      cl.setErr(new PrintWriter(err, true));
      int exit = cl.execute(args);
      return new Result(exit, stderr.toString(StandardCharsets.UTF_8) + err);
    } finally {
      System.setErr(original);
    }
  }

  private static String[] serveArgs(Path config, String... more) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "serve",
                "--kafka-bootstrap",
                kafka.secureBootstrapServers(),
                "--kafka-config",
                config.toString(),
                "--kafka-timeout",
                "60s",
                "--topic-partitions",
                "1",
                "--topic-replication",
                "1",
                "--model-repository",
                Path.of("..", "models", "repository").toAbsolutePath().normalize().toString(),
                "--accelerator",
                "CPU"));
    args.addAll(List.of(more));
    return args.toArray(new String[0]);
  }

  private static String[] proofArgs(Path config, String readings, String headers, String epochs) {
    return new String[] {
      "proof",
      "--kafka-bootstrap",
      kafka.secureBootstrapServers(),
      "--kafka-config",
      config.toString(),
      "--device",
      "dev-1",
      "--sequence",
      "1",
      "--chain-id",
      "31337",
      "--contract",
      "0x5FbDB2315678afecb367f032d93F642f64180aa3",
      "--submitter",
      "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
      "--readings-topic",
      readings,
      "--headers-topic",
      headers,
      "--epochs-topic",
      epochs
    };
  }

  private static boolean ready(int port) {
    try {
      HttpResponse<Void> r =
          HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2/health/ready"))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      return r.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static Path clientConfig(String name, String password) {
    try {
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
              "ssl.truststore.location=" + ca.caCertificate(),
              ""),
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
