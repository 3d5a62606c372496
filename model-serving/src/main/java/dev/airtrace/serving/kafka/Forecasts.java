package dev.airtrace.serving.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airtrace.inference.ModelManifest;
import dev.airtrace.serving.batching.Prediction;
import dev.airtrace.topics.processor.ForecastSkill;
import dev.airtrace.topics.serving.Forecast;
import dev.airtrace.topics.serving.ForecastSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns a model prediction for a {@link ForecastWindow} into a {@link Forecast}, the value of the
 * forecasts topic (whose JSON codec is {@code dev.airtrace.topics.serving.ForecastJson}). Stateless
 * and thread-safe.
 */
public final class Forecasts {
  /** The model output holding PM2.5 per horizon. */
  public static final String OUTPUT = "pm2_5";

  private Forecasts() {}

  /** The PM2.5 channel of a feature window. */
  public static final String PM25_CHANNEL = "pm2_5";

  /** The forecast a prediction for {@code window} makes: the model's own values, no provenance. */
  public static Forecast of(ForecastWindow window, Prediction p) {
    float[] values = p.output(OUTPUT);
    int[] horizons = horizons(p.model(), values.length);
    return new Forecast(
        window.siteId(), window.issueTime(), horizons, values, p.model().id(), p.accelerator());
  }

  /**
   * The forecast a prediction for {@code window} makes with the site's online corrections: per
   * horizon, when the table holds a skill record for (site, horizon, model), the corrected value
   * {@code offset + scale × model} is computed and its decision applied — {@code corrected}, {@code
   * model}, or {@code persistence} (the newest non-missing PM2.5 hour of the window; when the
   * window has none the corrected value is served instead, and says so). Without a record the
   * model's own value is served. Every value records its source, the model's value, the corrected
   * value and the correction id, and the forecast the persistence value, so that the verifier can
   * score all three.
   */
  public static Forecast of(ForecastWindow window, Prediction p, CorrectionTable table) {
    float[] values = p.output(OUTPUT);
    int[] horizons = horizons(p.model(), values.length);
    String model = p.model().id();
    double persistence = persistence(window);
    float[] served = new float[values.length];
    List<Forecast.HorizonProvenance> provenance = new ArrayList<>(values.length);
    for (int i = 0; i < values.length; i++) {
      Optional<ForecastSkill> skill = table.lookup(window.siteId(), horizons[i], model);
      if (skill.isEmpty()) {
        served[i] = values[i];
        provenance.add(
            new Forecast.HorizonProvenance(ForecastSource.MODEL, values[i], Double.NaN, null));
        continue;
      }
      ForecastSkill s = skill.get();
      double corrected = s.correction().apply(values[i]);
      ForecastSource source = s.decision();
      if (source == ForecastSource.PERSISTENCE && !Double.isFinite(persistence)) {
        source = ForecastSource.CORRECTED;
      }
      served[i] =
          switch (source) {
            case MODEL -> values[i];
            case CORRECTED -> (float) corrected;
            case PERSISTENCE -> (float) persistence;
          };
      provenance.add(
          new Forecast.HorizonProvenance(source, values[i], corrected, s.correctionId()));
    }
    return new Forecast(
        window.siteId(),
        window.issueTime(),
        horizons,
        served,
        model,
        p.accelerator(),
        new Forecast.Provenance(persistence, provenance));
  }

  /** The newest non-missing PM2.5 hour of a window (the persistence forecast), else NaN. */
  static double persistence(ForecastWindow window) {
    double[] pm = window.channels().get(PM25_CHANNEL);
    if (pm != null) {
      for (int i = pm.length - 1; i >= 0; i--) {
        if (Double.isFinite(pm[i])) {
          return pm[i];
        }
      }
    }
    return Double.NaN;
  }

  /**
   * The horizons of a forecast model: its sidecar's {@code "horizons_hours"} (top level or inside
   * {@code "forecast"}), else 1…n.
   */
  static int[] horizons(ModelManifest model, int n) {
    JsonNode h = model.raw().path("horizons_hours");
    if (!h.isArray()) {
      h = model.raw().path("forecast").path("horizons_hours");
    }
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = h.isArray() && h.size() == n ? h.get(i).asInt() : i + 1;
    }
    return out;
  }
}
