package dev.airtrace.gateway.kafka;

import dev.airtrace.topics.TopicProvisioner;
import dev.airtrace.topics.TopicProvisioningException;
import dev.airtrace.topics.TopicRequest;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;

/** Creates record sinks; keeps the Kafka implementation package-private. */
public final class RecordSinks {
  private RecordSinks() {}

  /**
   * An idempotent Kafka producer with {@code config}. It connects lazily, on the first record.
   *
   * @throws RecordSinkException if Kafka rejects the configuration
   */
  public static RecordSink kafka(KafkaOutputConfig config) {
    try {
      return new KafkaRecordSink(config);
    } catch (KafkaException e) {
      throw new RecordSinkException("cannot create the Kafka producer: " + e.getMessage(), e);
    }
  }

  /**
   * Creates the requested topic with its creation policy and the broker's default partitions and
   * replication unless it exists, for topics the gateway owns that operators may not have created
   * (batch headers, anomalies). Uses the producer's client overrides (security settings). Blocks up
   * to {@code timeout}.
   *
   * @return why the topic could not be ensured, or empty if it exists now
   */
  public static Optional<String> ensureTopic(
      KafkaOutputConfig config, TopicRequest topic, Duration timeout) {
    Map<String, Object> p = new HashMap<>();
    config.clientOverrides().forEach((k, v) -> p.put(String.valueOf(k), v));
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    p.put(AdminClientConfig.CLIENT_ID_CONFIG, config.clientId() + "-admin");
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    try (TopicProvisioner provisioner = TopicProvisioner.create(p)) {
      provisioner.createMissing(List.of(topic), TopicProvisioner.Defaults.BROKER, timeout);
      return Optional.empty();
    } catch (TopicProvisioningException e) {
      return Optional.of(e.getMessage());
    } catch (RuntimeException e) {
      return Optional.of(e.toString());
    }
  }
}
