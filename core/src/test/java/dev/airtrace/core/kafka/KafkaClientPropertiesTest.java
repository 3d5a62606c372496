package dev.airtrace.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class KafkaClientPropertiesTest {
  private static final String JAAS =
      "org.apache.kafka.common.security.scram.ScramLoginModule required"
          + " username=\"gw\" password=\"s3cret\";";

  @TempDir Path dir;

  @Test
  void shouldMapEnvironmentVariablesToLowerCaseDottedPropertyNames() {
    assertThat(KafkaClientProperties.propertyName("AIRTRACE_KAFKA_SASL_JAAS_CONFIG"))
        .isEqualTo("sasl.jaas.config");
    assertThat(KafkaClientProperties.propertyName("AIRTRACE_KAFKA_SECURITY_PROTOCOL"))
        .isEqualTo("security.protocol");
    assertThat(KafkaClientProperties.propertyName("AIRTRACE_KAFKA_SSL_TRUSTSTORE_LOCATION"))
        .isEqualTo("ssl.truststore.location");
  }

  @Test
  void shouldTakeOnlyAirtraceKafkaVariablesThatAreNotAirtraceOptions() {
    KafkaClientProperties p =
        KafkaClientProperties.fromEnvironment(
            Map.of(
                "AIRTRACE_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "AIRTRACE_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                "AIRTRACE_KAFKA_BOOTSTRAP", "kafka:9093",
                "AIRTRACE_KAFKA_CONFIG", "/etc/airtrace/kafka.properties",
                "AIRTRACE_MQTT_URI", "ssl://broker:8883",
                "KAFKA_SECURITY_PROTOCOL", "PLAINTEXT"));

    assertThat(p.values())
        .containsExactly(
            Map.entry("sasl.mechanism", "SCRAM-SHA-512"),
            Map.entry("security.protocol", "SASL_SSL"));
  }

  @Test
  void shouldReadAClientPropertiesFileAsKafkaToolsDo() throws IOException {
    Path file = dir.resolve("client.properties");
    Files.writeString(
        file,
        "# as for kafka-console-producer --producer.config\n"
            + "security.protocol=SASL_SSL\n"
            + "sasl.mechanism=SCRAM-SHA-256\n"
            + "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required \\\n"
            + "  username=\"gw\" password=\"s3cret\";\n"
            + "ssl.truststore.location=/etc/kafka/ca.p12\n",
        StandardCharsets.UTF_8);

    KafkaClientProperties p = KafkaClientProperties.fromFile(file);

    assertThat(p.values())
        .containsExactly(
            Map.entry("sasl.jaas.config", JAAS),
            Map.entry("sasl.mechanism", "SCRAM-SHA-256"),
            Map.entry("security.protocol", "SASL_SSL"),
            Map.entry("ssl.truststore.location", "/etc/kafka/ca.p12"));
  }

  @Test
  void shouldLetTheEnvironmentOverrideTheFile() {
    KafkaClientProperties file =
        new KafkaClientProperties(
            Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-256"));
    KafkaClientProperties env =
        KafkaClientProperties.fromEnvironment(
            Map.of("AIRTRACE_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512"));

    assertThat(file.overriddenBy(env).values())
        .containsExactly(
            Map.entry("sasl.mechanism", "SCRAM-SHA-512"),
            Map.entry("security.protocol", "SASL_SSL"));
  }

  @ParameterizedTest
  @CsvSource({
    "acks, 1, acks=all",
    "acks, 0, acks=all",
    "enable.idempotence, false, enable.idempotence=true",
    "isolation.level, read_uncommitted, isolation.level=read_committed",
    "enable.auto.commit, true, enable.auto.commit=false"
  })
  void shouldRefuseSettingsThatBreakTheDeliveryGuarantee(String key, String value, String needed) {
    assertThatThrownBy(() -> new KafkaClientProperties(Map.of(key, value)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Kafka client property "
                + key
                + "="
                + value
                + " is refused: airtrace's delivery guarantee needs "
                + needed);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "bootstrap.servers",
        "processing.guarantee",
        "transactional.id",
        "group.id",
        "application.id",
        "client.id",
        "value.serializer",
        "key.deserializer"
      })
  void shouldRefuseSettingsAirtraceOwns(String key) {
    assertThatThrownBy(() -> new KafkaClientProperties(Map.of(key, "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Kafka client property " + key + " is not allowed here: ");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "6", "many"})
  void shouldRefuseInFlightRequestsThatBreakIdempotentOrdering(String value) {
    assertThatThrownBy(
            () -> new KafkaClientProperties(Map.of("max.in.flight.requests.per.connection", value)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("max.in.flight.requests.per.connection");
  }

  @Test
  void shouldAcceptAndDropGuaranteeSettingsThatAgreeWithAirtrace() {
    KafkaClientProperties p =
        new KafkaClientProperties(
            Map.of(
                "acks", "ALL",
                "enable.idempotence", "true",
                "isolation.level", "read_committed",
                "enable.auto.commit", "false",
                "max.in.flight.requests.per.connection", "5",
                "security.protocol", "SSL"));

    assertThat(p.values())
        .containsExactly(
            Map.entry("max.in.flight.requests.per.connection", "5"),
            Map.entry("security.protocol", "SSL"));
  }

  @Test
  void shouldNameTheFileOrVariableThatSetsARefusedKey() throws IOException {
    Path file = dir.resolve("bad.properties");
    Files.writeString(file, "acks=1\n", StandardCharsets.UTF_8);

    assertThatThrownBy(() -> KafkaClientProperties.fromFile(file))
        .hasMessageStartingWith(file + ": Kafka client property acks=1 is refused");
    assertThatThrownBy(
            () ->
                KafkaClientProperties.fromEnvironment(
                    Map.of("AIRTRACE_KAFKA_ENABLE_IDEMPOTENCE", "false")))
        .hasMessageStartingWith("AIRTRACE_KAFKA_ENABLE_IDEMPOTENCE: Kafka client property");
  }

  @Test
  void shouldNameAMissingFile() {
    Path missing = dir.resolve("absent.properties");

    assertThatThrownBy(() -> KafkaClientProperties.fromFile(missing))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageStartingWith("cannot read Kafka client config " + missing);
  }

  @Test
  void shouldPrefixEveryKeyForConnectWorkerClients() {
    KafkaClientProperties p =
        new KafkaClientProperties(
            Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "PLAIN"));

    assertThat(p.withPrefix("consumer."))
        .containsExactly(
            Map.entry("consumer.sasl.mechanism", "PLAIN"),
            Map.entry("consumer.security.protocol", "SASL_SSL"));
  }

  @Test
  void shouldNeverShowValuesInToString() {
    KafkaClientProperties p = new KafkaClientProperties(Map.of("sasl.jaas.config", JAAS));

    assertThat(p.toString())
        .isEqualTo("KafkaClientProperties[sasl.jaas.config]")
        .doesNotContain("s3cret");
  }
}
