package dev.airtrace.sink.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

class InfluxSinkConnectorTest {

  @Test
  void shouldGiveEveryTaskTheConnectorConfig() {
    InfluxSinkConnector connector = new InfluxSinkConnector();
    Map<String, String> props = InfluxSinkConfig.airtraceConnectorConfig("http://i:8086", "db");
    connector.start(props);

    assertThat(connector.taskConfigs(3)).hasSize(3).allSatisfy(c -> assertThat(c).isEqualTo(props));
    assertThat(connector.taskClass()).isEqualTo(InfluxSinkTask.class);
  }

  @Test
  void shouldRefuseToStartWithUnmappedTopic() {
    Map<String, String> props =
        new HashMap<>(InfluxSinkConfig.airtraceConnectorConfig("http://i", "db"));
    props.put("topics", "airtrace.processor.site-aqi.v1,other.topic");

    assertThatThrownBy(() -> new InfluxSinkConnector().start(props))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("other.topic");
  }

  @Test
  void shouldReportMappingErrorsFromValidate() {
    Map<String, String> props =
        new HashMap<>(InfluxSinkConfig.airtraceConnectorConfig("http://i", "db"));
    props.put("topics", "unmapped");

    ConfigValue mappings =
        new InfluxSinkConnector()
            .validate(props).configValues().stream()
                .filter(v -> v.name().equals(InfluxSinkConfig.MAPPINGS))
                .findFirst()
                .orElseThrow();

    assertThat(mappings.errorMessages()).singleElement().asString().contains("unmapped");
  }

  @Test
  void shouldReportACaFileForAPlainHttpUrlOnTheCaFileKeyFromValidate() {
    Map<String, String> props =
        new HashMap<>(InfluxSinkConfig.airtraceConnectorConfig("http://i", "db"));
    props.put(InfluxSinkConfig.CA_FILE, "/etc/ssl/influx-ca.pem");

    ConfigValue ca =
        new InfluxSinkConnector()
            .validate(props).configValues().stream()
                .filter(v -> v.name().equals(InfluxSinkConfig.CA_FILE))
                .findFirst()
                .orElseThrow();

    assertThat(ca.errorMessages()).singleElement().asString().contains("needs an https://");
  }
}
