package dev.airtrace.processor;

import static dev.airtrace.processor.SiteHourlyBuilder.hourly;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.airtrace.processor.VerifierState.Event;
import dev.airtrace.processor.VerifierState.Output;
import dev.airtrace.processor.VerifierState.Sample;
import dev.airtrace.topics.processor.ForecastCorrection;
import dev.airtrace.topics.processor.ForecastSkill;
import dev.airtrace.topics.processor.ForecastVerification;
import dev.airtrace.topics.processor.SiteHourly;
import dev.airtrace.topics.serving.Forecast;
import dev.airtrace.topics.serving.ForecastSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The verifier against in-memory stores, fed forecasts and closed hours directly; hours count from
 * {@link ReadingBuilder#T0} (hour {@code h} ends at {@code History.hour(h + 1)}). A forecast
 * "issued after hour k" has issueTime = end of hour k, and its horizon-1 value is for hour k + 1.
 */
class ForecastVerifierProcessorTest {
  private static final String MODEL = "pm25-forecast@2";
  private static final long HOUR = 3_600_000L;

  private MockProcessorContext<String, Output> context;
  private ForecastVerifierProcessor processor;

  private void start(VerificationConfig config) {
    context = new MockProcessorContext<>();
    for (String name : List.of("pending", "observed")) {
      KeyValueStore<String, ?> store =
          name.equals("pending")
              ? Stores.keyValueStoreBuilder(
                      Stores.inMemoryKeyValueStore(name), Serdes.String(), VerifierState.pending())
                  .withLoggingDisabled()
                  .build()
              : Stores.keyValueStoreBuilder(
                      Stores.inMemoryKeyValueStore(name),
                      Serdes.String(),
                      VerifierState.observations())
                  .withLoggingDisabled()
                  .build();
      store.init(context.getStateStoreContext(), store);
      context.addStateStore(store);
    }
    KeyValueStore<String, VerifierState.SkillWindow> skill =
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore("skill"),
                Serdes.String(),
                VerifierState.skillWindows())
            .withLoggingDisabled()
            .build();
    skill.init(context.getStateStoreContext(), skill);
    context.addStateStore(skill);
    processor = new ForecastVerifierProcessor("pending", "observed", "skill", config);
    processor.init(context);
  }

  @BeforeEach
  void defaults() {
    start(VerificationConfig.builder().enabled(true).build());
  }

  /** End of hour {@code k}. */
  private static long endOf(int k) {
    return History.hour(k + 1);
  }

  private void observe(int hour, double pm, int revision) {
    SiteHourly h = hourly(hour).pm25(pm).build().withRevision(revision);
    processor.process(new Record<>(h.siteId(), Event.of(h), h.windowEnd()));
  }

  /** A one-horizon forecast issued after hour {@code k}, as serving writes it. */
  private void forecast(
      int k, float model, double corrected, ForecastSource source, double persistence) {
    float served =
        switch (source) {
          case MODEL -> model;
          case CORRECTED -> (float) corrected;
          case PERSISTENCE -> (float) persistence;
        };
    Forecast f =
        new Forecast(
            "site-a",
            endOf(k),
            new int[] {1},
            new float[] {served},
            MODEL,
            "ort-cpu",
            new Forecast.Provenance(
                persistence,
                List.of(new Forecast.HorizonProvenance(source, model, corrected, null))));
    processor.process(new Record<>("site-a", Event.of(f), endOf(k)));
  }

  private List<ForecastVerification> verifications() {
    List<ForecastVerification> out = new ArrayList<>();
    context.forwarded().stream()
        .map(f -> f.record().value().verification())
        .filter(v -> v != null)
        .forEach(out::add);
    return out;
  }

  private List<ForecastSkill> skills() {
    List<ForecastSkill> out = new ArrayList<>();
    context.forwarded().stream()
        .map(f -> f.record().value().skill())
        .filter(s -> s != null)
        .forEach(out::add);
    return out;
  }

  private ForecastSkill lastSkill() {
    List<ForecastSkill> s = skills();
    return s.get(s.size() - 1);
  }

  @Test
  void shouldVerifyEveryHorizonIssuedForAnHourAndAgainWhenItsMeanIsRevised() {
    // Two forecasts for hour 3: issued after hour 2 (horizon 1) and after hour 1 (horizon 2).
    Forecast twoHorizons =
        new Forecast(
            "site-a",
            endOf(1),
            new int[] {1, 2},
            new float[] {11f, 12f},
            MODEL,
            "ort-cpu",
            new Forecast.Provenance(
                10.0,
                List.of(
                    new Forecast.HorizonProvenance(ForecastSource.MODEL, 11f, Double.NaN, null),
                    new Forecast.HorizonProvenance(ForecastSource.MODEL, 12f, Double.NaN, null))));
    processor.process(new Record<>("site-a", Event.of(twoHorizons), endOf(1)));
    forecast(2, 13f, Double.NaN, ForecastSource.MODEL, 14.0);
    assertThat(verifications()).isEmpty();

    observe(3, 15.0, 0);
    List<ForecastVerification> first = verifications();
    assertThat(first)
        .extracting(
            ForecastVerification::hours,
            ForecastVerification::forecast,
            ForecastVerification::observedRevision)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(2, 12f, 0),
            org.assertj.core.groups.Tuple.tuple(1, 13f, 0));
    ForecastVerification h1 = first.stream().filter(v -> v.hours() == 1).findFirst().orElseThrow();
    assertThat(h1.validTime()).isEqualTo(endOf(3));
    assertThat(h1.error()).isEqualTo(-2.0); // 13 - 15
    assertThat(h1.persistenceError()).isEqualTo(-1.0); // 14 - 15
    context.resetForwards();

    // A late reading revises hour 3 to 17: both are verified again, the window replaces the hour.
    observe(3, 17.0, 1);
    assertThat(verifications())
        .extracting(
            ForecastVerification::hours,
            ForecastVerification::error,
            ForecastVerification::observedRevision)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(2, -5.0, 1),
            org.assertj.core.groups.Tuple.tuple(1, -4.0, 1));
    ForecastSkill h1Skill = skills().stream().filter(s -> s.hours() == 1).findFirst().orElseThrow();
    assertThat(h1Skill.count()).isEqualTo(1); // the revision replaced the hour, not added one
    assertThat(h1Skill.rmse()).isEqualTo(4.0);
    assertThat(h1Skill.bias()).isEqualTo(-4.0);
    assertThat(h1Skill.persistenceRmse()).isEqualTo(3.0); // 14 - 17
    assertThat(h1Skill.skill()).isCloseTo(1 - 4.0 / 3.0, within(1e-12));
    assertThat(h1Skill.correction().updates()).isEqualTo(2);
    context.resetForwards();

    // A redelivered older revision changes nothing.
    observe(3, 15.0, 0);
    assertThat(context.forwarded()).isEmpty();
  }

  @Test
  void shouldVerifyAForecastAtOnceWhenItsHourIsAlreadyKnown() {
    observe(3, 15.0, 0);
    forecast(2, 13f, Double.NaN, ForecastSource.MODEL, 14.0);

    assertThat(verifications())
        .singleElement()
        .extracting(ForecastVerification::error)
        .isEqualTo(-2.0);
  }

  @Test
  void shouldComputeRollingStatisticsOverTheWindowByHand() {
    // hour: model (served), persistence, observed
    forecast(0, 12f, Double.NaN, ForecastSource.MODEL, 10.0);
    forecast(1, 9f, Double.NaN, ForecastSource.MODEL, 11.0);
    forecast(2, 16f, Double.NaN, ForecastSource.MODEL, 13.0);
    observe(1, 11.0, 0); // errors: model +1, persistence -1
    observe(2, 13.0, 0); // model -4, persistence -2
    observe(3, 14.0, 0); // model +2, persistence -1

    ForecastSkill s = lastSkill();
    assertThat(s.count()).isEqualTo(3);
    assertThat(s.rmse()).isCloseTo(Math.sqrt((1 + 16 + 4) / 3.0), within(1e-12));
    assertThat(s.mae()).isCloseTo(7 / 3.0, within(1e-12));
    assertThat(s.bias()).isCloseTo(-1 / 3.0, within(1e-12));
    assertThat(s.persistenceRmse()).isCloseTo(Math.sqrt(6 / 3.0), within(1e-12));
    assertThat(s.persistenceMae()).isCloseTo(4 / 3.0, within(1e-12));
    assertThat(s.decision()).isEqualTo(ForecastSource.MODEL); // 3 < 24 verifications: warm-up
    assertThat(s.windowEnd()).isEqualTo(endOf(3));
    assertThat(s.key()).isEqualTo("site-a/1/" + MODEL);
  }

  @Test
  void shouldForgetHoursOlderThanTheWindow() {
    start(VerificationConfig.builder().enabled(true).windowHours(24).minVerifications(1).build());
    forecast(0, 12f, Double.NaN, ForecastSource.MODEL, 10.0);
    observe(1, 11.0, 0);
    forecast(25, 20f, Double.NaN, ForecastSource.MODEL, 10.0);
    observe(26, 20.0, 0); // 25 hours after hour 1: hour 1 leaves the 24-hour window

    ForecastSkill s = lastSkill();
    assertThat(s.count()).isEqualTo(1);
    assertThat(s.rmse()).isEqualTo(0.0);
  }

  @Test
  void shouldLearnTheExponentiallyWeightedLeastSquaresCorrectionByHand() {
    VerificationConfig c =
        VerificationConfig.builder().forgetting(0.5).scalePrior(0).scaleBounds(0.1, 10).build();
    Map<Long, Sample> w = new TreeMap<>();
    // (model x, observed y) with weights 1, 0.5, 0.25 from the newest back.
    w.put(10 * HOUR, sample(20, 13));
    w.put(9 * HOUR, sample(10, 8));
    w.put(8 * HOUR, sample(30, 21));
    // Σw = 1.75, x̄ = 32.5 / 1.75, ȳ = 22.25 / 1.75; Σw(x−x̄)² = 71.428571…, Σw(x−x̄)(y−ȳ) =
    // 44.285714… → scale = 0.62, offset = ȳ − 0.62 x̄ = 12.714286 − 11.514286 = 1.2
    ForecastCorrection k = ForecastVerifierProcessor.correction(w.entrySet(), 3, c);
    assertThat(k.scale()).isCloseTo(0.62, within(1e-12));
    assertThat(k.offset()).isCloseTo(1.2, within(1e-12));
    assertThat(k.updates()).isEqualTo(3);

    // A scale prior of κ = 25 (µg/m³)²: (cov + κ) / (var + κ) with var = 71.428571 / 1.75 =
    // 40.816327, cov = 44.285714 / 1.75 = 25.306122 → 50.306122 / 65.816327 = 0.764341
    ForecastCorrection shrunk =
        ForecastVerifierProcessor.correction(w.entrySet(), 3, c.toBuilder().scalePrior(25).build());
    assertThat(shrunk.scale()).isCloseTo((25.306122449 + 25) / (40.816326531 + 25), within(1e-9));
    assertThat(shrunk.offset())
        .isCloseTo(22.25 / 1.75 - shrunk.scale() * 32.5 / 1.75, within(1e-12));

    // Without forgetting it is ordinary least squares: x̄ = 20, ȳ = 14, Sxx = 200, Sxy = 130.
    ForecastCorrection ols =
        ForecastVerifierProcessor.correction(w.entrySet(), 3, c.toBuilder().forgetting(1).build());
    assertThat(ols.scale()).isCloseTo(0.65, within(1e-12));
    assertThat(ols.offset()).isCloseTo(1.0, within(1e-12));
  }

  @Test
  void shouldClampTheScaleAndFallBackToAPureBiasWhenTheModelIsConstant() {
    VerificationConfig c = VerificationConfig.builder().forgetting(1).scaleBounds(0.5, 2).build();
    Map<Long, Sample> w = new TreeMap<>();
    w.put(HOUR, sample(30, 10));
    w.put(2 * HOUR, sample(30, 14));
    // var = 0, cov = 0: scale (0 + 25) / (0 + 25) = 1, offset = 12 − 30 = −18
    ForecastCorrection k = ForecastVerifierProcessor.correction(w.entrySet(), 2, c);
    assertThat(k.scale()).isEqualTo(1.0);
    assertThat(k.offset()).isEqualTo(-18.0);

    Map<Long, Sample> steep = new TreeMap<>();
    steep.put(HOUR, sample(10, 0));
    steep.put(2 * HOUR, sample(11, 100)); // OLS slope 100 → clamped to 2
    assertThat(
            ForecastVerifierProcessor.correction(
                    steep.entrySet(), 2, c.toBuilder().scalePrior(0).build())
                .scale())
        .isEqualTo(2.0);
  }

  @Test
  void shouldServeTheCorrectionOnlyOnceItsIssuedValuesBeatTheModelByTheMargin() {
    // Observed alternates 20 / 35 (persistence is 15 off every hour); the model is right + 5.
    for (int k = 0; k < 24; k++) {
      forecast(k, (float) (obs(k + 1) + 5), Double.NaN, ForecastSource.MODEL, obs(k));
      observe(k + 1, obs(k + 1), 0);
    }
    ForecastSkill warm = lastSkill();
    assertThat(warm.count()).isEqualTo(24);
    assertThat(warm.modelRmse()).isCloseTo(5.0, within(1e-9));
    assertThat(warm.persistenceRmse()).isCloseTo(15.0, within(1e-9));
    ForecastCorrection learned = warm.correction();
    // Defaults: offset only (scale 1), the mean error of the window.
    assertThat(learned.offset()).isCloseTo(-5.0, within(1e-9));
    assertThat(learned.scale()).isEqualTo(1.0);
    // No corrected value was issued yet: corrected-as-issued = model, a tie keeps the model.
    assertThat(warm.correctedRmse()).isCloseTo(5.0, within(1e-9));
    assertThat(warm.decision()).isEqualTo(ForecastSource.MODEL);

    // Serving records the corrected value (exact here) while it still serves the model.
    for (int k = 24; k < 48; k++) {
      float model = (float) (obs(k + 1) + 5);
      forecast(k, model, learned.apply(model), ForecastSource.MODEL, obs(k));
      observe(k + 1, obs(k + 1), 0);
    }
    ForecastSkill after = lastSkill();
    // 24 hours corrected = model (5 off), 24 exact: sqrt(24 × 25 / 48) = 3.5355 < 0.9 × 5 = 4.5
    assertThat(after.correctedRmse()).isCloseTo(Math.sqrt(12.5), within(1e-4));
    assertThat(after.rmse()).isCloseTo(5.0, within(1e-4));
    assertThat(after.decision()).isEqualTo(ForecastSource.CORRECTED);
  }

  @Test
  void shouldKeepTheModelWhenTheCorrectedValueWinsByLessThanTheMargin() {
    // Every hour: model 10 above the observation, corrected 9.5 above, persistence 20 above.
    // Corrected RMSE 9.5 is lower than 10 but not below (1 − 0.10) × 10 = 9.
    for (int k = 0; k < 24; k++) {
      double y = obs(k + 1);
      forecast(k, (float) (y + 10), y + 9.5, ForecastSource.MODEL, y + 20);
      observe(k + 1, y, 0);
    }
    ForecastSkill s = lastSkill();
    assertThat(s.modelRmse()).isCloseTo(10.0, within(1e-4));
    assertThat(s.correctedRmse()).isCloseTo(9.5, within(1e-4));
    assertThat(s.decision()).isEqualTo(ForecastSource.MODEL);

    // The same window without a margin follows the lowest RMSE.
    VerificationConfig noMargin = VerificationConfig.builder().switchMargin(0).build();
    assertThat(
            ForecastVerifierProcessor.skill(
                    "site-a", 1, MODEL, windowOf(k -> 10, k -> 9.5, k -> 20), noMargin)
                .decision())
        .isEqualTo(ForecastSource.CORRECTED);
  }

  @Test
  void shouldFallBackToPersistenceOnlyWhenItBeatsTheChosenVariantByTheMargin() {
    VerificationConfig c = VerificationConfig.builder().build();
    // 2-hour horizon. Model 10 off every hour; persistence 9.5 off: within the margin, the model
    // stays.
    assertThat(
            ForecastVerifierProcessor.skill(
                    "site-a", 2, MODEL, windowOf(k -> 10, k -> 10, k -> 9.5), c)
                .decision())
        .isEqualTo(ForecastSource.MODEL);
    // Persistence 8.5 off: below 0.9 × 10 = 9, it is served.
    assertThat(
            ForecastVerifierProcessor.skill(
                    "site-a", 2, MODEL, windowOf(k -> 10, k -> 10, k -> 8.5), c)
                .decision())
        .isEqualTo(ForecastSource.PERSISTENCE);
    // Corrected 8 off wins over the model (8 < 9); persistence 7.5 off is not below 0.9 × 8 = 7.2.
    assertThat(
            ForecastVerifierProcessor.skill(
                    "site-a", 2, MODEL, windowOf(k -> 10, k -> 8, k -> 7.5), c)
                .decision())
        .isEqualTo(ForecastSource.CORRECTED);
  }

  @Test
  void shouldFallBackToPersistenceAtOneHourAsSoonAsItBeatsTheChosenVariant() {
    VerificationConfig c = VerificationConfig.builder().build();
    // 1-hour horizon, default first-hour margin 0: persistence 9.5 off beats the model's 10.
    assertThat(
            ForecastVerifierProcessor.skill(
                    "site-a", 1, MODEL, windowOf(k -> 10, k -> 10, k -> 9.5), c)
                .decision())
        .isEqualTo(ForecastSource.PERSISTENCE);
    // A tie keeps the model.
    assertThat(
            ForecastVerifierProcessor.skill(
                    "site-a", 1, MODEL, windowOf(k -> 10, k -> 10, k -> 10), c)
                .decision())
        .isEqualTo(ForecastSource.MODEL);
    // Corrected 8 off (< 0.9 × 10) is chosen; persistence 7.9 off beats it at 1 h.
    assertThat(
            ForecastVerifierProcessor.skill(
                    "site-a", 1, MODEL, windowOf(k -> 10, k -> 8, k -> 7.9), c)
                .decision())
        .isEqualTo(ForecastSource.PERSISTENCE);
    // With the first-hour margin set to the switch margin, 1 h behaves as every other horizon.
    VerificationConfig uniform = c.toBuilder().firstHourFallbackMargin(0.10).build();
    assertThat(
            ForecastVerifierProcessor.skill(
                    "site-a", 1, MODEL, windowOf(k -> 10, k -> 10, k -> 9.5), uniform)
                .decision())
        .isEqualTo(ForecastSource.MODEL);
  }

  /**
   * 24 verified hours with the given errors (value − observed) of model, corrected, persistence.
   */
  private static VerifierState.SkillWindow windowOf(
      java.util.function.IntToDoubleFunction model,
      java.util.function.IntToDoubleFunction corrected,
      java.util.function.IntToDoubleFunction persistence) {
    VerifierState.SkillWindow w = VerifierState.SkillWindow.empty();
    for (int k = 1; k <= 24; k++) {
      double y = obs(k);
      double m = y + model.applyAsDouble(k);
      w.put(
          k * HOUR,
          new Sample(m, m, y + corrected.applyAsDouble(k), y + persistence.applyAsDouble(k), y),
          336 * HOUR);
    }
    return w;
  }

  @Test
  void shouldFallBackToPersistenceWhenTheModelLosesToItOnTheWindow() {
    // Observed rises by 1 µg/m³ an hour (persistence is 1 off); the model says 50, 10, 50, 10 …
    for (int k = 0; k < 30; k++) {
      float model = k % 2 == 0 ? 50f : 10f;
      forecast(k, model, Double.NaN, ForecastSource.MODEL, 10.0 + k);
      observe(k + 1, 10.0 + k + 1, 0);
    }
    ForecastSkill s = lastSkill();
    assertThat(s.persistenceRmse()).isCloseTo(1.0, within(1e-12));
    assertThat(s.modelRmse()).isGreaterThan(10);
    assertThat(s.modelSkill()).isNegative();
    assertThat(s.decision()).isEqualTo(ForecastSource.PERSISTENCE);
  }

  @Test
  void shouldVerifyButNotScoreAForecastWithoutAPersistenceValue() {
    Forecast old =
        new Forecast("site-a", endOf(0), new int[] {1}, new float[] {9f}, MODEL, "ort-cpu");
    processor.process(new Record<>("site-a", Event.of(old), endOf(0)));
    observe(1, 11.0, 0);

    assertThat(verifications())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.source()).isEqualTo(ForecastSource.MODEL);
              assertThat(v.persistence()).isNaN();
            });
    assertThat(skills()).isEmpty();
  }

  private static double obs(int hour) {
    return hour % 2 == 0 ? 20.0 : 35.0;
  }

  private static Sample sample(double model, double observed) {
    return new Sample(model, model, model, observed, observed);
  }
}
