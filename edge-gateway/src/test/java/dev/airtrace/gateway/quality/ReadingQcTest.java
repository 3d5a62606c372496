package dev.airtrace.gateway.quality;

import static dev.airtrace.gateway.testdata.ReadingBuilder.T0;
import static dev.airtrace.gateway.testdata.ReadingBuilder.aReading;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airtrace.core.Quantity;
import dev.airtrace.core.Reading;
import dev.airtrace.quality.GrossRangeLimits;
import dev.airtrace.quality.QcConfig;
import dev.airtrace.quality.QcDefaults;
import dev.airtrace.quality.QcFlag;
import dev.airtrace.quality.QcTest;
import dev.airtrace.quality.Span;
import dev.airtrace.topics.gateway.QcMark;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The gateway's QC step against hand-worked vectors (limits from docs/quality.md). */
class ReadingQcTest {
  private static final long HOUR = 3_600_000L;

  private final ReadingQc qc = new ReadingQc(QualityConfig.defaults());

  private static Reading pm25(String device, long t, double value) {
    return aReading().device(device).at(t).sequence(t / 1000).with(Quantity.PM2_5, value).build();
  }

  private static QcMark only(List<QcMark> marks) {
    assertThat(marks).hasSize(1);
    return marks.get(0);
  }

  @Test
  void shouldPassEveryValueOfAnOrdinaryReading() {
    Reading r = aReading().with(Quantity.PM2_5, 12.0).with(Quantity.TEMPERATURE, 20.0).build();

    List<QcMark> marks = qc.flag(r);

    // first reading of each series: gross range passes, the history tests are not evaluated yet
    assertThat(marks)
        .containsExactly(
            QcMark.of(Quantity.PM2_5, QcFlag.PASS), QcMark.of(Quantity.TEMPERATURE, QcFlag.PASS));
  }

  @Test
  void shouldFlagAStuckSensorSuspectAfter12HoursAndFailAfter24() {
    // pm2_5 flat line: tolerance 0.05, suspect at a 12 h run, fail at 24 h (QcDefaults)
    QcMark at11h = null;
    QcMark at12h = null;
    QcMark at23h = null;
    QcMark at24h = null;
    for (int h = 0; h <= 24; h++) {
      QcMark m = only(qc.flag(pm25("stuck", T0 + h * HOUR, 23.0)));
      switch (h) {
        case 11 -> at11h = m;
        case 12 -> at12h = m;
        case 23 -> at23h = m;
        case 24 -> at24h = m;
        default -> {}
      }
    }

    assertThat(at11h.flag()).isEqualTo(QcFlag.PASS);
    assertThat(at12h)
        .isEqualTo(
            new QcMark(
                Quantity.PM2_5,
                QcFlag.SUSPECT,
                Map.of(QcTest.FLAT_LINE, QcFlag.SUSPECT),
                QcFlag.NOT_EVALUATED));
    assertThat(at23h.flag()).isEqualTo(QcFlag.SUSPECT);
    assertThat(at24h)
        .isEqualTo(
            new QcMark(
                Quantity.PM2_5,
                QcFlag.FAIL,
                Map.of(QcTest.FLAT_LINE, QcFlag.FAIL),
                QcFlag.NOT_EVALUATED));
    assertThat(at24h.failed()).isTrue();
    assertThat(qc.count(QcFlag.FAIL)).isEqualTo(1);
    assertThat(qc.count(QcFlag.SUSPECT)).isEqualTo(12); // hours 12..23
  }

  @Test
  void shouldKeepSeriesApartPerDeviceAndQuantity() {
    for (int h = 0; h <= 24; h++) {
      qc.flag(pm25("stuck", T0 + h * HOUR, 23.0));
    }

    // another device with the same value starts its own run; a new quantity of the stuck device
    // too
    assertThat(only(qc.flag(pm25("healthy", T0 + 24 * HOUR, 23.0))).flag()).isEqualTo(QcFlag.PASS);
    Reading temp =
        aReading().device("stuck").at(T0 + 25 * HOUR).with(Quantity.TEMPERATURE, 5).build();
    assertThat(only(qc.flag(temp)).flag()).isEqualTo(QcFlag.PASS);
  }

  @Test
  void shouldReportTheLateSpikeVerdictOnTheNextReading() {
    // spike pm2_5: suspect 50, fail 150. Readings 10, 200, 12: reference for 200 is (10+12)/2 = 11,
    // distance 189 > 150: the reading 200 fails the spike test, said with the reading 12.
    qc.flag(pm25("d", T0, 10));
    QcMark spiky = only(qc.flag(pm25("d", T0 + HOUR, 200)));
    QcMark after = only(qc.flag(pm25("d", T0 + 2 * HOUR, 12)));

    // 10 -> 200 in an hour: 190/h is within the 250/h rate limit, so the spike itself passes
    assertThat(spiky.flag()).isEqualTo(QcFlag.PASS);
    assertThat(after.previousSpike()).isEqualTo(QcFlag.FAIL);
    assertThat(after.flag()).isEqualTo(QcFlag.PASS);
  }

  @Test
  void shouldFailThePurpleAirChannelsAndTheirPm25WhenTheChannelsDisagree() {
    // A 40, B 10: |A-B| = 30 > 5 and 30 / 25 = 120 % > 70 %: fail (EPA/Barkjohn 2021)
    Reading r =
        aReading()
            .with(Quantity.PM2_5_CF1_A, 40)
            .with(Quantity.PM2_5_CF1_B, 10)
            .with(Quantity.PM2_5, 12)
            .with(Quantity.RELATIVE_HUMIDITY, 50)
            .build();

    Map<Quantity, QcMark> byQuantity =
        qc.flag(r).stream().collect(java.util.stream.Collectors.toMap(QcMark::quantity, m -> m));

    for (Quantity q : List.of(Quantity.PM2_5_CF1_A, Quantity.PM2_5_CF1_B, Quantity.PM2_5)) {
      assertThat(byQuantity.get(q).flag()).as(q.code()).isEqualTo(QcFlag.FAIL);
      assertThat(byQuantity.get(q).raisedBy()).containsEntry(QcTest.AB_AGREEMENT, QcFlag.FAIL);
    }
    assertThat(byQuantity.get(Quantity.RELATIVE_HUMIDITY).flag()).isEqualTo(QcFlag.PASS);
  }

  @Test
  void shouldApplyAPerDeviceOverride() {
    QcConfig narrow =
        QcConfig.builder()
            .device(
                "indoor",
                Quantity.PM2_5,
                QcDefaults.forQuantity(Quantity.PM2_5).toBuilder()
                    .grossRange(new GrossRangeLimits(new Span(0, 100), new Span(0, 50)))
                    .build())
            .build();
    ReadingQc withOverride = new ReadingQc(QualityConfig.builder().qc(narrow).build());

    assertThat(only(withOverride.flag(pm25("indoor", T0, 120))).flag()).isEqualTo(QcFlag.FAIL);
    assertThat(only(withOverride.flag(pm25("outdoor", T0, 120))).flag()).isEqualTo(QcFlag.PASS);
  }

  @Test
  void shouldRefuseToRunWhenQcIsDisabled() {
    assertThatThrownBy(() -> new ReadingQc(QualityConfig.disabled()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
