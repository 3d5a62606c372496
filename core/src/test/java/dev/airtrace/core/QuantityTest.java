package dev.airtrace.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class QuantityTest {
  @ParameterizedTest
  @EnumSource(Quantity.class)
  void shouldFindEveryQuantityByItsCode(Quantity q) {
    assertThat(Quantity.fromCode(q.code())).contains(q);
  }

  @Test
  void shouldNotFindCodeCaseInsensitivelyOrByAlias() {
    assertThat(Quantity.fromCode("PM2_5")).isEmpty();
    assertThat(Quantity.fromCode("pm25")).isEmpty();
  }

  @Test
  void shouldUseTheCanonicalUnitsOfTheIssue() {
    assertThat(Quantity.PM2_5.unit()).isEqualTo(Unit.MICROGRAMS_PER_CUBIC_METRE);
    assertThat(Quantity.NO2.unit()).isEqualTo(Unit.PARTS_PER_BILLION);
    assertThat(Quantity.CO.unit()).isEqualTo(Unit.PARTS_PER_MILLION);
    assertThat(Quantity.TEMPERATURE.unit().symbol()).isEqualTo("Cel");
    assertThat(Quantity.RELATIVE_HUMIDITY.unit().symbol()).isEqualTo("%RH");
    assertThat(Quantity.PRESSURE.unit().symbol()).isEqualTo("hPa");
  }

  @ParameterizedTest
  @EnumSource(Quantity.class)
  void shouldIncludeBothEndsOfPlausibleRangeOnly(Quantity q) {
    assertThat(q.plausibleMin()).isLessThan(q.plausibleMax());
    assertThat(q.isPlausible(q.plausibleMin())).isTrue();
    assertThat(q.isPlausible(q.plausibleMax())).isTrue();
    assertThat(q.isPlausible(Math.nextDown(q.plausibleMin()))).isFalse();
    assertThat(q.isPlausible(Math.nextUp(q.plausibleMax()))).isFalse();
    assertThat(q.isPlausible(Double.NaN)).isFalse();
  }

  @Test
  void shouldHaveUniqueCodes() {
    assertThat(Arrays.stream(Quantity.values()).map(Quantity::code)).doesNotHaveDuplicates();
  }

  @ParameterizedTest
  @EnumSource(Unit.class)
  void shouldFindEveryUnitBySymbol(Unit u) {
    assertThat(Unit.fromSymbol(u.symbol())).contains(u);
  }
}
