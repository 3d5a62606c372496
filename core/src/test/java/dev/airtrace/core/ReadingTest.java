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

  @Test
  void shouldHaveNoCorrectionsWhenBuiltWithTheDeviceConstructor() {
    assertThat(reading(1, Map.of(Quantity.PM10, 5.0)).corrections()).isEmpty();
  }

  @Test
  void shouldRefuseAnAppliedCorrectionOfAValueTheReadingLacks() {
    Correction applied =
        new Correction(Correction.EPA_BARKJOHN_2021, CorrectionStatus.APPLIED, Map.of());

    assertThatThrownBy(
            () ->
                new Reading(
                    new DeviceId("d"),
                    new SiteId("s"),
                    0,
                    0,
                    Map.of(Quantity.PM10, 1.0),
                    null,
                    new GatewayId("g"),
                    0,
                    Map.of(Quantity.PM2_5, applied)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pm2_5");
  }

  @Test
  void shouldRemoveTheValueWhenACorrectionDerivesNothing() {
    Reading r = reading(1, Map.of(Quantity.PM2_5, 3.0, Quantity.PM2_5_CF1_A, 9.0));
    Correction failed =
        new Correction(Correction.EPA_BARKJOHN_2022, CorrectionStatus.MISSING_INPUT, Map.of());

    Reading out = r.withCorrection(Quantity.PM2_5, null, failed);

    assertThat(out.values()).containsOnlyKeys(Quantity.PM2_5_CF1_A);
    assertThat(out.correction(Quantity.PM2_5)).contains(failed);
    assertThat(r.corrections()).isEmpty();
  }

  @Test
  void shouldRejectAMethodCodeThatNeedsEscaping() {
    assertThatThrownBy(
            () -> new Correction("Barkjohn \"2022\"", CorrectionStatus.APPLIED, Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
