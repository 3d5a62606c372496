package dev.airtrace.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airtrace.core.calibration.ChannelAgreement;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Each test against vectors worked out by hand from the test definitions in the IOOS QARTOD manuals
 * (Manual for Real-Time Quality Control of In-Situ Temperature and Salinity Data, and the other
 * QARTOD manuals, which share the gross range, climatology, spike, rate of change and flat line
 * definitions and the flag scheme 1/2/3/4/9).
 */
class QcTestVectorsTest {
  private static final long HOUR = 3_600_000L;

  // QARTOD gross range test: "data point exceeds sensor or operator selected min/max";
  // fail outside the sensor span, suspect outside the operator span.
  @Test
  void grossRangeShouldFailOutsideSensorSpanAndSuspectOutsideOperatorSpan() {
    GrossRangeLimits limits = new GrossRangeLimits(new Span(-40, 85), new Span(-10, 40));
    assertThat(limits.test(-40.01)).isEqualTo(QcFlag.FAIL);
    assertThat(limits.test(-40)).isEqualTo(QcFlag.SUSPECT); // inside sensor span, below -10
    assertThat(limits.test(-10)).isEqualTo(QcFlag.PASS); // ends included
    assertThat(limits.test(21.5)).isEqualTo(QcFlag.PASS);
    assertThat(limits.test(40.5)).isEqualTo(QcFlag.SUSPECT);
    assertThat(limits.test(85.01)).isEqualTo(QcFlag.FAIL);
  }

  @Test
  void grossRangeShouldRefuseAnOperatorSpanWiderThanTheSensor() {
    assertThatThrownBy(() -> new GrossRangeLimits(new Span(0, 100), new Span(-1, 50)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("inside");
  }

  // QARTOD climatology test: seasonal expected range; outside it the value is suspect (never fail).
  @Test
  void climatologyShouldJudgeByTheSeasonOfTheUtcMonth() {
    ClimatologyLimits limits =
        new ClimatologyLimits(
            new Span(-20, 15), new Span(-5, 30), new Span(5, 40), new Span(-5, 30));
    long january = Instant.parse("2024-01-15T12:00:00Z").toEpochMilli();
    long july = Instant.parse("2024-07-15T12:00:00Z").toEpochMilli();
    long december = Instant.parse("2024-12-01T00:00:00Z").toEpochMilli();
    long november = Instant.parse("2024-11-30T23:59:59Z").toEpochMilli();
    assertThat(limits.test(january, 20)).isEqualTo(QcFlag.SUSPECT); // winter max 15
    assertThat(limits.test(july, 20)).isEqualTo(QcFlag.PASS);
    assertThat(limits.test(july, 2)).isEqualTo(QcFlag.SUSPECT); // summer min 5
    assertThat(limits.test(december, -20)).isEqualTo(QcFlag.PASS); // December is winter
    assertThat(limits.test(november, -20)).isEqualTo(QcFlag.SUSPECT); // November is autumn
  }

  // QARTOD spike test: SPK_REF = (V(n) + V(n-2)) / 2, spike = |V(n-1) - SPK_REF|;
  // > SPIKE_FAIL fails, > SPIKE_SUSPECT is suspect.
  @Test
  void spikeShouldCompareTheMiddleReadingWithTheMeanOfItsNeighbours() {
    SpikeLimits limits = new SpikeLimits(3, 8);
    // ref (10 + 12) / 2 = 11; |13 - 11| = 2 <= 3
    assertThat(limits.test(10, 13, 12)).isEqualTo(QcFlag.PASS);
    // ref 11; |15 - 11| = 4 > 3
    assertThat(limits.test(10, 15, 12)).isEqualTo(QcFlag.SUSPECT);
    // ref 11; |20 - 11| = 9 > 8
    assertThat(limits.test(10, 20, 12)).isEqualTo(QcFlag.FAIL);
    // ref 11; |11 - 8| = 3, not > 3 (the limit itself passes)
    assertThat(limits.test(10, 8, 12)).isEqualTo(QcFlag.PASS);
    // a step 10 -> 20 -> 20: ref 15, |20 - 15| = 5: a step is half a spike
    assertThat(limits.test(10, 20, 20)).isEqualTo(QcFlag.SUSPECT);
  }

  // Rate of change: |V(n) - V(n-1)| per hour above the limit is suspect.
  @Test
  void rateOfChangeShouldScaleTheChangeByTheElapsedTime() {
    RateOfChangeLimit limit = new RateOfChangeLimit(10);
    assertThat(limit.test(20, 29, HOUR)).isEqualTo(QcFlag.PASS); // 9 per hour
    assertThat(limit.test(20, 31, HOUR)).isEqualTo(QcFlag.SUSPECT); // 11 per hour
    assertThat(limit.test(20, 22, 6 * 60_000L)).isEqualTo(QcFlag.SUSPECT); // 2 in 6 min = 20/h
    assertThat(limit.test(20, 29, 2 * HOUR)).isEqualTo(QcFlag.PASS); // 4.5 per hour
  }

  // QARTOD flat line test: the present observation equals (within EPS) the previous ones for the
  // suspect / fail count; here counted as a duration.
  @Test
  void flatLineShouldSuspectThenFailARunThatStaysWithinTolerance() {
    SeriesQc s =
        new SeriesQc(
            QuantityQc.builder()
                .flatLine(new FlatLineLimits(0.1, Duration.ofHours(3), Duration.ofHours(5)))
                .build());
    QcFlag[] expected = {
      QcFlag.NOT_EVALUATED, // 0 h: first reading, run starts
      QcFlag.PASS, // 1 h: run 1 h
      QcFlag.PASS, // 2 h: 20.05, spread 0.05, run 2 h
      QcFlag.SUSPECT, // 3 h: 20.1, spread 0.1 (= tolerance), run 3 h
      QcFlag.SUSPECT, // 4 h: run 4 h
      QcFlag.FAIL, // 5 h: run 5 h
      QcFlag.PASS, // 6 h: 20.3, spread 0.3 > 0.1: new run
      QcFlag.PASS, // 7 h: 20.3, run 1 h
    };
    double[] values = {20, 20, 20.05, 20.1, 20.0, 20.05, 20.3, 20.3};
    for (int i = 0; i < values.length; i++) {
      assertThat(s.observe(i * HOUR, values[i]).flag(QcTest.FLAT_LINE))
          .as("reading %d", i)
          .isEqualTo(expected[i]);
    }
  }

  @Test
  void seriesShouldDeliverTheSpikeVerdictOfThePreviousReadingWithTheNextOne() {
    SeriesQc s = new SeriesQc(QuantityQc.builder().spike(new SpikeLimits(3, 8)).build());
    assertThat(s.observe(0, 10).previousSpike()).isEqualTo(QcFlag.NOT_EVALUATED);
    assertThat(s.observe(HOUR, 20).previousSpike()).isEqualTo(QcFlag.NOT_EVALUATED);
    QcResult third = s.observe(2 * HOUR, 12); // judges 20: ref 11, spike 9 > 8
    assertThat(third.previousSpike()).isEqualTo(QcFlag.FAIL);
    assertThat(third.flag(QcTest.SPIKE)).isEqualTo(QcFlag.NOT_EVALUATED);
    // judges 12 after the spike: ref (20 + 13) / 2 = 16.5, |12 - 16.5| = 4.5 > 3: the spike's
    // neighbour is suspect too, as in QARTOD's definition
    assertThat(s.observe(3 * HOUR, 13).previousSpike()).isEqualTo(QcFlag.SUSPECT);
  }

  @Test
  void missingReadingShouldBeFlaggedNineAndLeaveTheStateAlone() {
    SeriesQc s = new SeriesQc(QcDefaults.forQuantity(dev.airtrace.core.Quantity.TEMPERATURE));
    s.observe(0, 10);
    QcResult missing = s.observe(HOUR, Double.NaN);
    assertThat(missing.aggregate()).isEqualTo(QcFlag.MISSING);
    assertThat(missing.aggregate().code()).isEqualTo(9);
    // rate of change is judged against 10 (the last real reading): 10 -> 12 in 1 h passes
    assertThat(s.observe(2 * HOUR, 12).flag(QcTest.RATE_OF_CHANGE)).isEqualTo(QcFlag.PASS);
  }

  // PurpleAir A/B: fail when |A-B| > 5 ug/m3 and |A-B| / mean > 0.7 (Barkjohn et al. 2021).
  @Test
  void abAgreementShouldFailOnlyWhenBothDifferencesAreExceeded() {
    AbAgreement ab = new AbAgreement(ChannelAgreement.defaults());
    assertThat(ab.test(2, 6)).isEqualTo(QcFlag.PASS); // |4| <= 5 although 4/4 = 100 %
    assertThat(ab.test(10, 20)).isEqualTo(QcFlag.PASS); // 10 > 5 but 10/15 = 67 % <= 70 %
    assertThat(ab.test(10, 30)).isEqualTo(QcFlag.FAIL); // 20 > 5 and 20/20 = 100 % > 70 %
    assertThat(ab.test(10, Double.NaN)).isEqualTo(QcFlag.MISSING);
  }
}
