package dev.airtrace.cli;

import dev.airtrace.core.kafka.KafkaClientProperties;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The Kafka connection options shared by every command that talks to Kafka: the bootstrap servers
 * and the environment's client settings (TLS, SASL), which every Kafka client the command creates
 * receives (producers, consumers, admin clients, Kafka Streams, the Connect worker).
 *
 * <p>Client settings come from a Kafka {@code client.properties} file ({@code --kafka-config}) and
 * from {@code AIRTRACE_KAFKA_*} environment variables ({@code AIRTRACE_KAFKA_SASL_JAAS_CONFIG} →
 * {@code sasl.jaas.config}); a variable overrides the file. Secrets therefore never need to be on
 * the command line. See {@link KafkaClientProperties} for the mapping and the refused settings.
 */
final class KafkaOptions {
  @Option(
      names = "--kafka-bootstrap",
      paramLabel = "HOST:PORT[,...]",
      defaultValue = "127.0.0.1:9092",
      description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
  String bootstrap;

  @Option(
      names = "--kafka-config",
      paramLabel = "FILE",
      description =
          "Kafka client settings in Kafka's client.properties format (security.protocol, ssl.*,"
              + " sasl.*, ...), given to every Kafka client of this command; AIRTRACE_KAFKA_<NAME>"
              + " variables add or override settings (AIRTRACE_KAFKA_SASL_JAAS_CONFIG ->"
              + " sasl.jaas.config). Settings that break a delivery guarantee (acks,"
              + " enable.idempotence, isolation.level, ...) are refused. See docs/operations.md.")
  Path config;

  /** Where {@code AIRTRACE_KAFKA_*} variables come from; tests replace it. */
  Map<String, String> environment = System.getenv();

  private KafkaClientProperties resolved;

  /**
   * The client settings from {@code --kafka-config} and the environment, read once.
   *
   * @throws IllegalArgumentException naming the file or variable that sets a refused setting
   */
  KafkaClientProperties clientProperties() {
    if (resolved == null) {
      KafkaClientProperties fromFile =
          config == null ? KafkaClientProperties.NONE : KafkaClientProperties.fromFile(config);
      resolved = fromFile.overriddenBy(KafkaClientProperties.fromEnvironment(environment));
    }
    return resolved;
  }

  /** Admin client settings: the client settings plus {@code bootstrap.servers}. */
  Map<String, Object> adminConfig() {
    Map<String, Object> admin = new HashMap<>(clientProperties().values());
    admin.put("bootstrap.servers", bootstrap);
    return admin;
  }
}
