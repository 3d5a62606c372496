package dev.airtrace.sink.influx.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airtrace.core.kafka.KafkaClientProperties;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StandaloneSinkWorkerPropertiesTest {
  @TempDir Path dir;

  @Test
  void shouldGiveSecuritySettingsToTheWorkerAndToEachClientItCreates() {
    StandaloneSinkWorker.Options options =
        StandaloneSinkWorker.Options.builder("kafka:9093", dir, "http://influx:8086", "airtrace")
            .kafkaClient(
                new KafkaClientProperties(
                    Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512")))
            .build();

    Map<String, String> worker = StandaloneSinkWorker.workerProperties(options);

    assertThat(worker)
        .containsEntry("bootstrap.servers", "kafka:9093")
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("consumer.security.protocol", "SASL_SSL")
        .containsEntry("consumer.sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("producer.security.protocol", "SASL_SSL")
        .containsEntry("admin.security.protocol", "SASL_SSL");
  }

  @Test
  void shouldAddNoSecuritySettingsByDefault() {
    Map<String, String> worker =
        StandaloneSinkWorker.workerProperties(
            StandaloneSinkWorker.Options.airtrace("k:9092", dir, "http://i:8086", "db"));

    assertThat(worker.keySet()).noneMatch(k -> k.contains("security") || k.contains("sasl"));
  }
}
