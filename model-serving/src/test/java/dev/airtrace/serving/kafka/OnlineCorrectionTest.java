package dev.airtrace.serving.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.airtrace.inference.ModelManifest;
import dev.airtrace.serving.batching.Prediction;
import dev.airtrace.serving.testdata.Schemas;
import dev.airtrace.serving.testdata.TestModels;
import dev.airtrace.topics.processor.ForecastCorrection;
import dev.airtrace.topics.processor.ForecastSkill;
import dev.airtrace.topics.processor.VerificationJson;
import dev.airtrace.topics.serving.Forecast;
import dev.airtrace.topics.serving.ForecastJson;
import dev.airtrace.topics.serving.ForecastSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Serving applies the verifier's corrections and fallback decisions per site, horizon and model,
 * and records where every value came from.
 */
class OnlineCorrectionTest {
  private static final ModelManifest FORECASTER =
      ModelManifest.read(TestModels.REPOSITORY.resolve("pm25-forecast/2/model.json"));
  private static final String MODEL = "pm25-forecast@2";
  private static final long ISSUE = 1_764_057_600_000L;

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final CorrectionTable table = new CorrectionTable(registry);

  /** A window whose newest PM2.5 hours are 30, then missing: persistence is 30. */
  private static ForecastWindow window() {
    return new ForecastWindow(
        "site-a", ISSUE, Map.of("pm2_5", new double[] {10, 20, 30, Double.NaN}));
  }

  private static Prediction prediction(float... values) {
    return new Prediction(FORECASTER, "ort-cpu", 1, Map.of("pm2_5", values));
  }

  private void learn(int hours, double offset, double scale, ForecastSource decision) {
    ForecastSkill s =
        new ForecastSkill(
            "site-a",
            hours,
            MODEL,
            ISSUE,
            336,
            40,
            5,
            4,
            1,
            6,
            5,
            5.5,
            4.5,
            new ForecastCorrection(offset, scale, 0.99, 40),
            decision);
    table.accept(s.key(), VerificationJson.encodeSkill(s));
  }

  @Test
  void shouldServeTheModelsOwnValuesAndThePersistenceValueWhenNothingWasLearned() {
    Forecast f = Forecasts.of(window(), prediction(12f, 13f), table);

    assertThat(f.pm25()).containsExactly(12f, 13f);
    assertThat(f.persistence()).isEqualTo(30.0);
    assertThat(f.provenance().horizons())
        .allSatisfy(
            h -> {
              assertThat(h.source()).isEqualTo(ForecastSource.MODEL);
              assertThat(h.correctedPm25()).isNaN();
              assertThat(h.correctionId()).isNull();
            });
  }

  @Test
  void shouldApplyTheLearnedCorrectionAndFallBackPerHorizon() {
    learn(1, -5, 1.0, ForecastSource.CORRECTED); // a model 5 µg/m³ high: 40 → 35
    learn(2, 2, 0.5, ForecastSource.PERSISTENCE); // lost to persistence: serve 30

    Forecast f = Forecasts.of(window(), prediction(40f, 50f, 60f), table);

    assertThat(f.pm25()).containsExactly(35f, 30f, 60f);
    Forecast.HorizonProvenance h1 = f.provenance().horizons().get(0);
    assertThat(h1.source()).isEqualTo(ForecastSource.CORRECTED);
    assertThat(h1.modelPm25()).isEqualTo(40f);
    assertThat(h1.correctedPm25()).isCloseTo(35.0, within(1e-12));
    assertThat(h1.correctionId()).isEqualTo(MODEL + "/h1/40");
    Forecast.HorizonProvenance h2 = f.provenance().horizons().get(1);
    assertThat(h2.source()).isEqualTo(ForecastSource.PERSISTENCE);
    assertThat(h2.correctedPm25()).isCloseTo(27.0, within(1e-12)); // 2 + 0.5 × 50, still recorded
    assertThat(f.provenance().horizons().get(2).source()).isEqualTo(ForecastSource.MODEL);
    assertThat(Schemas.errors("forecast.v1.schema.json", ForecastJson.encode(f))).isEmpty();
  }

  @Test
  void shouldServeTheCorrectedValueWhenPersistenceIsDecidedButTheWindowHasNoPm25() {
    learn(1, -5, 1.0, ForecastSource.PERSISTENCE);
    ForecastWindow noPm =
        new ForecastWindow("site-a", ISSUE, Map.of("pm2_5", new double[] {Double.NaN}));

    Forecast f = Forecasts.of(noPm, prediction(40f), table);

    assertThat(f.pm25()).containsExactly(35f);
    assertThat(f.provenance().horizons().get(0).source()).isEqualTo(ForecastSource.CORRECTED);
    assertThat(f.persistence()).isNaN();
  }

  @Test
  void shouldCountAnUndecodableSkillRecordAndKeepTheTable() {
    learn(1, -5, 1.0, ForecastSource.CORRECTED);
    table.accept("site-a/1/" + MODEL, "{oops".getBytes(StandardCharsets.UTF_8));

    assertThat(table.lookup("site-a", 1, MODEL)).isPresent();
    assertThat(
            registry
                .get("airtrace.serving.skill.records")
                .tag("outcome", "undecodable")
                .counter()
                .count())
        .isEqualTo(1.0);
    table.accept("site-a/1/" + MODEL, null); // a tombstone removes the entry
    assertThat(table.lookup("site-a", 1, MODEL)).isEmpty();
  }
}
