package dev.airtrace.gateway.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class KafkaOutputConfigTest {
  private final KafkaOutputConfig defaults = KafkaOutputConfig.defaults("127.0.0.1:9092", "gw");

  @Test
  void shouldMapToAnIdempotentProducerThatWaitsForAllReplicas() {
    Properties p = defaults.toProperties();

    assertThat(p)
        .containsEntry("enable.idempotence", "true")
        .containsEntry("acks", "all")
        .containsEntry("max.in.flight.requests.per.connection", "5")
        .containsEntry("compression.type", "lz4")
        .containsEntry("linger.ms", "5")
        .containsEntry("batch.size", "65536")
        .containsEntry("delivery.timeout.ms", "120000")
        .containsEntry("bootstrap.servers", "127.0.0.1:9092")
        .containsEntry("client.id", "gw");
  }

  @Test
  void shouldPassEnvironmentOverridesThrough() {
    KafkaOutputConfig config = withOverrides(Map.of("security.protocol", "SSL"));

    assertThat(config.toProperties()).containsEntry("security.protocol", "SSL");
  }

  @Test
  void shouldRefuseOverridesThatWeakenTheGuarantee() {
    assertThatThrownBy(() -> withOverrides(Map.of("acks", "1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("acks");
  }

  @Test
  void shouldRequireDeliveryTimeoutToCoverLingerAndRequestTimeout() {
    assertThatThrownBy(
            () ->
                defaults.toBuilder()
                    .timeouts(Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(1))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("deliveryTimeout");
  }

  @Test
  void shouldGiveTheOutboxForwarderAtLeastFiftyMillisecondsOfLinger() {
    KafkaOutputConfig forwarder = defaults.forForwarder();

    assertThat(forwarder.linger()).isEqualTo(Duration.ofMillis(50));
    assertThat(forwarder.toProperties()).containsEntry("linger.ms", "50");
    assertThat(forwarder.toBuilder().linger(Duration.ofMillis(5)).build()).isEqualTo(defaults);
  }

  @Test
  void shouldKeepALongerLingerAndStretchATightDeliveryTimeoutForTheForwarder() {
    KafkaOutputConfig slow = defaults.toBuilder().linger(Duration.ofMillis(200)).build();
    KafkaOutputConfig tight =
        defaults.toBuilder()
            .timeouts(Duration.ofSeconds(1), Duration.ofMillis(1_005), Duration.ofSeconds(1))
            .build();

    assertThat(slow.forForwarder()).isSameAs(slow);
    // 50 ms linger + 1 s request timeout: Kafka refuses a delivery timeout below 1.05 s.
    assertThat(tight.forForwarder().deliveryTimeout()).isEqualTo(Duration.ofMillis(1_050));
  }

  @Test
  void shouldRejectBootstrapWithoutPort() {
    assertThatThrownBy(() -> KafkaOutputConfig.defaults("localhost", "gw"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("host:port");
  }

  private KafkaOutputConfig withOverrides(Map<String, String> overrides) {
    return new KafkaOutputConfig(
        defaults.bootstrapServers(),
        defaults.clientId(),
        defaults.compression(),
        defaults.linger(),
        defaults.batchSize(),
        defaults.requestTimeout(),
        defaults.deliveryTimeout(),
        defaults.maxBlock(),
        overrides);
  }
}
