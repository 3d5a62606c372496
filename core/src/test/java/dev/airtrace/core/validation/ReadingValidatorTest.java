package dev.airtrace.core.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airtrace.core.DeviceId;
import dev.airtrace.core.GatewayId;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.Reading;
import dev.airtrace.core.SiteId;
import dev.airtrace.core.deadletter.RejectReason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class ReadingValidatorTest {
  private static final Instant NOW = Instant.parse("2025-11-25T08:00:00Z");
  private final ReadingValidator validator =
      new ReadingValidator(ValidationConfig.defaults(), Clock.fixed(NOW, ZoneOffset.UTC));

  private static Reading reading(long eventTime, Map<Quantity, Double> values) {
    return new Reading(
        new DeviceId("dev-001"),
        new SiteId("site-a"),
        eventTime,
        1,
        values,
        null,
        new GatewayId("gw-1"),
        NOW.toEpochMilli());
  }

  private static Reading readingAt(Instant eventTime) {
    return reading(eventTime.toEpochMilli(), Map.of(Quantity.PM2_5, 12.0));
  }

  private static Reading readingOf(Quantity q, double value) {
    return reading(NOW.toEpochMilli(), Map.of(q, value));
  }

  @Test
  void shouldAcceptPlausibleCurrentReading() {
    assertThat(validator.validate(readingAt(NOW))).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Quantity.class)
  void shouldAcceptBothEndsOfPlausibleRange(Quantity q) {
    assertThat(validator.validate(readingOf(q, q.plausibleMin()))).isEmpty();
    assertThat(validator.validate(readingOf(q, q.plausibleMax()))).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Quantity.class)
  void shouldRejectValueJustOutsidePlausibleRange(Quantity q) {
    Optional<Rejection> below = validator.validate(readingOf(q, Math.nextDown(q.plausibleMin())));
    Optional<Rejection> above = validator.validate(readingOf(q, Math.nextUp(q.plausibleMax())));

    assertThat(below).map(Rejection::reason).contains(RejectReason.OUT_OF_RANGE);
    assertThat(above).map(Rejection::reason).contains(RejectReason.OUT_OF_RANGE);
    assertThat(above.orElseThrow().detail()).contains(q.code(), q.unit().symbol());
  }

  @ParameterizedTest
  @CsvSource({
    "PM2_5, -3.0, '[0, 2000]'",
    "TEMPERATURE, 85.5, '[-90, 70]'",
    "PRESSURE, 101.3, '[300, 1100]'"
  })
  void shouldNameQuantityValueAndRangeInDetail(Quantity q, double value, String range) {
    Rejection r = validator.validate(readingOf(q, value)).orElseThrow();

    assertThat(r.detail())
        .isEqualTo(
            q.code()
                + " = "
                + value
                + " "
                + q.unit().symbol()
                + " is outside the plausible range "
                + range
                + " "
                + q.unit().symbol());
  }

  @Test
  void shouldRejectWholeReadingWhenOneValueIsImplausible() {
    Reading r = reading(NOW.toEpochMilli(), Map.of(Quantity.PM2_5, 12.0, Quantity.CO, 900.0));

    assertThat(validator.validate(r)).map(Rejection::reason).contains(RejectReason.OUT_OF_RANGE);
  }

  @Test
  void shouldAcceptEventTimeExactlyAtFutureSkew() {
    assertThat(validator.validate(readingAt(NOW.plus(Duration.ofMinutes(5))))).isEmpty();
  }

  @Test
  void shouldRejectEventTimeBeyondFutureSkew() {
    Rejection r =
        validator.validate(readingAt(NOW.plus(Duration.ofMinutes(5)).plusMillis(1))).orElseThrow();

    assertThat(r.reason()).isEqualTo(RejectReason.TIME_IN_FUTURE);
    assertThat(r.detail()).contains("2025-11-25T08:05:00.001Z", "PT5M0.001S", "PT5M");
  }

  @Test
  void shouldAcceptEventTimeExactlyAtMaxAge() {
    assertThat(validator.validate(readingAt(NOW.minus(Duration.ofDays(7))))).isEmpty();
  }

  @Test
  void shouldRejectEventTimeOlderThanMaxAge() {
    Rejection r =
        validator.validate(readingAt(NOW.minus(Duration.ofDays(7)).minusMillis(1))).orElseThrow();

    assertThat(r.reason()).isEqualTo(RejectReason.TIME_TOO_OLD);
    assertThat(r.detail()).contains("2025-11-18T07:59:59.999Z", "PT168H0.001S", "maxAge = PT168H");
  }

  @Test
  void shouldNotOverflowOnExtremeEventTimes() {
    assertThat(validator.validate(reading(Long.MAX_VALUE, Map.of(Quantity.PM10, 1.0))))
        .map(Rejection::reason)
        .contains(RejectReason.TIME_IN_FUTURE);
    assertThat(validator.validate(reading(Long.MIN_VALUE, Map.of(Quantity.PM10, 1.0))))
        .map(Rejection::reason)
        .contains(RejectReason.TIME_TOO_OLD);
  }

  @Test
  void shouldReportRangeBeforeTime() {
    Reading r = reading(NOW.plus(Duration.ofDays(1)).toEpochMilli(), Map.of(Quantity.PM10, -1.0));

    assertThat(validator.validate(r)).map(Rejection::reason).contains(RejectReason.OUT_OF_RANGE);
  }

  @Test
  void shouldHonourConfiguredLimits() {
    ReadingValidator strict =
        new ReadingValidator(
            new ValidationConfig(Duration.ZERO, Duration.ofMinutes(1)),
            Clock.fixed(NOW, ZoneOffset.UTC));

    assertThat(strict.validate(readingAt(NOW.plusMillis(1))))
        .map(Rejection::reason)
        .contains(RejectReason.TIME_IN_FUTURE);
    assertThat(strict.validate(readingAt(NOW.minusSeconds(61))))
        .map(Rejection::reason)
        .contains(RejectReason.TIME_TOO_OLD);
  }

  @Test
  void shouldReadTheClockOnEveryCall() {
    MutableClock clock = new MutableClock(NOW);
    ReadingValidator v = new ReadingValidator(ValidationConfig.defaults(), clock);
    Reading r = readingAt(NOW);

    clock.now = NOW.plus(Duration.ofDays(8));

    assertThat(v.validate(r)).map(Rejection::reason).contains(RejectReason.TIME_TOO_OLD);
  }

  private static final class MutableClock extends Clock {
    Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
