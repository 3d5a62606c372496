package dev.airtrace.core.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.airtrace.core.Correction;
import dev.airtrace.core.CorrectionStatus;
import dev.airtrace.core.DeviceId;
import dev.airtrace.core.GatewayId;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.Reading;
import dev.airtrace.core.SiteId;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BarkjohnCorrectorTest {
  private final BarkjohnCorrector extended =
      new BarkjohnCorrector(BarkjohnMethod.EXTENDED_2022, ChannelAgreement.defaults());

  /** A PurpleAir reading: channels A and B, humidity, temperature. */
  private static Map<Quantity, Double> purpleAir(double a, double b, double rh) {
    Map<Quantity, Double> v = new EnumMap<>(Quantity.class);
    v.put(Quantity.PM2_5_CF1_A, a);
    v.put(Quantity.PM2_5_CF1_B, b);
    v.put(Quantity.RELATIVE_HUMIDITY, rh);
    v.put(Quantity.TEMPERATURE, 21.0);
    return v;
  }

  private static Reading reading(Map<Quantity, Double> values) {
    return new Reading(
        new DeviceId("pa-1"),
        new SiteId("site-a"),
        1_764_057_600_000L,
        7,
        values,
        null,
        new GatewayId("gw-1"),
        1_764_057_600_100L);
  }

  @Test
  void shouldDerivePm25FromTheChannelMeanAndRecordTheCorrection() {
    Reading out = extended.correct(reading(purpleAir(41, 39, 50)));

    assertThat(out.value(Quantity.PM2_5).getAsDouble()).isCloseTo(27.64, within(1e-9));
    Correction c = out.correction(Quantity.PM2_5).orElseThrow();
    assertThat(c.method()).isEqualTo("epa-barkjohn-2022");
    assertThat(c.status()).isEqualTo(CorrectionStatus.APPLIED);
    assertThat(c.inputs())
        .containsEntry(Quantity.PM2_5_CF1_A, 41.0)
        .containsEntry(Quantity.PM2_5_CF1_B, 39.0)
        .containsEntry(Quantity.RELATIVE_HUMIDITY, 50.0)
        .doesNotContainKey(Quantity.TEMPERATURE);
    assertThat(out.values()).containsEntry(Quantity.PM2_5_CF1_A, 41.0);
  }

  @Test
  void shouldUseTheUsWideFormulaWhenConfigured() {
    BarkjohnCorrector us =
        new BarkjohnCorrector(BarkjohnMethod.US_2021, ChannelAgreement.defaults());

    Reading out = us.correct(reading(purpleAir(41, 39, 50)));

    // 0.524 * 40 - 4.31 + 5.75 = 22.4
    assertThat(out.value(Quantity.PM2_5).getAsDouble()).isCloseTo(22.4, within(1e-9));
    assertThat(out.correction(Quantity.PM2_5).orElseThrow().method())
        .isEqualTo("epa-barkjohn-2021");
  }

  @Test
  void shouldKeepTheReadingWithoutPm25WhenTheChannelsDisagree() {
    Reading out = extended.correct(reading(purpleAir(10, 40, 50)));

    assertThat(out.value(Quantity.PM2_5)).isEmpty();
    assertThat(out.values()).containsKeys(Quantity.PM2_5_CF1_A, Quantity.PM2_5_CF1_B);
    Correction c = out.correction(Quantity.PM2_5).orElseThrow();
    assertThat(c.status()).isEqualTo(CorrectionStatus.CHANNELS_DISAGREE);
    assertThat(c.inputs()).containsEntry(Quantity.PM2_5_CF1_B, 40.0);
  }

  @Test
  void shouldRecordAMissingInputInsteadOfGuessingHumidity() {
    Map<Quantity, Double> values = purpleAir(20, 21, 50);
    values.remove(Quantity.RELATIVE_HUMIDITY);

    Reading out = extended.correct(reading(values));

    assertThat(out.value(Quantity.PM2_5)).isEmpty();
    assertThat(out.correction(Quantity.PM2_5).orElseThrow().status())
        .isEqualTo(CorrectionStatus.MISSING_INPUT);
  }

  @Test
  void shouldReplaceTheDevicesOwnPm25AndKeepItAsAnInput() {
    Map<Quantity, Double> values = purpleAir(20, 20, 50);
    values.put(Quantity.PM2_5, 30.0);

    Reading out = extended.correct(reading(values));

    assertThat(out.value(Quantity.PM2_5).getAsDouble()).isCloseTo(11.92, within(1e-9));
    assertThat(out.correction(Quantity.PM2_5).orElseThrow().inputs())
        .containsEntry(Quantity.PM2_5, 30.0);
  }

  @Test
  void shouldKeepTheDevicesOwnPm25WhenNothingCanBeDerived() {
    Map<Quantity, Double> values = purpleAir(10, 40, 50);
    values.put(Quantity.PM2_5, 30.0);

    Reading out = extended.correct(reading(values));

    assertThat(out.value(Quantity.PM2_5).getAsDouble()).isEqualTo(30.0);
    assertThat(out.correction(Quantity.PM2_5).orElseThrow().status().applied()).isFalse();
  }

  @Test
  void shouldPassAReadingWithoutPurpleAirChannelsUnchanged() {
    Reading plain = reading(Map.of(Quantity.PM2_5, 12.0, Quantity.RELATIVE_HUMIDITY, 50.0));

    assertThat(extended.correct(plain)).isSameAs(plain);
  }
}
