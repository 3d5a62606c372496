package dev.airtrace.cli.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.airtrace.core.Quantity;
import dev.airtrace.topics.processor.SiteHourly;
import dev.airtrace.topics.serving.Forecast;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ForecastSkillTest {
  private static final long H = 3_600_000L;
  private static final String MODEL = "pm25-forecast@2";

  /** Two hours of history, UTC, no profile. */
  private static ForecastSkill.Options options(boolean allHorizons) {
    return new ForecastSkill.Options(
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        2,
        allHorizons,
        Optional.empty(),
        ZoneId.of("UTC"));
  }

  private static SiteHourly hour(long hourIndex, double pm25, int revision) {
    return new SiteHourly(
        "s",
        hourIndex * H,
        (hourIndex + 1) * H,
        Map.of(Quantity.PM2_5, new SiteHourly.QuantityMean(pm25, 1, 1)),
        revision);
  }

  private static Forecast forecast(long issueHour, float... values) {
    return new Forecast("s", issueHour * H, new int[] {1, 2}, values, MODEL, "ort-cpu");
  }

  /**
   * Hours 8..11 observed 10, 20, 30, 26. Issued at 10 h: persistence 20, targets 30 and 26; the
   * model says 28 and 30 (errors −2, +4; persistence −10, −6). Issued at 11 h: persistence 30,
   * target of 1 h = 26 (model 27: +1, persistence +4), 2 h target (hour 12) unobserved.
   */
  private static ForecastSkill fed(ForecastSkill.Options options) {
    ForecastSkill skill = new ForecastSkill(options);
    skill.observe(hour(8, 10, 0));
    skill.observe(hour(9, 20, 0));
    skill.observe(hour(10, 30, 0));
    skill.observe(hour(11, 26, 0));
    skill.forecast(forecast(10, 28f, 30f));
    skill.forecast(forecast(11, 27f, 99f));
    return skill;
  }

  @Test
  void shouldScoreOnlyOriginsWithEveryTargetObservedByDefault() {
    ForecastSkill.Report report = fed(options(true)).report();

    ForecastSkill.ModelReport m = report.models().get(0);
    assertThat(m.model()).isEqualTo(MODEL);
    assertThat(m.origins()).isEqualTo(1);
    ForecastSkill.HorizonRow h1 = m.rows().get(0);
    assertThat(h1.model().n()).isEqualTo(1);
    assertThat(h1.model().rmse()).isEqualTo(2.0);
    assertThat(h1.persistence().rmse()).isEqualTo(10.0);
    assertThat(h1.skillPercent()).isCloseTo(80.0, within(1e-9));
    assertThat(h1.model().bias()).isEqualTo(-2.0);
    ForecastSkill.HorizonRow h2 = m.rows().get(1);
    assertThat(h2.model().rmse()).isEqualTo(4.0);
    assertThat(h2.persistence().rmse()).isEqualTo(6.0);
    assertThat(h2.skillPercent()).isCloseTo(100.0 / 3, within(1e-9));
  }

  @Test
  void shouldScoreEachObservedHorizonWhenNotAllAreRequired() {
    ForecastSkill.ModelReport m = fed(options(false)).report().models().get(0);

    assertThat(m.origins()).isEqualTo(2);
    ForecastSkill.HorizonRow h1 = m.rows().get(0);
    assertThat(h1.model().n()).isEqualTo(2);
    assertThat(h1.model().rmse()).isCloseTo(Math.sqrt(2.5), within(1e-9));
    assertThat(h1.persistence().rmse()).isCloseTo(Math.sqrt(58), within(1e-9));
    assertThat(h1.model().mae()).isEqualTo(1.5);
    assertThat(h1.model().bias()).isEqualTo(-0.5);
    assertThat(m.rows().get(1).model().n()).isEqualTo(1);
  }

  @Test
  void shouldSkipOriginsWithoutTheirHistory() {
    ForecastSkill skill = new ForecastSkill(options(true));
    skill.observe(hour(9, 20, 0)); // hour 8 missing: 2 h of history not observed
    skill.observe(hour(10, 30, 0));
    skill.observe(hour(11, 26, 0));
    skill.forecast(forecast(10, 28f, 30f));

    assertThat(skill.report().models()).isEmpty();
  }

  @Test
  void shouldVerifyAgainstTheHighestRevisionOfAnHour() {
    ForecastSkill skill = fed(options(true));
    skill.observe(hour(10, 32, 1));
    skill.observe(hour(10, 0, 0)); // an older revision read later changes nothing

    // 1 h: model 28 vs 32 → −4; persistence 20 vs 32 → −12
    ForecastSkill.HorizonRow h1 = skill.report().models().get(0).rows().get(0);
    assertThat(h1.model().rmse()).isEqualTo(4.0);
    assertThat(h1.persistence().rmse()).isEqualTo(12.0);
  }

  @Test
  void shouldKeepOneForecastPerSiteIssueTimeAndModel() {
    ForecastSkill skill = fed(options(true));
    skill.forecast(forecast(10, 28f, 30f)); // a redelivered duplicate

    assertThat(skill.report().forecasts()).isEqualTo(2);
    assertThat(skill.report().models().get(0).rows().get(0).model().n()).isEqualTo(1);
  }

  @Test
  void shouldBoundOriginsByTheirTargetHours() {
    ForecastSkill.Options until11 =
        new ForecastSkill.Options(
            Optional.empty(),
            Optional.of(Instant.ofEpochMilli(10 * H)),
            Optional.of(Instant.ofEpochMilli(11 * H)),
            2,
            true,
            Optional.empty(),
            ZoneId.of("UTC"));

    // the origin at 10 h targets hours 10 and 11; hour 11 is not before `until`
    assertThat(fed(until11).report().models()).isEmpty();
  }

  @Test
  void shouldComputeBothDiurnalBaselinesFromTheProfilesLocalHours() {
    double[] profile = new double[24];
    Arrays.fill(profile, 100);
    profile[10] = 150;
    profile[11] = 50;
    ForecastSkill.Options withProfile =
        new ForecastSkill.Options(
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            2,
            true,
            Optional.of(profile),
            ZoneId.of("UTC"));

    ForecastSkill.ModelReport m = fed(withProfile).report().models().get(0);

    // issued 10 h, last hour 9 (D 100), persistence 20
    // 1 h → hour 10 (D 150): add 20 + 50 = 70 vs 30 → +40; mul 20 · 1.5 = 30 → 0
    // 2 h → hour 11 (D 50): add max(0, 20 − 50) = 0 vs 26 → −26; mul 20 · 0.5 = 10 → −16
    assertThat(m.rows().get(0).diurnalAdd().rmse()).isEqualTo(40.0);
    assertThat(m.rows().get(0).diurnalMul().rmse()).isEqualTo(0.0);
    assertThat(m.rows().get(1).diurnalAdd().bias()).isEqualTo(-26.0);
    assertThat(m.rows().get(1).diurnalMul().bias()).isEqualTo(-16.0);
  }

  @Test
  void shouldPrintOneRowPerHorizonWithTheSkill() {
    String table = ForecastReports.table(fed(options(true)).report());

    assertThat(table).contains("pm25-forecast@2: 1 origins");
    assertThat(table).containsPattern("\\s+1 h\\s+1\\s+2\\.00\\s+10\\.00\\s+80\\.0");
    assertThat(ForecastReports.json(fed(options(true)).report())).contains("\"skillPct\" : 80.0");
  }
}
