package dev.airtrace.gateway.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airtrace.core.Quantity;
import dev.airtrace.core.calibration.ChannelAgreement;
import dev.airtrace.quality.ClimatologyLimits;
import dev.airtrace.quality.FlatLineLimits;
import dev.airtrace.quality.QcConfig;
import dev.airtrace.quality.QcDefaults;
import dev.airtrace.quality.QuantityQc;
import dev.airtrace.quality.Span;
import dev.airtrace.quality.SpikeLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The QC config file: overrides over the defaults, and one-line errors naming the bad key. */
class QcConfigFileTest {
  private static QcConfig parse(String json) {
    return QcConfigFile.parse(json, "qc.json");
  }

  private static String errorOf(String json) {
    try {
      parse(json);
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).doesNotContain("\n").startsWith("QC config qc.json: ");
      return e.getMessage();
    }
    throw new AssertionError("accepted " + json);
  }

  @Test
  void shouldGiveTheDefaultsForAnEmptyObject() {
    assertThat(parse("{}")).isEqualTo(QcConfig.defaults());
  }

  @Test
  void shouldChangeOnlyTheNamedLimitAndKeepTheRestOfTheTest() {
    QcConfig c = parse("{\"quantities\":{\"pm2_5\":{\"spike\":{\"suspect\":20}}}}");

    QuantityQc pm = c.limits("any-device", Quantity.PM2_5);
    // default pm2_5 spike is 50/150: only suspect changes
    assertThat(pm.spike()).isEqualTo(new SpikeLimits(20, 150));
    assertThat(pm.grossRange()).isEqualTo(QcDefaults.forQuantity(Quantity.PM2_5).grossRange());
    assertThat(c.limits("any-device", Quantity.PM10))
        .isEqualTo(QcDefaults.forQuantity(Quantity.PM10));
  }

  @Test
  void shouldLayADeviceOverrideOverTheFilesQuantityLimits() {
    QcConfig c =
        parse(
            "{\"quantities\":{\"pm2_5\":{\"spike\":{\"suspect\":20}}},"
                + "\"devices\":{\"d7\":{\"pm2_5\":{\"spike\":{\"fail\":40},\"rate_of_change\":null}}}}");

    assertThat(c.limits("d7", Quantity.PM2_5).spike()).isEqualTo(new SpikeLimits(20, 40));
    assertThat(c.limits("d7", Quantity.PM2_5).rateOfChange()).isNull();
    assertThat(c.limits("d8", Quantity.PM2_5).spike()).isEqualTo(new SpikeLimits(20, 150));
    assertThat(c.limits("d8", Quantity.PM2_5).rateOfChange()).isNotNull();
  }

  @Test
  void shouldReadEveryTestsParametersDurationsAndTheAbRule() {
    QcConfig c =
        parse(
            "{\"quantities\":{\"no2\":{"
                + "\"gross_range\":{\"fail\":[0,2000],\"suspect\":[0,400]},"
                + "\"climatology\":{\"all_year\":[0,300]},"
                + "\"spike\":{\"suspect\":40,\"fail\":120},"
                + "\"rate_of_change\":{\"suspect_per_hour\":150},"
                + "\"flat_line\":{\"tolerance\":0.1,\"suspect_after\":\"90m\",\"fail_after\":\"PT3H\"}}},"
                + "\"ab_agreement\":{\"max_difference\":4},\"max_series\":10}");

    QuantityQc no2 = c.limits("x", Quantity.NO2);
    assertThat(no2.grossRange().fail()).isEqualTo(new Span(0, 2000));
    assertThat(no2.grossRange().suspect()).isEqualTo(new Span(0, 400));
    assertThat(no2.climatology()).isEqualTo(ClimatologyLimits.allYear(new Span(0, 300)));
    assertThat(no2.spike()).isEqualTo(new SpikeLimits(40, 120));
    assertThat(no2.rateOfChange().suspectPerHour()).isEqualTo(150);
    assertThat(no2.flatLine())
        .isEqualTo(new FlatLineLimits(0.1, Duration.ofMinutes(90), Duration.ofHours(3)));
    assertThat(c.abAgreement()).isEqualTo(new ChannelAgreement(4, 0.7));
    assertThat(c.maxSeries()).isEqualTo(10);
  }

  @Test
  void shouldReadTheShippedSampleFile() {
    Path sample = Path.of("..", "deploy", "qc-config.sample.json");

    QcConfig c = QcConfigFile.read(sample);

    assertThat(c.limits("x", Quantity.PM2_5).spike()).isEqualTo(new SpikeLimits(35, 100));
    assertThat(c.limits("station-sydney-01", Quantity.TEMPERATURE).climatology().summer())
        .isEqualTo(new Span(-10, 30));
    assertThat(c.limits("lab-reference-02", Quantity.PRESSURE).spike()).isNull();
  }

  @Test
  void shouldNameTheUnknownKeyWithItsPath() {
    assertThat(errorOf("{\"quantities\":{\"pm2_5\":{\"spike\":{\"suspekt\":3}}}}"))
        .isEqualTo(
            "QC config qc.json: quantities.pm2_5.spike.suspekt: unknown key (expected one of fail,"
                + " suspect)");
    assertThat(errorOf("{\"quantity\":{}}")).contains("quantity: unknown key");
    assertThat(errorOf("{\"quantities\":{\"pm2_5\":{\"spikes\":{}}}}"))
        .contains("quantities.pm2_5.spikes: unknown key");
  }

  @Test
  void shouldNameAnUnknownQuantity() {
    assertThat(errorOf("{\"devices\":{\"d1\":{\"pm25\":{}}}}"))
        .contains("devices.d1.pm25: unknown quantity 'pm25'");
  }

  @Test
  void shouldNameTheBadValueAndTheRuleItBreaks() {
    assertThat(errorOf("{\"quantities\":{\"pm2_5\":{\"spike\":{\"fail\":10}}}}"))
        .contains("quantities.pm2_5.spike: spike limits need 0 < suspect <= fail")
        .contains("50.0, 10.0");
    assertThat(errorOf("{\"quantities\":{\"o3\":{\"gross_range\":{\"suspect\":[0,\"x\"]}}}}"))
        .contains("quantities.o3.gross_range.suspect: must be [min, max]");
    assertThat(errorOf("{\"quantities\":{\"o3\":{\"flat_line\":{\"fail_after\":\"soon\"}}}}"))
        .contains("quantities.o3.flat_line.fail_after: must be a duration");
    assertThat(errorOf("{\"max_series\":0}")).contains("max_series: must be an integer >= 1");
    assertThat(errorOf("{\"quantities\":{\"pm2_5\":{\"spike\":{\"suspect\":\"5\"}}}}"))
        .contains("quantities.pm2_5.spike.suspect: must be a number but was \"5\"");
  }

  @Test
  void shouldRequireEveryLimitOfATestThatIsOffByDefault() {
    // pm2_5 has no climatology by default, so there is nothing to merge a partial object into
    assertThat(errorOf("{\"quantities\":{\"pm2_5\":{\"climatology\":{\"winter\":[0,80]}}}}"))
        .contains("quantities.pm2_5.climatology.spring: missing");
  }

  @Test
  void shouldReportInvalidJsonAndAMissingFile(@TempDir Path dir) throws Exception {
    assertThat(errorOf("{\"quantities\":")).contains("not valid JSON");
    Path missing = dir.resolve("nope.json");
    assertThatThrownBy(() -> QcConfigFile.read(missing))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("QC config " + missing + ": no such file");
    Path file = Files.writeString(dir.resolve("qc.json"), "{\"max_series\":5}");
    assertThat(QcConfigFile.read(file).maxSeries()).isEqualTo(5);
  }
}
