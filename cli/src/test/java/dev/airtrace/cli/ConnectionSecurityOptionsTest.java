package dev.airtrace.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airtrace.core.GatewayId;
import dev.airtrace.mqtt.MqttEndpoint;
import dev.airtrace.sink.influx.InfluxSinkConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** How the Kafka, MQTT and InfluxDB connection options reach each component's clients. */
class ConnectionSecurityOptionsTest {
  private static final String JAAS =
      "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"gw\""
          + " password=\"s3cret\";";

  @TempDir Path dir;

  private <T extends Callable<Integer>> T parse(
      Supplier<T> factory, Map<String, String> env, String... args) {
    T command = factory.get();
    CommandLine cl = new CommandLine(command);
    cl.setDefaultValueProvider(new ConfigDefaults(env, new Properties()));
    cl.parseArgs(args);
    return command;
  }

  private Path clientProperties(String... lines) throws IOException {
    return Files.writeString(
        dir.resolve("client.properties"), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
  }

  @Test
  void shouldGiveTheGatewaysProducerTheFilesSettingsAndKeepItsGuarantee() throws IOException {
    Path file =
        clientProperties(
            "security.protocol=SASL_SSL",
            "sasl.mechanism=SCRAM-SHA-512",
            "sasl.jaas.config=" + JAAS,
            "acks=all");
    GatewayCommand gateway =
        parse(
            GatewayCommand::new,
            Map.of(),
            "--gateway-id",
            "gw-1",
            "--kafka-config",
            file.toString());
    gateway.kafka.environment = Map.of();

    Properties producer =
        GatewayCommand.config(new GatewayId("gw-1"), gateway.mqtt, gateway.kafka)
            .build()
            .kafka()
            .toProperties();

    assertThat(producer)
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("sasl.jaas.config", JAAS)
        .containsEntry("acks", "all")
        .containsEntry("enable.idempotence", "true");
    assertThat(gateway.kafka.adminConfig())
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("bootstrap.servers", "127.0.0.1:9092");
  }

  @Test
  void shouldGiveKafkaStreamsTheFileWithEnvironmentOverridesAndExactlyOnce() throws IOException {
    Path file = clientProperties("security.protocol=SASL_SSL", "sasl.mechanism=SCRAM-SHA-256");
    Map<String, String> env =
        Map.of(
            "AIRTRACE_KAFKA_CONFIG",
            file.toString(),
            "AIRTRACE_KAFKA_SASL_MECHANISM",
            "SCRAM-SHA-512",
            "AIRTRACE_KAFKA_SASL_JAAS_CONFIG",
            JAAS);
    ProcessorCommand processor = parse(ProcessorCommand::new, env);
    processor.kafka.environment = env;

    Properties streams = processor.config().toStreamsProperties();

    assertThat(streams)
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("sasl.jaas.config", JAAS)
        .containsEntry("processing.guarantee", "exactly_once_v2");
  }

  @Test
  void shouldRefuseAFileThatWeakensTheDeliveryGuaranteeNamingFileAndKey() throws IOException {
    Path file = clientProperties("security.protocol=SSL", "enable.idempotence=false");
    ProcessorCommand processor =
        parse(ProcessorCommand::new, Map.of(), "--kafka-config", file.toString());
    processor.kafka.environment = Map.of();

    assertThatThrownBy(processor::config)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            file
                + ": Kafka client property enable.idempotence=false is refused: airtrace's"
                + " delivery guarantee needs enable.idempotence=true");
  }

  @Test
  void shouldRefuseProducerSettingsTheGatewayOwns() throws IOException {
    Path file = clientProperties("linger.ms=500");
    GatewayCommand gateway =
        parse(
            GatewayCommand::new,
            Map.of(),
            "--gateway-id",
            "gw-1",
            "--kafka-config",
            file.toString());
    gateway.kafka.environment = Map.of();

    assertThatThrownBy(
            () -> GatewayCommand.config(new GatewayId("gw-1"), gateway.mqtt, gateway.kafka))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("linger.ms");
  }

  @Test
  void shouldReadTheMqttPasswordFromAFileOrTheEnvironmentButNeverTheCommandLine()
      throws IOException {
    Path secret = Files.writeString(dir.resolve("mqtt.pw"), "from-file\n");
    SimulateCommand fromFile =
        parse(
            SimulateCommand::new,
            Map.of(),
            "--mqtt-username",
            "dev-1",
            "--mqtt-password-file",
            secret.toString());
    fromFile.mqtt.environment = Map.of(MqttOptions.PASSWORD_ENV, "from-env");
    SimulateCommand fromEnv = parse(SimulateCommand::new, Map.of(), "--mqtt-username", "dev-1");
    fromEnv.mqtt.environment = Map.of(MqttOptions.PASSWORD_ENV, "from-env");

    assertThat(fromFile.mqtt.endpoint().password()).isEqualTo("from-file");
    assertThat(fromEnv.mqtt.endpoint().password()).isEqualTo("from-env");
    assertThatThrownBy(
            () -> parse(SimulateCommand::new, Map.of(), "--mqtt-password", "visible-in-ps"))
        .isInstanceOf(CommandLine.UnmatchedArgumentException.class);
  }

  @Test
  void shouldRefuseAnMqttPasswordFileWithoutAUser() throws IOException {
    Path secret = Files.writeString(dir.resolve("mqtt.pw"), "pw\n");
    SimulateCommand command =
        parse(SimulateCommand::new, Map.of(), "--mqtt-password-file", secret.toString());
    command.mqtt.environment = Map.of();

    assertThatThrownBy(() -> command.mqtt.endpoint())
        .hasMessage("--mqtt-password-file needs --mqtt-username");
  }

  @Test
  void shouldTakeMqttTlsFilesForAnSslUri() {
    SimulateCommand command =
        parse(
            SimulateCommand::new,
            Map.of(),
            "--mqtt-uri",
            "ssl://broker:8883",
            "--mqtt-ca",
            dir.resolve("absent-ca.crt").toString());
    command.mqtt.environment = Map.of();

    assertThatThrownBy(() -> command.mqtt.endpoint())
        .hasMessageStartingWith("cannot read MQTT TLS certificate file");
    SimulateCommand plain = parse(SimulateCommand::new, Map.of());
    plain.mqtt.environment = Map.of();
    MqttEndpoint endpoint = plain.mqtt.endpoint();
    assertThat(endpoint.tls()).isNull();
    assertThat(endpoint.username()).isNull();
  }

  @Test
  void shouldSendAnInfluxTokenAsTheV1CompatibilityPassword() throws IOException {
    Path token = Files.writeString(dir.resolve("token"), "tok-123\n");
    SinkCommand sink = parse(SinkCommand::new, Map.of(), "--influx-token-file", token.toString());
    sink.environment = Map.of();

    assertThat(sink.influxCredentials())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                InfluxSinkConfig.USERNAME,
                SinkCommand.TOKEN_USER,
                InfluxSinkConfig.PASSWORD,
                "tok-123"));
  }

  @Test
  void shouldSendAnInfluxUserAndPasswordFromTheEnvironment() {
    SinkCommand sink = parse(SinkCommand::new, Map.of(), "--influx-username", "writer");
    sink.environment = Map.of(SinkCommand.INFLUX_PASSWORD_ENV, "pw");

    assertThat(sink.influxCredentials())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(InfluxSinkConfig.USERNAME, "writer", InfluxSinkConfig.PASSWORD, "pw"));
  }

  @Test
  void shouldRefuseAnInfluxPasswordTogetherWithAToken() {
    SinkCommand sink = parse(SinkCommand::new, Map.of(), "--influx-username", "writer");
    sink.environment =
        Map.of(SinkCommand.INFLUX_PASSWORD_ENV, "pw", SinkCommand.INFLUX_TOKEN_ENV, "tok");

    assertThatThrownBy(sink::influxCredentials)
        .hasMessage("give an InfluxDB password (1.x) or a token (2.x/3.x), not both");
  }

  @Test
  void shouldHandTheInfluxCaFromItsEnvironmentVariableToTheConnector() {
    SinkCommand sink = parse(SinkCommand::new, Map.of("AIRTRACE_INFLUX_CA", "/run/secrets/ca.pem"));
    sink.environment = Map.of();

    assertThat(sink.influxConnection())
        .containsExactlyEntriesOf(Map.of(InfluxSinkConfig.CA_FILE, "/run/secrets/ca.pem"));
  }

  @Test
  void shouldSetNoInfluxCaWithoutTheOption() {
    SinkCommand sink = parse(SinkCommand::new, Map.of(), "--influx-username", "writer");
    sink.environment = Map.of();

    assertThat(sink.influxConnection()).doesNotContainKey(InfluxSinkConfig.CA_FILE);
  }

  @Test
  void shouldSendNoInfluxCredentialsWhenNoneAreConfigured() {
    SinkCommand sink = parse(SinkCommand::new, Map.of());
    sink.environment = Map.of();

    assertThat(sink.influxCredentials()).isEmpty();
  }

  @Test
  void shouldSummariseAFailedSinkTaskInOneLineNamingTheCause() {
    String trace =
        "org.apache.kafka.connect.errors.ConnectException: Exiting WorkerSinkTask due to"
            + " unrecoverable exception.\n\tat org.apache.kafka.connect.runtime.X.y(X.java:1)\n"
            + "Caused by: org.apache.kafka.connect.errors.ConnectException: InfluxDB write of 1"
            + " points failed: authorization failed (not retriable)\n\tat a.b(C.java:2)\n"
            + "Caused by: org.influxdb.InfluxDBException$AuthorizationFailedException:"
            + " authorization failed\n";

    assertThat(SinkCommand.summary(trace))
        .isEqualTo(
            "org.apache.kafka.connect.errors.ConnectException: InfluxDB write of 1 points failed:"
                + " authorization failed (not retriable)");
    assertThat(SinkCommand.summary("just one line")).isEqualTo("just one line");
  }
}
