package dev.airtrace.core.codec;

import static dev.airtrace.core.codec.TestPayloads.DEVICE;
import static dev.airtrace.core.codec.TestPayloads.aMessage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airtrace.core.Location;
import dev.airtrace.core.Quantity;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SensorPayloadEncoderTest {

  @Test
  void shouldWriteDocumentedJsonShape() {
    SensorMessage m =
        aMessage()
            .value(Quantity.PM2_5, 12.3)
            .value(Quantity.TEMPERATURE, 21.5)
            .location(new Location(52.1, 4.3, 2.0))
            .build();

    assertThat(new String(SensorPayloadEncoder.json(m), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"seq\":42,\"time\":1764057600000,\"values\":{\"pm2_5\":12.3,\"temperature\":21.5},"
                + "\"location\":{\"latitude\":52.1,\"longitude\":4.3,\"altitude\":2.0}}");
  }

  @Test
  void shouldWriteDocumentedSenmlShape() {
    SensorMessage m =
        aMessage()
            .eventTime(1_764_057_600_250L)
            .value(Quantity.CO, 0.4)
            .location(new Location(52.1, 4.3, null))
            .build();

    assertThat(new String(SensorPayloadEncoder.senml(DEVICE, m), StandardCharsets.UTF_8))
        .isEqualTo(
            "[{\"bn\":\"dev-001/\",\"bt\":1764057600.250,\"n\":\"seq\",\"v\":42},"
                + "{\"n\":\"co\",\"u\":\"ppm\",\"v\":0.4},"
                + "{\"n\":\"lat\",\"u\":\"lat\",\"v\":52.1},{\"n\":\"lon\",\"u\":\"lon\",\"v\":4.3}]");
  }

  @Test
  void shouldRefuseSenmlEventTimeThatWouldReadAsRelative() {
    SensorMessage early = aMessage().eventTime((1L << 28) * 1000 - 1).build();

    assertThatThrownBy(() -> SensorPayloadEncoder.senml(DEVICE, early))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2^28");
  }

  @Test
  void shouldRefuseMessagesADecoderWouldReject() {
    assertThatThrownBy(() -> aMessage().sequence(-1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sequence");
    assertThatThrownBy(() -> new SensorMessage(1, 0, Map.of(), null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> aMessage().value(Quantity.PM10, Double.POSITIVE_INFINITY).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pm10");
  }

  @Test
  void shouldCopyValuesIntoMessage() {
    Map<Quantity, Double> values = new HashMap<>(Map.of(Quantity.PM10, 5.0));
    SensorMessage m = new SensorMessage(1, 0, values, null);

    values.put(Quantity.CO, 1.0);

    assertThat(m.values()).containsOnlyKeys(Quantity.PM10);
  }
}
