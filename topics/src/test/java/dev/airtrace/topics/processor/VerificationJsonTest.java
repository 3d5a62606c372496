package dev.airtrace.topics.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.airtrace.core.codec.Json;
import dev.airtrace.topics.Topic;
import dev.airtrace.topics.Topics;
import dev.airtrace.topics.serving.Forecast;
import dev.airtrace.topics.serving.ForecastJson;
import dev.airtrace.topics.serving.ForecastSource;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The verification topics' codecs against their schemas, and the forecast record's optional
 * provenance fields (an additive change to forecast.v1).
 */
class VerificationJsonTest {
  private static final long ISSUE = 1_764_057_600_000L;
  private static final long HOUR = 3_600_000L;

  static ForecastVerification verification(double persistence, double corrected) {
    return new ForecastVerification(
        "site-a",
        "pm25-forecast@2",
        ISSUE,
        2,
        ISSUE + 2 * HOUR,
        22.5f,
        ForecastSource.CORRECTED,
        24f,
        corrected,
        persistence,
        20.0,
        1);
  }

  static ForecastSkill skill() {
    return new ForecastSkill(
        "site-a",
        2,
        "pm25-forecast@2",
        ISSUE + 2 * HOUR,
        336,
        57,
        6.0,
        4.0,
        0.5,
        8.0,
        6.0,
        7.5,
        5.0,
        new ForecastCorrection(-1.25, 0.875, 0.99, 57),
        ForecastSource.CORRECTED);
  }

  @Test
  void shouldWriteErrorsAsForecastMinusObserved() throws IOException {
    JsonNode json =
        Json.mapper().readTree(VerificationJson.encodeVerification(verification(21, 22.5)));

    assertThat(json.get("error").doubleValue()).isEqualTo(2.5);
    assertThat(json.get("absError").doubleValue()).isEqualTo(2.5);
    assertThat(json.get("persistenceError").doubleValue()).isEqualTo(1.0);
    assertThat(json.get("persistenceAbsError").doubleValue()).isEqualTo(1.0);
    assertThat(json.get("source").textValue()).isEqualTo("corrected");
    assertThat(errors(Topics.FORECAST_VERIFICATIONS, json)).isEmpty();
  }

  @Test
  void shouldRoundTripAVerificationAndLeaveUnknownValuesOut() throws IOException {
    ForecastVerification v = verification(Double.NaN, Double.NaN);
    byte[] bytes = VerificationJson.encodeVerification(v);
    JsonNode json = Json.mapper().readTree(bytes);

    assertThat(json.has("persistence")).isFalse();
    assertThat(json.has("persistenceError")).isFalse();
    assertThat(json.has("correctedPm2_5")).isFalse();
    assertThat(errors(Topics.FORECAST_VERIFICATIONS, json)).isEmpty();
    assertThat(VerificationJson.decodeVerification(bytes)).isEqualTo(v);
    assertThat(
            VerificationJson.decodeVerification(
                VerificationJson.encodeVerification(verification(21, 22.5))))
        .isEqualTo(verification(21, 22.5));
  }

  @Test
  void shouldWriteSkillAgainstPersistenceAndTheCorrectionId() throws IOException {
    byte[] bytes = VerificationJson.encodeSkill(skill());
    JsonNode json = Json.mapper().readTree(bytes);

    // 1 - 6.0 / 7.5 = 0.2; model 1 - 8 / 7.5 = -0.0667
    assertThat(json.get("skill").doubleValue())
        .isCloseTo(0.2, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(json.get("modelSkill").doubleValue())
        .isCloseTo(-1.0 / 15, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(json.get("correction").get("id").textValue()).isEqualTo("pm25-forecast@2/h2/57");
    assertThat(json.get("decision").textValue()).isEqualTo("corrected");
    assertThat(errors(Topics.FORECAST_SKILL, json)).isEmpty();
    assertThat(VerificationJson.decodeSkill(bytes)).isEqualTo(skill());
    assertThat(skill().key()).isEqualTo("site-a/2/pm25-forecast@2");
  }

  @Test
  void shouldAcceptForecastsWithAndWithoutProvenance() throws IOException {
    Forecast plain =
        new Forecast(
            "site-a",
            ISSUE,
            new int[] {1, 2},
            new float[] {23.5f, 24f},
            "pm25-forecast@2",
            "ort-cpu");
    Forecast withProvenance =
        new Forecast(
            "site-a",
            ISSUE,
            new int[] {1, 2},
            new float[] {22.75f, 21f},
            "pm25-forecast@2",
            "ort-cpu",
            new Forecast.Provenance(
                21.0,
                List.of(
                    new Forecast.HorizonProvenance(
                        ForecastSource.CORRECTED, 23.5f, 22.75, "pm25-forecast@2/h1/30"),
                    new Forecast.HorizonProvenance(
                        ForecastSource.PERSISTENCE, 24f, 23.0, "pm25-forecast@2/h2/30"))));

    for (Forecast f : List.of(plain, withProvenance)) {
      byte[] bytes = ForecastJson.encode(f);
      assertThat(errors(Topics.FORECASTS, Json.mapper().readTree(bytes))).isEmpty();
      Forecast back = ForecastJson.decode(bytes);
      assertThat(back.pm25()).isEqualTo(f.pm25());
      assertThat(back.provenance()).isEqualTo(f.provenance());
    }
    assertThat(ForecastJson.decode(ForecastJson.encode(withProvenance)).persistence())
        .isEqualTo(21.0);
    assertThat(plain.persistence()).isNaN();
  }

  @Test
  void shouldRejectAForecastWithSourceOnOnlySomeHorizons() throws IOException {
    ObjectNode json =
        (ObjectNode)
            Json.mapper()
                .readTree(
                    ForecastJson.encode(
                        new Forecast(
                            "site-a",
                            ISSUE,
                            new int[] {1, 2},
                            new float[] {1f, 2f},
                            "pm25-forecast@2",
                            "ort-cpu")));
    ((ObjectNode) json.get("horizons").get(0)).put("source", "model").put("modelPm2_5", 1f);

    assertThatThrownBy(() -> ForecastJson.decode(Json.mapper().writeValueAsBytes(json)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("source on some horizons");
  }

  @Test
  void schemasShouldAcceptTheirOwnExamplesAndRejectAnUnknownSource() throws IOException {
    for (Topic<?, ?> t :
        List.of(Topics.FORECAST_VERIFICATIONS, Topics.FORECAST_SKILL, Topics.FORECASTS)) {
      try (InputStream in = t.openSchema()) {
        for (JsonNode example : Json.mapper().readTree(in).get("examples")) {
          assertThat(errors(t, example)).as(t.name()).isEmpty();
        }
      }
    }
    ObjectNode bad =
        (ObjectNode)
            Json.mapper().readTree(VerificationJson.encodeVerification(verification(21, 22.5)));
    bad.put("source", "oracle");
    assertThat(errors(Topics.FORECAST_VERIFICATIONS, bad)).isNotEmpty();
  }

  private static Set<ValidationMessage> errors(Topic<?, ?> topic, JsonNode node)
      throws IOException {
    try (InputStream in = topic.openSchema()) {
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
          .getSchema(in)
          .validate(node);
    }
  }
}
