package dev.airtrace.serving.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airtrace.inference.ModelManifest;
import dev.airtrace.serving.batching.Prediction;
import dev.airtrace.topics.serving.Forecast;

/**
 * Turns a model prediction for a {@link ForecastWindow} into a {@link Forecast}, the value of the
 * forecasts topic (whose JSON codec is {@code dev.airtrace.topics.serving.ForecastJson}). Stateless
 * and thread-safe.
 */
public final class Forecasts {
  /** The model output holding PM2.5 per horizon. */
  public static final String OUTPUT = "pm2_5";

  private Forecasts() {}

  /** The forecast a prediction for {@code window} makes. */
  public static Forecast of(ForecastWindow window, Prediction p) {
    float[] values = p.output(OUTPUT);
    int[] horizons = horizons(p.model(), values.length);
    return new Forecast(
        window.siteId(), window.issueTime(), horizons, values, p.model().id(), p.accelerator());
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
