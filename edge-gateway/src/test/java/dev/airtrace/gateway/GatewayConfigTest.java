package dev.airtrace.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airtrace.core.GatewayId;
import dev.airtrace.gateway.integrity.IntegrityConfig;
import dev.airtrace.mqtt.MqttEndpoint;
import dev.airtrace.mqtt.MqttIntakeConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class GatewayConfigTest {
  private final GatewayConfig.Builder builder =
      GatewayConfig.builder(new GatewayId("gw-7"), "tcp://127.0.0.1:1883", "127.0.0.1:9092");
  private final MqttIntakeConfig.Builder mqtt =
      GatewayConfig.defaultMqtt(new GatewayId("gw-7"), MqttEndpoint.of("tcp://127.0.0.1:1883"))
          .toBuilder();

  @Test
  void shouldDefaultToStableClientIdSensorFilterAndDocumentedTopics() {
    GatewayConfig config = builder.build();

    assertThat(config.mqtt().clientId()).isEqualTo("airtrace-gateway-gw-7");
    assertThat(config.mqtt().subscriptionFilter()).isEqualTo("airtrace/v1/+/+/+");
    assertThat(config.topics().readings()).isEqualTo("airtrace.gateway.readings.v1");
    assertThat(config.topics().aggregates()).isEqualTo("airtrace.gateway.aggregates-1m.v1");
    assertThat(config.topics().deadLetters()).isEqualTo("airtrace.gateway.deadletter.v1");
    assertThat(config.shutdownTimeout()).isEqualTo(GatewayConfig.DEFAULT_SHUTDOWN_TIMEOUT);
  }

  @Test
  void shouldSizeReceiveMaximumToHalfTheQueue() {
    GatewayConfig config = builder.mqtt(mqtt.queueCapacity(1_000).build()).build();

    assertThat(config.mqtt().receiveMaximum()).isEqualTo(500);
  }

  @Test
  void shouldRejectTopicsThatCollide() {
    assertThatThrownBy(() -> new GatewayTopics("a", "a", "b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("distinct");
  }

  @Test
  void shouldRejectIllegalTopicName() {
    assertThatThrownBy(() -> new GatewayTopics("a b", "c", "d"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a b");
  }

  @Test
  void shouldRejectNonPositiveShutdownTimeout() {
    assertThatThrownBy(() -> builder.shutdownTimeout(Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("shutdownTimeout");
  }

  @Test
  void shouldRejectQueueTooLargeForTheMqttReceiveMaximum() {
    assertThatThrownBy(() -> builder.mqtt(mqtt.queueCapacity(200_000).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("queueCapacity");
  }

  @Test
  void shouldNeverPrintThePassword() {
    MqttEndpoint withPassword =
        MqttEndpoint.builder("tcp://127.0.0.1:1883").credentials("gateway1", "s3cret").build();
    String text = builder.mqtt(mqtt.endpoint(withPassword).build()).build().toString();

    assertThat(text).contains("gateway1").doesNotContain("s3cret");
  }

  @Test
  void shouldTurnIntegrityOnByDefaultWithNamedSealingLimits() {
    IntegrityConfig integrity = builder.build().integrity();

    assertThat(integrity.enabled()).isTrue();
    assertThat(integrity.headersTopic()).isEqualTo("airtrace.gateway.batch-headers.v1");
    assertThat(integrity.maxLeaves()).isEqualTo(IntegrityConfig.DEFAULT_MAX_LEAVES);
    assertThat(integrity.maxAge()).isEqualTo(IntegrityConfig.DEFAULT_MAX_AGE);
    assertThat(integrity.signingKeyFile()).isNull();
    assertThat(integrity.passWindow()).isZero();
  }

  @Test
  void shouldRejectAPassWindowOutsideZeroToOneSecond() {
    IntegrityConfig.Builder defaults = IntegrityConfig.builder();

    assertThatThrownBy(() -> defaults.passWindow(Duration.ofMillis(-1)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("passWindow");
    assertThatThrownBy(() -> defaults.passWindow(Duration.ofMillis(1_001)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("passWindow");
    assertThat(defaults.passWindow(Duration.ZERO).build().passWindow()).isZero();
  }

  @Test
  void shouldRejectAHeaderTopicThatIsAlsoAReadingsTopic() {
    IntegrityConfig clash =
        IntegrityConfig.builder().headersTopic(GatewayTopics.READINGS_V1).build();

    assertThatThrownBy(() -> builder.integrity(clash).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("batch-header topic");
  }

  @Test
  void shouldRejectSealingLimitsOutOfRange() {
    IntegrityConfig.Builder defaults = IntegrityConfig.builder();

    assertThatThrownBy(() -> defaults.sealing(0, Duration.ofSeconds(1)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxLeaves");
    assertThatThrownBy(() -> defaults.sealing(10, Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxAge");
  }
}
