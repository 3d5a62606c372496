package dev.airtrace.topics.processor;

import dev.airtrace.core.SiteId;
import dev.airtrace.topics.serving.ForecastSource;
import java.util.Objects;

/**
 * One forecast value checked against the hour it was for: the value of {@code
 * airtrace.processor.forecast-verifications.v1} (schema {@code
 * schemas/forecast-verification.v1.schema.json}). Published when the site's hourly PM2.5 mean for
 * {@code validTime} is known, and again with a higher {@code observedRevision} when a late reading
 * revises that mean. Idempotent per (site, model, issue time, hours, observed revision). Immutable.
 *
 * <p>Errors are forecast minus observed: a positive error (and bias) is an over-prediction.
 *
 * @param siteId the site; also the record key
 * @param model {@code name@version} of the model that produced the forecast
 * @param issueTime the forecast's issue time, epoch ms UTC
 * @param hours the horizon, hours after {@code issueTime}
 * @param validTime end of the verified hour, {@code issueTime + hours}, epoch ms UTC
 * @param forecast the served value (µg/m³)
 * @param source where the served value came from
 * @param modelPm25 the model's own output (µg/m³)
 * @param correctedPm25 the model's output after correction (µg/m³), NaN when the forecast had none
 * @param persistence the persistence forecast from the issue time (µg/m³), NaN when unknown
 * @param observed the site's hourly mean PM2.5 for the hour ending at {@code validTime} (µg/m³)
 * @param observedRevision the site-hourly revision {@code observed} comes from (0 = first)
 */
public record ForecastVerification(
    String siteId,
    String model,
    long issueTime,
    int hours,
    long validTime,
    float forecast,
    ForecastSource source,
    float modelPm25,
    double correctedPm25,
    double persistence,
    double observed,
    int observedRevision) {
  private static final long HOUR_MS = 3_600_000L;

  public ForecastVerification {
    if (!SiteId.isValid(siteId)) {
      throw new IllegalArgumentException("invalid site id: " + siteId);
    }
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(source, "source");
    if (hours < 1) {
      throw new IllegalArgumentException("hours must be >= 1 but was " + hours);
    }
    if (validTime != issueTime + hours * HOUR_MS) {
      throw new IllegalArgumentException("validTime must be issueTime + hours");
    }
    if (!Double.isFinite(observed) || observedRevision < 0) {
      throw new IllegalArgumentException(
          "invalid observation " + observed + " (revision " + observedRevision + ")");
    }
  }

  /** Served forecast minus observed (µg/m³). */
  public double error() {
    return forecast - observed;
  }

  /** {@code |error()|}. */
  public double absError() {
    return Math.abs(error());
  }

  /** Persistence minus observed (µg/m³), NaN when the persistence value is unknown. */
  public double persistenceError() {
    return persistence - observed;
  }

  /** Model output minus observed (µg/m³). */
  public double modelError() {
    return modelPm25 - observed;
  }

  /**
   * Corrected output minus observed (µg/m³); the model's error when the forecast had no correction
   * (the value a correction-enabled forecaster would have served).
   */
  public double correctedError() {
    return (Double.isFinite(correctedPm25) ? correctedPm25 : modelPm25) - observed;
  }
}
