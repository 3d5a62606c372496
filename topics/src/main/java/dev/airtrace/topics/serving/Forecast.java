package dev.airtrace.topics.serving;

import java.util.List;
import java.util.Objects;

/**
 * One site's PM2.5 forecast, the value of {@code airtrace.serving.forecasts.v1}. Idempotent per
 * (site, issue time, model): a redelivered feature window (and the same correction state) yields
 * the same record.
 *
 * @param siteId the site; also the record key
 * @param issueTime end of the newest feature hour, epoch milliseconds UTC
 * @param horizonsHours hours ahead of {@code issueTime}, ascending
 * @param pm25 the served PM2.5 in µg/m³ per horizon (model, corrected or persistence: see {@code
 *     provenance})
 * @param model {@code name@version} of the model that produced it
 * @param accelerator the backend token ({@code ort-cpu}, {@code ort-cuda:0}, {@code tensorrt:0})
 * @param provenance where each served value came from, or {@code null} for a record written before
 *     online correction existed (then every value is the model's own)
 */
public record Forecast(
    String siteId,
    long issueTime,
    int[] horizonsHours,
    float[] pm25,
    String model,
    String accelerator,
    Provenance provenance) {

  /** A forecast without provenance: every value is the model's own output. */
  public Forecast(
      String siteId,
      long issueTime,
      int[] horizonsHours,
      float[] pm25,
      String model,
      String accelerator) {
    this(siteId, issueTime, horizonsHours, pm25, model, accelerator, null);
  }

  public Forecast {
    Objects.requireNonNull(siteId, "siteId");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(accelerator, "accelerator");
    horizonsHours = horizonsHours.clone();
    pm25 = pm25.clone();
    if (horizonsHours.length != pm25.length) {
      throw new IllegalArgumentException(
          horizonsHours.length + " horizons but " + pm25.length + " values");
    }
    if (provenance != null && provenance.horizons().size() != pm25.length) {
      throw new IllegalArgumentException(
          pm25.length + " values but provenance for " + provenance.horizons().size());
    }
  }

  @Override
  public int[] horizonsHours() {
    return horizonsHours.clone();
  }

  @Override
  public float[] pm25() {
    return pm25.clone();
  }

  /**
   * The persistence forecast at issue time, or NaN when the record has no provenance or the window
   * had no PM2.5 at all.
   */
  public double persistence() {
    return provenance == null ? Double.NaN : provenance.persistence();
  }

  /**
   * How a forecast's values were chosen. Immutable.
   *
   * @param persistence the newest non-missing hourly PM2.5 mean of the feature window (µg/m³), the
   *     persistence forecast for every horizon; NaN when the window had none
   * @param horizons one entry per horizon, in the forecast's horizon order
   */
  public record Provenance(double persistence, List<HorizonProvenance> horizons) {
    public Provenance {
      horizons = List.copyOf(horizons);
    }
  }

  /**
   * Where one horizon's served value came from. Immutable.
   *
   * @param source model, corrected or persistence
   * @param modelPm25 the model's own output (µg/m³), whatever was served
   * @param correctedPm25 the model's output after the site's correction (µg/m³), NaN when no
   *     correction was known for this site, horizon and model
   * @param correctionId the id of the correction state applied or consulted ({@link
   *     dev.airtrace.topics.processor.ForecastCorrection#id()}), or {@code null} when none was
   *     known
   */
  public record HorizonProvenance(
      ForecastSource source, float modelPm25, double correctedPm25, String correctionId) {
    public HorizonProvenance {
      Objects.requireNonNull(source, "source");
    }
  }
}
