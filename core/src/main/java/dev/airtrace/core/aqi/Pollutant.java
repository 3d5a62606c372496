package dev.airtrace.core.aqi;

import dev.airtrace.core.Quantity;
import java.util.Arrays;
import java.util.Optional;

/**
 * A pollutant the AQI covers, tied to the airtrace {@link Quantity} that measures it.
 *
 * <p>The declaration order is the tie-break for the dominant pollutant when two sub-indices are
 * equal (see {@link Aqi#overall}).
 */
public enum Pollutant {
  PM2_5(Quantity.PM2_5),
  PM10(Quantity.PM10),
  O3(Quantity.O3),
  NO2(Quantity.NO2),
  SO2(Quantity.SO2),
  CO(Quantity.CO);

  private final Quantity quantity;

  Pollutant(Quantity quantity) {
    this.quantity = quantity;
  }

  /** The quantity that measures this pollutant; its unit is the unit of every value here. */
  public Quantity quantity() {
    return quantity;
  }

  /** The stable code used in records, the same as {@link Quantity#code()}, e.g. {@code pm2_5}. */
  public String code() {
    return quantity.code();
  }

  /** The pollutant measured by {@code quantity}, if the AQI covers it. */
  public static Optional<Pollutant> of(Quantity quantity) {
    return Arrays.stream(values()).filter(p -> p.quantity == quantity).findFirst();
  }

  /** Looks a pollutant up by its exact code. */
  public static Optional<Pollutant> fromCode(String code) {
    return Arrays.stream(values()).filter(p -> p.code().equals(code)).findFirst();
  }
}
