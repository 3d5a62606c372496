package dev.airtrace.processor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import dev.airtrace.core.DeviceId;
import dev.airtrace.core.GatewayId;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.Reading;
import dev.airtrace.core.SiteId;
import dev.airtrace.core.codec.Json;
import dev.airtrace.topics.Topic;
import dev.airtrace.topics.Topics;
import dev.airtrace.topics.gateway.ReadingJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The topic contracts hold for what the real topology writes: every site-hourly, site-aqi and
 * site-features record validates against its topic's JSON Schema (the codec-level contract tests
 * live in the {@code topics} module).
 */
class TopologyContractTest {
  @Test
  void siteSchemasShouldAcceptWhatTheTopologyWrites(@TempDir Path state) throws IOException {
    ProcessorConfig config = ProcessorConfig.defaults("unused:9092", state);
    try (TopologyTestDriver driver =
        new TopologyTestDriver(
            SiteAqiTopology.build(config), config.toStreamsProperties(), Instant.EPOCH)) {
      TestInputTopic<String, byte[]> in =
          driver.createInputTopic(
              SiteAqiTopology.RAW_READINGS.name(),
              new StringSerializer(),
              new ByteArraySerializer());
      long hour0 = 1_764_000_000_000L - 1_764_000_000_000L % 3_600_000L;
      long seq = 0;
      // Three hours of PM, gases and weather for one site, then one reading far enough later
      // to close every window.
      for (long t = hour0; t < hour0 + Duration.ofHours(3).toMillis(); t += 600_000) {
        Map<Quantity, Double> values = new EnumMap<>(Quantity.class);
        for (Quantity quantity : Quantity.values()) {
          values.put(quantity, (quantity.plausibleMin() + quantity.plausibleMax()) / 50);
        }
        Reading r =
            new Reading(
                new DeviceId("d1"),
                new SiteId("s1"),
                t,
                seq++,
                values,
                null,
                new GatewayId("g"),
                t);
        in.pipeInput("d1", ReadingJson.encode(r), t);
      }
      Reading closer =
          new Reading(
              new DeviceId("d1"),
              new SiteId("s1"),
              hour0 + Duration.ofHours(5).toMillis(),
              seq,
              Map.of(Quantity.PM2_5, 1.0),
              null,
              new GatewayId("g"),
              0);
      in.pipeInput("d1", ReadingJson.encode(closer), closer.eventTime());

      List<byte[]> hourly = drain(driver, Topics.SITE_HOURLY.name());
      List<byte[]> aqi = drain(driver, Topics.SITE_AQI.name());
      List<byte[]> features = drain(driver, Topics.SITE_FEATURES.name());
      assertThat(hourly).hasSize(3);
      assertThat(features).hasSize(3);
      assertThat(aqi).isNotEmpty();
      for (byte[] v : hourly) {
        assertValid(Topics.SITE_HOURLY, v);
      }
      for (byte[] v : aqi) {
        assertValid(Topics.SITE_AQI, v);
      }
      for (byte[] v : features) {
        assertValid(Topics.SITE_FEATURES, v);
      }
    }
  }

  private static List<byte[]> drain(TopologyTestDriver driver, String topic) {
    TestOutputTopic<String, byte[]> out =
        driver.createOutputTopic(topic, new StringDeserializer(), new ByteArrayDeserializer());
    return new ArrayList<>(out.readValuesToList());
  }

  private static void assertValid(Topic<?, ?> topic, byte[] value) throws IOException {
    JsonNode node = Json.mapper().readTree(value);
    try (InputStream in = topic.openSchema()) {
      assertThat(
              JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                  .getSchema(in)
                  .validate(node))
          .as("%s value %s", topic.name(), node)
          .isEmpty();
    }
  }
}
