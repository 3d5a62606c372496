package dev.airtrace.topics.serving;

import java.util.Objects;

/**
 * One site's PM2.5 forecast, the value of {@code airtrace.serving.forecasts.v1}. Idempotent per
 * (site, issue time, model): a redelivered feature window yields the same record.
 *
 * @param siteId the site; also the record key
 * @param issueTime end of the newest feature hour, epoch milliseconds UTC
 * @param horizonsHours hours ahead of {@code issueTime}, ascending
 * @param pm25 forecast PM2.5 in µg/m³ per horizon
 * @param model {@code name@version} of the model that produced it
 * @param accelerator the backend token ({@code ort-cpu}, {@code ort-cuda:0}, {@code tensorrt:0})
 */
public record Forecast(
    String siteId,
    long issueTime,
    int[] horizonsHours,
    float[] pm25,
    String model,
    String accelerator) {
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
  }

  @Override
  public int[] horizonsHours() {
    return horizonsHours.clone();
  }

  @Override
  public float[] pm25() {
    return pm25.clone();
  }
}
