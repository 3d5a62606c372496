package dev.airtrace.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class MqttConfigTest {
  private final MqttEndpoint endpoint = MqttEndpoint.of("tcp://127.0.0.1:1883");

  @Test
  void shouldRejectUriWithoutPort() {
    assertThatThrownBy(() -> MqttEndpoint.of("tcp://broker"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("port");
  }

  @Test
  void shouldRejectUnknownScheme() {
    assertThatThrownBy(() -> MqttEndpoint.of("http://broker:80"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tcp");
  }

  @Test
  void shouldRejectKeepAliveInFractionsOfASecond() {
    assertThatThrownBy(
            () ->
                new MqttEndpoint(
                    "tcp://h:1", null, null, Duration.ofMillis(1500), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("whole seconds");
  }

  @Test
  void shouldRejectWildcardInTheMiddleOfALevel() {
    assertThatThrownBy(() -> MqttIntakeConfig.defaults(endpoint, "c", "airtrace/v1/site+/#"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("whole level");
  }

  @Test
  void shouldAcceptSensorFilter() {
    assertThat(MqttIntakeConfig.defaults(endpoint, "c", "airtrace/v1/+/+/+").subscriptionFilter())
        .isEqualTo("airtrace/v1/+/+/+");
  }

  @Test
  void shouldRejectSessionThatDoesNotOutliveADisconnect() {
    assertThatThrownBy(
            () ->
                new MqttIntakeConfig(
                    endpoint, "c", "#", 100, Duration.ZERO, ReconnectPolicy.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("persistent session");
  }

  @Test
  void shouldRejectClientIdWithWhitespace() {
    assertThatThrownBy(() -> MqttIntakeConfig.defaults(endpoint, "my gateway", "#"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("whitespace");
  }

  @Test
  void shouldPackEpochQosAndPacketIdIntoTheDeliveryTag() {
    long tag = PahoIntake.deliveryTag(7, 1, 65_535);

    assertThat(tag >>> 32).isEqualTo(7);
    assertThat((tag >>> 16) & 0x3).isEqualTo(1);
    assertThat(tag & 0xFFFF).isEqualTo(65_535);
  }
}
