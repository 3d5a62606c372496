package dev.airtrace.topics.processor;

import dev.airtrace.core.SiteId;
import dev.airtrace.topics.serving.ForecastSource;
import java.util.Objects;

/**
 * Rolling verification statistics of one site, horizon and model over the recent window, with the
 * online correction learned from the same window and the source serving should use next: the value
 * of the compacted topic {@code airtrace.processor.forecast-skill.v1}, key {@code
 * <siteId>/<hours>/<model>} (schema {@code schemas/forecast-skill.v1.schema.json}). The latest
 * record per key is the state; model-serving reads the topic as a table. Immutable.
 *
 * <p>Statistics are over the verified hours of the window that had an observation and a persistence
 * value; errors are forecast minus observed. Skill is {@code 1 − RMSE / RMSE(persistence)}:
 * positive beats persistence; NaN when persistence was perfect.
 *
 * @param siteId the site
 * @param hours the horizon
 * @param model {@code name@version}
 * @param windowEnd the newest verified hour's end (epoch ms UTC); the window is the {@code
 *     windowHours} hours before it, inclusive of it
 * @param windowHours the window's length in hours
 * @param count verified hours in the window
 * @param rmse RMSE of the served values (µg/m³)
 * @param mae MAE of the served values (µg/m³)
 * @param bias mean error of the served values (µg/m³)
 * @param modelRmse RMSE of the model's own outputs (µg/m³)
 * @param correctedRmse RMSE of the corrected outputs as they were at issue time (µg/m³)
 * @param persistenceRmse RMSE of persistence (µg/m³)
 * @param persistenceMae MAE of persistence (µg/m³)
 * @param correction the correction learned from the window, for the next forecasts
 * @param decision the source the next forecasts of this site, horizon and model use
 */
public record ForecastSkill(
    String siteId,
    int hours,
    String model,
    long windowEnd,
    int windowHours,
    int count,
    double rmse,
    double mae,
    double bias,
    double modelRmse,
    double correctedRmse,
    double persistenceRmse,
    double persistenceMae,
    ForecastCorrection correction,
    ForecastSource decision) {

  public ForecastSkill {
    if (!SiteId.isValid(siteId)) {
      throw new IllegalArgumentException("invalid site id: " + siteId);
    }
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(correction, "correction");
    Objects.requireNonNull(decision, "decision");
    if (hours < 1 || windowHours < 1 || count < 0) {
      throw new IllegalArgumentException(
          "invalid skill record: hours " + hours + ", window " + windowHours + ", count " + count);
    }
  }

  /** The compacted topic's key of a site, horizon and model: {@code <siteId>/<hours>/<model>}. */
  public static String key(String siteId, int hours, String model) {
    return siteId + "/" + hours + "/" + model;
  }

  /** This record's key. */
  public String key() {
    return key(siteId, hours, model);
  }

  /** RMSE skill of the served values against persistence; NaN when persistence's RMSE is 0. */
  public double skill() {
    return skill(rmse);
  }

  /** RMSE skill of the model's own outputs against persistence. */
  public double modelSkill() {
    return skill(modelRmse);
  }

  /** RMSE skill of the corrected outputs against persistence. */
  public double correctedSkill() {
    return skill(correctedRmse);
  }

  private double skill(double r) {
    return persistenceRmse > 0 ? 1 - r / persistenceRmse : Double.NaN;
  }

  /** The correction state's id, as forecasts record it. */
  public String correctionId() {
    return correction.id(model, hours);
  }
}
