package dev.airtrace.sink.influx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airtrace.core.codec.Json;
import dev.airtrace.topics.processor.ForecastCorrection;
import dev.airtrace.topics.processor.ForecastSkill;
import dev.airtrace.topics.processor.ForecastVerification;
import dev.airtrace.topics.processor.VerificationJson;
import dev.airtrace.topics.serving.ForecastSource;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The preset's mappings of the forecast verifier's topics, fed what the verifier's codec writes.
 */
class ForecastVerificationMappingTest {
  private static final long ISSUE = 1_764_057_600_000L;
  private static final long HOUR = 3_600_000L;

  private static List<String> lines(String topic, byte[] json) throws Exception {
    return new JsonPointMapper(InfluxSinkConfig.airtracePreset().get(topic))
        .map(Json.mapper().readTree(json)).stream().map(LineProtocol::encode).toList();
  }

  @Test
  void shouldWriteOneVerificationPointPerSiteModelHorizonAndVerifiedHour() throws Exception {
    ForecastVerification v =
        new ForecastVerification(
            "s1",
            "pm25-forecast@2",
            ISSUE,
            2,
            ISSUE + 2 * HOUR,
            22.5f,
            ForecastSource.CORRECTED,
            24f,
            22.5,
            21.0,
            20.0,
            1);

    assertThat(
            lines(
                InfluxSinkConfig.TOPIC_FORECAST_VERIFICATIONS,
                VerificationJson.encodeVerification(v)))
        .containsExactly(
            "forecast_verification,hours=2,model=pm25-forecast@2,siteId=s1,source=corrected"
                + " absError=2.5,correctedPm2_5=22.5,error=2.5,forecast=22.5,modelPm2_5=24.0,"
                + "observed=20.0,observedRevision=1.0,persistence=21.0,persistenceAbsError=1.0,"
                + "persistenceError=1.0 "
                + (ISSUE + 2 * HOUR));
  }

  @Test
  void shouldWriteSkillWithTheCorrectionAsFieldsAndTheDecisionAsATag() throws Exception {
    ForecastSkill s =
        new ForecastSkill(
            "s1",
            1,
            "pm25-forecast@2",
            ISSUE,
            336,
            40,
            6.0,
            4.0,
            0.5,
            8.0,
            6.0,
            8.0,
            5.0,
            new ForecastCorrection(-1.5, 0.75, 0.99, 40),
            ForecastSource.CORRECTED);

    String line =
        lines(InfluxSinkConfig.TOPIC_FORECAST_SKILL, VerificationJson.encodeSkill(s)).get(0);
    assertThat(line)
        .startsWith("forecast_skill,decision=corrected,hours=1,model=pm25-forecast@2,siteId=s1 ")
        .contains(",skill=0.25,") // 1 - 6 / 8
        .contains("correction_offset=-1.5,correction_scale=0.75")
        .contains("count=40.0")
        .endsWith(" " + ISSUE);
  }
}
