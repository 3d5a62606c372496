package dev.airtrace.sink.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class InfluxSinkConfigTest {

  private static Map<String, String> minimal() {
    Map<String, String> props = new HashMap<>();
    props.put(InfluxSinkConfig.URL, "http://influx:8086/");
    props.put(InfluxSinkConfig.DATABASE, "airtrace");
    return props;
  }

  @Test
  void shouldNeedOnlyUrlAndDatabaseForThePreset() {
    InfluxSinkConfig config = new InfluxSinkConfig(minimal());

    assertThat(config.url()).isEqualTo("http://influx:8086");
    assertThat(config.mappings().keySet())
        .containsExactlyInAnyOrderElementsOf(
            java.util.stream.Stream.concat(
                    InfluxSinkConfig.AIRTRACE_TOPICS.stream(),
                    InfluxSinkConfig.VERIFICATION_TOPICS.stream())
                .toList());
    assertThat(config.batchSize()).isEqualTo(InfluxSinkConfig.DEFAULT_BATCH_SIZE);
    assertThat(config.retryTimeout()).isEmpty();
    assertThat(config.username()).isEmpty();
    assertThat(config.retentionPolicy()).isEmpty();
  }

  @Test
  void shouldRejectMissingUrl() {
    Map<String, String> props = minimal();
    props.remove(InfluxSinkConfig.URL);

    assertThatThrownBy(() -> new InfluxSinkConfig(props))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(InfluxSinkConfig.URL);
  }

  @Test
  void shouldParseExplicitMappingAndLetItReplaceThePresetForItsTopic() {
    Map<String, String> props = minimal();
    props.put(InfluxSinkConfig.MAPPINGS, "aqi");
    props.put("influx.mapping.aqi.topic", InfluxSinkConfig.TOPIC_SITE_AQI);
    props.put("influx.mapping.aqi.measurement", "aqi_only");
    props.put("influx.mapping.aqi.time", "/hourStart");
    props.put("influx.mapping.aqi.tags", "siteId, /dominant");
    props.put("influx.mapping.aqi.exclude", "time,pm24h_pm10");

    TopicMapping mapping =
        new InfluxSinkConfig(props).mappings().get(InfluxSinkConfig.TOPIC_SITE_AQI);

    assertThat(mapping.measurement()).isEqualTo("aqi_only");
    assertThat(mapping.tags()).extracting(FieldRef::key).containsExactly("siteId", "dominant");
    assertThat(mapping.exclude()).containsExactlyInAnyOrder("time", "pm24h_pm10");
    assertThat(mapping.explode()).isNull();
  }

  @Test
  void shouldUseOnlyExplicitMappingsWithPresetNone() {
    Map<String, String> props = minimal();
    props.put(InfluxSinkConfig.MAPPING_PRESET, InfluxSinkConfig.PRESET_NONE);
    props.put(InfluxSinkConfig.MAPPINGS, "a");
    props.put("influx.mapping.a.topic", "t");
    props.put("influx.mapping.a.measurement", "m");
    props.put("influx.mapping.a.time", "ts");
    props.put("influx.mapping.a.explode", "values");
    props.put("influx.mapping.a.explode.tag", "name");

    assertThat(new InfluxSinkConfig(props).mappings()).containsOnlyKeys("t");
  }

  @Test
  void shouldRejectMappingWithoutTime() {
    Map<String, String> props = minimal();
    props.put(InfluxSinkConfig.MAPPINGS, "a");
    props.put("influx.mapping.a.topic", "t");
    props.put("influx.mapping.a.measurement", "m");

    assertThatThrownBy(() -> new InfluxSinkConfig(props))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("influx.mapping.a.time");
  }

  @Test
  void shouldRejectExplodeWithoutTagName() {
    Map<String, String> props = minimal();
    props.put(InfluxSinkConfig.MAPPINGS, "a");
    props.put("influx.mapping.a.topic", "t");
    props.put("influx.mapping.a.measurement", "m");
    props.put("influx.mapping.a.time", "ts");
    props.put("influx.mapping.a.explode", "values");

    assertThatThrownBy(() -> new InfluxSinkConfig(props))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("no tag name");
  }

  @Test
  void shouldRejectMappingSettingOfUnlistedAliasSoTyposSurface() {
    Map<String, String> props = minimal();
    props.put("influx.mapping.typo.topic", "t");

    assertThatThrownBy(() -> new InfluxSinkConfig(props))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("influx.mapping.typo.topic");
  }

  @Test
  void shouldReadDurationsInMilliseconds() {
    Map<String, String> props = minimal();
    props.put(InfluxSinkConfig.LINGER_MS, "250");
    props.put(InfluxSinkConfig.RETRY_TIMEOUT_MS, "30000");

    InfluxSinkConfig config = new InfluxSinkConfig(props);

    assertThat(config.linger()).isEqualTo(Duration.ofMillis(250));
    assertThat(config.retryTimeout()).contains(Duration.ofSeconds(30));
  }

  @Test
  void shouldBuildMinimalConnectorConfigForThePreset() {
    Map<String, String> config = InfluxSinkConfig.airtraceConnectorConfig("http://i:8086", "db");

    assertThat(config)
        .containsEntry("connector.class", InfluxSinkConnector.class.getName())
        .containsEntry(
            "topics",
            "airtrace.gateway.aggregates-1m.v1,airtrace.processor.site-hourly.v1,"
                + "airtrace.processor.site-aqi.v1,airtrace.processor.sensor-quality.v1,"
                + "airtrace.gateway.readings.v1")
        .containsEntry(InfluxSinkConfig.URL, "http://i:8086")
        .containsEntry(InfluxSinkConfig.DATABASE, "db");
  }
}
