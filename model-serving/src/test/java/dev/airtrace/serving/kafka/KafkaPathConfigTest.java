package dev.airtrace.serving.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airtrace.core.kafka.KafkaClientProperties;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaPathConfigTest {
  private static final KafkaClientProperties SASL_SSL =
      new KafkaClientProperties(
          Map.of("security.protocol", "SASL_SSL", "ssl.truststore.type", "PEM"));

  @Test
  void shouldGiveConsumersTheSecuritySettingsAndKeepReadCommitted() {
    KafkaPathConfig config = KafkaPathConfig.builder("k:9093").kafkaClient(SASL_SSL).build();

    assertThat(config.consumerProperties("c-0"))
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("ssl.truststore.type", "PEM")
        .containsEntry("isolation.level", "read_committed")
        .containsEntry("enable.auto.commit", false)
        .containsEntry("bootstrap.servers", "k:9093");
  }

  @Test
  void shouldGiveTheProducerTheSecuritySettingsAndKeepIdempotence() {
    KafkaPathConfig config = KafkaPathConfig.builder("k:9093").kafkaClient(SASL_SSL).build();

    assertThat(config.producerProperties("p"))
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("acks", "all")
        .containsEntry("enable.idempotence", true);
  }

  @Test
  void shouldHaveNoSecuritySettingsByDefault() {
    assertThat(KafkaPathConfig.defaults("k:9092").kafkaClient())
        .isEqualTo(KafkaClientProperties.NONE);
  }
}
