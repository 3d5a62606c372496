package dev.airtrace.topics.processor;

import dev.airtrace.core.Quantity;
import java.util.Arrays;
import java.util.Optional;

/**
 * The channels of a site feature window, named by the forecaster's vocabulary ({@code
 * models/airtrace_model.py}, sidecar {@code "features":{"channels":[...]}}), each in a fixed unit.
 * The declaration order is the order channels are written in {@code site-features.v1}; consumers
 * must still select channels by name, never by position.
 *
 * <p>Every channel but {@link #DEW_POINT} is the hourly mean of the core {@link Quantity} with the
 * same code. The quantity is looked up by code when the class loads, so a channel whose quantity
 * the core does not define (yet) is written as an array of nulls instead of failing the build or
 * the topology; {@link #quantity()} says which. Dew point is taken from a measured {@code
 * dew_point} quantity when the core has one and the hour measured it, otherwise derived from the
 * hour's mean temperature and relative humidity (by the stream processor).
 *
 * <p>Immutable; thread-safe.
 */
public enum FeatureChannel {
  /** PM2.5 mass concentration, µg/m³. */
  PM2_5("pm2_5", "ug/m3"),
  /** PM10 mass concentration, µg/m³. */
  PM10("pm10", "ug/m3"),
  /** Air temperature, °C. */
  TEMPERATURE("temperature", "Cel"),
  /** Relative humidity, %. */
  RELATIVE_HUMIDITY("relative_humidity", "%RH"),
  /** Dew point, °C: measured, or derived with the Magnus formula. */
  DEW_POINT("dew_point", "Cel"),
  /** Air pressure, hPa. */
  PRESSURE("pressure", "hPa"),
  /** Wind speed, m/s. */
  WIND_SPEED("wind_speed", "m/s"),
  /** Direction the wind blows from, degrees clockwise from north, [0, 360); a vector mean. */
  WIND_DIRECTION("wind_direction", "deg");

  private final String code;
  private final String unit;
  private final Optional<Quantity> quantity;

  FeatureChannel(String code, String unit) {
    this.code = code;
    this.unit = unit;
    this.quantity = Quantity.fromCode(code);
  }

  /** The channel's name in the vocabulary and in {@code site-features.v1}, e.g. {@code pm2_5}. */
  public String code() {
    return code;
  }

  /** The unit symbol of the channel's values (the core's canonical unit symbols). */
  public String unit() {
    return unit;
  }

  /** The core quantity with the same code, empty when the core does not define one. */
  public Optional<Quantity> quantity() {
    return quantity;
  }

  /** Looks a channel up by its exact code. */
  public static Optional<FeatureChannel> fromCode(String code) {
    return Arrays.stream(values()).filter(c -> c.code.equals(code)).findFirst();
  }
}
