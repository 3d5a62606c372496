package dev.airtrace.core;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A physical quantity a sensor measures, with the canonical unit every value of it is stored in and
 * the range of values that are physically plausible for an ambient sensor.
 *
 * <p>The plausible ranges bound what validation accepts; they are deliberately wide (they reject
 * broken sensors and unit mix-ups, not unusual weather or smoke events).
 */
public enum Quantity {
  PM2_5("pm2_5", Unit.MICROGRAMS_PER_CUBIC_METRE, 0, 2_000),
  PM10("pm10", Unit.MICROGRAMS_PER_CUBIC_METRE, 0, 5_000),
  NO2("no2", Unit.PARTS_PER_BILLION, 0, 5_000),
  O3("o3", Unit.PARTS_PER_BILLION, 0, 1_000),
  SO2("so2", Unit.PARTS_PER_BILLION, 0, 5_000),
  CO("co", Unit.PARTS_PER_MILLION, 0, 500),
  TEMPERATURE("temperature", Unit.DEGREES_CELSIUS, -90, 70),
  RELATIVE_HUMIDITY("relative_humidity", Unit.PERCENT_RELATIVE_HUMIDITY, 0, 100),
  PRESSURE("pressure", Unit.HECTOPASCAL, 300, 1_100),
  /**
   * PurpleAir channel A, {@code pm2.5_cf_1} (CF=1 raw mass estimate), before any correction; the
   * input of the EPA/Barkjohn correction, which derives {@link #PM2_5} from A, B and humidity. Raw
   * PurpleAir values read about 40 % high, hence the wider range than {@link #PM2_5}.
   */
  PM2_5_CF1_A("pm2_5_cf1_a", Unit.MICROGRAMS_PER_CUBIC_METRE, 0, 5_000),
  /** PurpleAir channel B, {@code pm2.5_cf_1}; see {@link #PM2_5_CF1_A}. */
  PM2_5_CF1_B("pm2_5_cf1_b", Unit.MICROGRAMS_PER_CUBIC_METRE, 0, 5_000),
  /** Wind speed, m/s; the strongest measured surface gust is about 113 m/s. */
  WIND_SPEED("wind_speed", Unit.METRES_PER_SECOND, 0, 120),
  /**
   * Wind direction the wind blows <em>from</em>, degrees clockwise from true north; 0 and 360 are
   * both north (meteorological stations report either).
   */
  WIND_DIRECTION("wind_direction", Unit.DEGREES, 0, 360);

  private final String code;
  private final Unit unit;
  private final double min;
  private final double max;

  Quantity(String code, Unit unit, double min, double max) {
    this.code = code;
    this.unit = unit;
    this.min = min;
    this.max = max;
  }

  /** The stable lower-case code used in JSON, topics and InfluxDB tags, e.g. {@code pm2_5}. */
  public String code() {
    return code;
  }

  /** The canonical unit values of this quantity are stored in. */
  public Unit unit() {
    return unit;
  }

  /** Smallest plausible value, in {@link #unit()}. */
  public double plausibleMin() {
    return min;
  }

  /** Largest plausible value, in {@link #unit()}. */
  public double plausibleMax() {
    return max;
  }

  /** Whether {@code value} (in the canonical unit) lies in the plausible range, ends included. */
  public boolean isPlausible(double value) {
    return value >= min && value <= max;
  }

  /**
   * Looks a quantity up by its exact code. A map lookup, not a scan: decoders call it once per
   * value of every reading (a stream over {@code values()} here was about 3 % of the stream
   * processor's CPU under JFR).
   */
  public static Optional<Quantity> fromCode(String code) {
    return Optional.ofNullable(code == null ? null : ByCode.MAP.get(code));
  }

  /** Code → quantity; a holder class, because an enum's own static fields initialise last. */
  private static final class ByCode {
    static final Map<String, Quantity> MAP = new HashMap<>();

    static {
      for (Quantity q : values()) {
        MAP.putIfAbsent(q.code, q); // the first with a code, as the scan it replaced
      }
    }
  }
}
