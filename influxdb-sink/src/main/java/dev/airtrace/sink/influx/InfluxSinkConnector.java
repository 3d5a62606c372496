package dev.airtrace.sink.influx;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

/**
 * Kafka Connect sink connector that writes JSON records to InfluxDB (v1 write protocol). Every task
 * gets the connector's own configuration; Connect spreads the topic partitions over them. See
 * {@link InfluxSinkConfig} for the settings and docs/sink.md for installation.
 *
 * <p>Instantiated and driven by the Connect worker; not thread-safe.
 */
public final class InfluxSinkConnector extends SinkConnector {
  private Map<String, String> props;

  @Override
  public String version() {
    return Version.get();
  }

  @Override
  public void start(Map<String, String> props) {
    InfluxSinkConfig config = new InfluxSinkConfig(props);
    requireMappedTopics(props.get(TOPICS_CONFIG), config.mappings().keySet());
    this.props = Map.copyOf(props);
  }

  @Override
  public Class<? extends Task> taskClass() {
    return InfluxSinkTask.class;
  }

  @Override
  public List<Map<String, String>> taskConfigs(int maxTasks) {
    List<Map<String, String>> configs = new ArrayList<>(maxTasks);
    for (int i = 0; i < maxTasks; i++) {
      configs.add(props);
    }
    return configs;
  }

  @Override
  public void stop() {
    // nothing to release: tasks own the HTTP clients
  }

  @Override
  public ConfigDef config() {
    return InfluxSinkConfig.CONFIG_DEF;
  }

  @Override
  public Config validate(Map<String, String> connectorConfigs) {
    Config result = super.validate(connectorConfigs);
    boolean basicErrors =
        result.configValues().stream().anyMatch(v -> !v.errorMessages().isEmpty());
    if (!basicErrors) {
      try {
        InfluxSinkConfig config = new InfluxSinkConfig(connectorConfigs);
        requireMappedTopics(connectorConfigs.get(TOPICS_CONFIG), config.mappings().keySet());
      } catch (ConfigException e) {
        // Report the error on the key it names (CA file, URL), else on the mappings.
        String key =
            Stream.of(InfluxSinkConfig.CA_FILE, InfluxSinkConfig.URL)
                .filter(k -> e.getMessage().contains("configuration " + k))
                .findFirst()
                .orElse(InfluxSinkConfig.MAPPINGS);
        for (ConfigValue value : result.configValues()) {
          if (value.name().equals(key)) {
            value.addErrorMessage(e.getMessage());
          }
        }
      }
    }
    return result;
  }

  /** Points are idempotent, so any offset reset (e.g. a replay) is safe. */
  @Override
  public boolean alterOffsets(
      Map<String, String> connectorConfig, Map<TopicPartition, Long> offsets) {
    return true;
  }

  private static void requireMappedTopics(String topics, Set<String> mapped) {
    if (topics == null || topics.isBlank()) {
      return; // topics.regex: unmapped topics fail the task when their first record arrives
    }
    for (String topic : topics.split(",")) {
      if (!topic.isBlank() && !mapped.contains(topic.trim())) {
        throw new ConfigException(
            TOPICS_CONFIG,
            topics,
            "topic '" + topic.trim() + "' has no InfluxDB mapping; mapped: " + mapped);
      }
    }
  }
}
