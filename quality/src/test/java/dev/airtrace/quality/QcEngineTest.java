package dev.airtrace.quality;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airtrace.core.Quantity;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class QcEngineTest {
  private static final long HOUR = 3_600_000L;
  private static final long JULY = java.time.Instant.parse("2024-07-01T00:00:00Z").toEpochMilli();

  @Test
  void aggregateShouldTakeTheWorstFlagInQartodPrecedence() {
    assertThat(QcFlag.PASS.worst(QcFlag.NOT_EVALUATED)).isEqualTo(QcFlag.PASS);
    assertThat(QcFlag.NOT_EVALUATED.worst(QcFlag.PASS)).isEqualTo(QcFlag.PASS);
    assertThat(QcFlag.SUSPECT.worst(QcFlag.PASS)).isEqualTo(QcFlag.SUSPECT);
    assertThat(QcFlag.SUSPECT.worst(QcFlag.FAIL)).isEqualTo(QcFlag.FAIL);
    assertThat(QcFlag.FAIL.worst(QcFlag.MISSING)).isEqualTo(QcFlag.MISSING);
    assertThat(QcFlag.ofCode(3)).isEqualTo(QcFlag.SUSPECT);
  }

  @Test
  void readingShouldNameEveryTestThatRaisedItsFlag() {
    QcEngine engine = new QcEngine(QcConfig.defaults());
    engine.observe("t-1", Quantity.TEMPERATURE, JULY, 20);
    // 20 -> 55 in one hour: gross range suspect (operator span -40..60 holds 55, so pass),
    // climatology summer -10..50: suspect; rate 35 C/h > 10: suspect
    QcResult r = engine.observe("t-1", Quantity.TEMPERATURE, JULY + HOUR, 55);
    assertThat(r.flag(QcTest.GROSS_RANGE)).isEqualTo(QcFlag.PASS);
    assertThat(r.raisedBy()).isEqualTo(EnumSet.of(QcTest.CLIMATOLOGY, QcTest.RATE_OF_CHANGE));
    assertThat(r.aggregate()).isEqualTo(QcFlag.SUSPECT);
    QcResult fail = engine.observe("t-1", Quantity.TEMPERATURE, JULY + 2 * HOUR, 90);
    assertThat(fail.aggregate()).isEqualTo(QcFlag.FAIL);
    assertThat(fail.raisedBy()).contains(QcTest.GROSS_RANGE);
  }

  @Test
  void lateReadingShouldBeNotEvaluatedAndLeaveTheSeriesStateUntouched() {
    QcEngine engine = new QcEngine(QcConfig.defaults());
    engine.observe("t-1", Quantity.TEMPERATURE, JULY, 20);
    engine.observe("t-1", Quantity.TEMPERATURE, JULY + 2 * HOUR, 21);

    // an hour older than the newest: 40 C would be a 19 C/h jump against 21, but it is not judged
    QcResult late = engine.observe("t-1", Quantity.TEMPERATURE, JULY + HOUR, 40);
    assertThat(late.aggregate()).isEqualTo(QcFlag.NOT_EVALUATED);
    assertThat(late.raisedBy()).isEmpty();

    // the next reading is judged against 21 (the newest), not 40: 21 -> 22 in 1 h passes the rate
    QcResult next = engine.observe("t-1", Quantity.TEMPERATURE, JULY + 3 * HOUR, 22);
    assertThat(next.flag(QcTest.RATE_OF_CHANGE)).isEqualTo(QcFlag.PASS);
    // spike of 21 judged with neighbours 20 and 22: ref 21, distance 0
    assertThat(next.previousSpike()).isEqualTo(QcFlag.PASS);
  }

  @Test
  void deviceOverrideShouldReplaceTheQuantityLimitsForThatDeviceOnly() {
    QuantityQc narrow =
        QcDefaults.forQuantity(Quantity.PM2_5).toBuilder()
            .grossRange(new GrossRangeLimits(new Span(0, 100), new Span(0, 50)))
            .build();
    QcEngine engine =
        new QcEngine(QcConfig.builder().device("pa-7", Quantity.PM2_5, narrow).build());
    assertThat(engine.observe("pa-7", Quantity.PM2_5, JULY, 120).flag(QcTest.GROSS_RANGE))
        .isEqualTo(QcFlag.FAIL);
    assertThat(engine.observe("pa-8", Quantity.PM2_5, JULY, 120).flag(QcTest.GROSS_RANGE))
        .isEqualTo(QcFlag.PASS);
  }

  @Test
  void engineShouldForgetTheLeastRecentlySeenSeriesBeyondItsBound() {
    QcEngine engine = new QcEngine(QcConfig.builder().maxSeries(2).build());
    engine.observe("a", Quantity.PM10, 0, 1);
    engine.observe("b", Quantity.PM10, 0, 1);
    engine.observe("a", Quantity.PM10, HOUR, 1);
    engine.observe("c", Quantity.PM10, 0, 1);
    assertThat(engine.seriesCount()).isEqualTo(2);
    // "b" was forgotten: its next reading starts afresh (no rate of change without a previous one)
    assertThat(engine.observe("b", Quantity.PM10, HOUR, 900).flag(QcTest.RATE_OF_CHANGE))
        .isEqualTo(QcFlag.NOT_EVALUATED);
  }

  @Test
  void everyQuantityShouldHaveDefaultLimitsWithAGrossRange() {
    for (Quantity q : Quantity.values()) {
      assertThat(QcConfig.defaults().limits("any", q).grossRange()).as(q.code()).isNotNull();
    }
  }
}
