package dev.airtrace.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReadingTest {
  private static Reading reading(long sequence, Map<Quantity, Double> values) {
    return new Reading(
        new DeviceId("dev-001"),
        new SiteId("site-a"),
        1_764_057_600_000L,
        sequence,
        values,
        null,
        new GatewayId("gw-1"),
        1_764_057_600_100L);
  }

  @Test
  void shouldCopyValuesSoLaterChangesDoNotLeakIn() {
    Map<Quantity, Double> values = new HashMap<>(Map.of(Quantity.PM10, 5.0));
    Reading r = reading(1, values);

    values.put(Quantity.CO, 1.0);

    assertThat(r.values()).containsOnlyKeys(Quantity.PM10);
    assertThatThrownBy(() -> r.values().put(Quantity.CO, 1.0))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void shouldExposeOptionalViews() {
    Reading r = reading(1, Map.of(Quantity.PM10, 5.0));

    assertThat(r.value(Quantity.PM10)).hasValue(5.0);
    assertThat(r.value(Quantity.CO)).isEmpty();
    assertThat(r.optionalLocation()).isEmpty();
  }

  @Test
  void shouldRejectNegativeSequenceEmptyAndNonFiniteValues() {
    assertThatThrownBy(() -> reading(-1, Map.of(Quantity.PM10, 5.0)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> reading(1, Map.of())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> reading(1, Map.of(Quantity.PM10, Double.NaN)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pm10");
  }
}
