package dev.airtrace.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.airtrace.core.Quantity;
import dev.airtrace.core.deadletter.RejectReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Expected values are computed by hand from the factors in docs/mqtt.md. */
class UnitConversionTest {
  private static final double TOLERANCE = 1e-9;

  private static double convert(Quantity q, String unit, double value) {
    return UnitConversion.toCanonical(q, unit, value, "test");
  }

  @ParameterizedTest
  @EnumSource(Quantity.class)
  void shouldReturnCanonicalValueUnchangedBitForBit(Quantity q) {
    double v = 0.1 + 0.2;

    assertThat(convert(q, q.unit().symbol(), v)).isEqualTo(v);
    assertThat(convert(q, null, v)).isEqualTo(v);
  }

  @ParameterizedTest(name = "{1} {2} {0} = {3}")
  @CsvSource({
    // temperature -> Cel
    "TEMPERATURE, 293.15, K, 20.0",
    "TEMPERATURE, 0, K, -273.15",
    "TEMPERATURE, 212, degF, 100.0",
    "TEMPERATURE, 70.1, degF, 21.166666666666664", // (70.1 - 32) * 5 / 9
    "TEMPERATURE, -40, Far, -40.0",
    "TEMPERATURE, 21.5, degC, 21.5",
    "TEMPERATURE, 21.5, °C, 21.5",
    "TEMPERATURE, 50, °F, 10.0",
    // pressure -> hPa
    "PRESSURE, 101325, Pa, 1013.25",
    "PRESSURE, 101.325, kPa, 1013.25",
    "PRESSURE, 1013.25, mbar, 1013.25",
    "PRESSURE, 1000, mb, 1000.0",
    "PRESSURE, 29.92, inHg, 1013.2075888", // 29.92 * 33.86389
    "PRESSURE, 1, inHg, 33.86389",
    // relative humidity -> %RH
    "RELATIVE_HUMIDITY, 0.45, /, 45.0",
    "RELATIVE_HUMIDITY, 45, %, 45.0",
    "RELATIVE_HUMIDITY, 45, /100, 45.0",
    // particulate matter -> ug/m3
    "PM2_5, 0.0123, mg/m3, 12.3",
    "PM10, 1.5e-8, kg/m3, 15.0",
    "PM2_5, 12.3, µg/m3, 12.3",
    "PM2_5, 12.3, μg/m3, 12.3",
    "PM10, 12.3, µg/m³, 12.3",
    "PM2_5_CF1_A, 0.02, mg/m3, 20.0",
    "PM2_5_CF1_B, 12.3, µg/m3, 12.3",
    // wind
    "WIND_SPEED, 36, km/h, 10.0",
    "WIND_SPEED, 10, kn, 5.144444444444445", // 10 * 1852 / 3600
    "WIND_SPEED, 10, kt, 5.144444444444445",
    "WIND_SPEED, 10, mph, 4.4704", // 10 * 1609.344 / 3600
    "WIND_DIRECTION, 3.141592653589793, rad, 180.0",
    "WIND_DIRECTION, 270, °, 270.0",
    // mixing ratios
    "NO2, 0.05, ppm, 50.0",
    "O3, 7.0e-8, /, 70.0",
    "CO, 900, ppb, 0.9",
    "CO, 2.0e-6, /, 2.0",
    // gases by mass at 25 °C, 1 atm: ppb = ug/m3 * 24.45 / MW
    "NO2, 100, ug/m3, 53.14581952157894", // 2445 / 46.0055
    "NO2, 0.1, mg/m3, 53.14581952157894",
    "O3, 100, ug/m3, 50.93941022788355", // 2445 / 47.9982
    "SO2, 100, ug/m3, 38.16376861361721", // 2445 / 64.066
    "CO, 1, mg/m3, 0.8729025348089967", // ppm = 24.45 / 28.010
    "CO, 1000, ug/m3, 0.8729025348089967"
  })
  void shouldConvertToCanonicalUnit(Quantity q, double value, String unit, double expected) {
    assertThat(convert(q, unit, value)).isCloseTo(expected, within(TOLERANCE));
  }

  @ParameterizedTest
  @CsvSource({
    "PM2_5, ppb",
    "PM2_5, %",
    "NO2, Cel",
    "NO2, %",
    "CO, hPa",
    "TEMPERATURE, k",
    "TEMPERATURE, C",
    "RELATIVE_HUMIDITY, ppm",
    "PRESSURE, bar",
    "PRESSURE, psi",
    "PRESSURE, hpa",
    "TEMPERATURE, furlong"
  })
  void shouldRejectUnitThatDoesNotFitQuantity(Quantity q, String unit) {
    assertThatThrownBy(() -> convert(q, unit, 1))
        .isInstanceOfSatisfying(
            CodecException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(RejectReason.UNSUPPORTED_UNIT);
              assertThat(e.getMessage())
                  .contains("test", '"' + unit + '"', q.code(), q.unit().symbol());
            });
  }

  @Test
  void shouldClassifyConversionOverflowAsOutOfRange() {
    assertThatThrownBy(() -> convert(Quantity.PM10, "kg/m3", 1e300))
        .isInstanceOfSatisfying(
            CodecException.class, e -> assertThat(e.reason()).isEqualTo(RejectReason.OUT_OF_RANGE));
  }

  @Test
  void shouldClassifyNonFiniteInputAsOutOfRange() {
    assertThatThrownBy(() -> convert(Quantity.PM10, null, Double.NaN))
        .isInstanceOfSatisfying(
            CodecException.class, e -> assertThat(e.reason()).isEqualTo(RejectReason.OUT_OF_RANGE));
  }

  @ParameterizedTest
  @EnumSource(Quantity.class)
  void shouldListCanonicalUnitFirstAndAcceptEveryListedUnit(Quantity q) {
    assertThat(UnitConversion.acceptedUnits(q)).first().isEqualTo(q.unit().symbol());
    for (String unit : UnitConversion.acceptedUnits(q)) {
      assertThat(convert(q, unit, 1.0)).as(unit).isFinite();
    }
  }
}
