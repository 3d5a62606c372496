package dev.airtrace.core.codec;

import dev.airtrace.core.Quantity;
import dev.airtrace.core.Unit;
import dev.airtrace.core.deadletter.RejectReason;
import java.util.List;
import java.util.Map;

/**
 * Converts a value a sensor reported in some unit to its quantity's canonical unit ({@link
 * Quantity#unit()}). The accepted symbols and the factors are listed in {@code docs/mqtt.md}.
 *
 * <p>Symbols are case-sensitive ({@code K} is kelvin, {@code k} is nothing). Gas concentrations
 * given as a mass per volume are converted to a mixing ratio at 25 °C and 1 atm, where one mole of
 * an ideal gas fills {@value #MOLAR_VOLUME_LITRES} L. A value already in the canonical unit is
 * returned unchanged, bit for bit.
 *
 * <p>Stateless and thread-safe.
 */
final class UnitConversion {
  /** Litres per mole of an ideal gas at 25 °C and 101.325 kPa, as US EPA conversions use. */
  static final double MOLAR_VOLUME_LITRES = 24.45;

  /** Molecular weights in g/mol of the gases airtrace converts from mass concentration. */
  static final Map<Quantity, Double> MOLECULAR_WEIGHT =
      Map.of(
          Quantity.NO2, 46.0055,
          Quantity.O3, 47.9982,
          Quantity.SO2, 64.066,
          Quantity.CO, 28.010);

  /** hPa per inch of mercury (conventional, at 0 °C: 3386.389 Pa). */
  static final double HPA_PER_INHG = 33.86389;

  /** Alternative spellings, mapped to the symbol this class converts from. */
  private static final Map<String, String> ALIASES =
      Map.ofEntries(
          Map.entry("µg/m3", "ug/m3"), // U+00B5 micro sign
          Map.entry("μg/m3", "ug/m3"), // U+03BC Greek mu
          Map.entry("ug/m³", "ug/m3"),
          Map.entry("µg/m³", "ug/m3"),
          Map.entry("μg/m³", "ug/m3"),
          Map.entry("mg/m³", "mg/m3"),
          Map.entry("degC", "Cel"),
          Map.entry("°C", "Cel"),
          Map.entry("Far", "degF"),
          Map.entry("°F", "degF"),
          Map.entry("mb", "mbar"),
          Map.entry("°", "deg"),
          Map.entry("kt", "kn"));

  private UnitConversion() {}

  /**
   * The value in {@code quantity}'s canonical unit.
   *
   * @param quantity what was measured
   * @param unit the symbol the sensor sent, or {@code null} for the canonical unit
   * @param value the value in {@code unit}
   * @param field where the unit came from, for the error message (e.g. {@code values.pm2_5.unit})
   * @throws CodecException with {@link RejectReason#UNSUPPORTED_UNIT} when the unit is unknown or
   *     does not measure {@code quantity}; with {@link RejectReason#OUT_OF_RANGE} when the value or
   *     its conversion is not finite
   */
  static double toCanonical(Quantity quantity, String unit, double value, String field) {
    if (!Double.isFinite(value)) {
      throw new CodecException(
          RejectReason.OUT_OF_RANGE, field + ": " + quantity.code() + " value is not finite");
    }
    if (unit == null || unit.equals(quantity.unit().symbol())) {
      return value;
    }
    String symbol = ALIASES.getOrDefault(unit, unit);
    Double converted = convert(quantity, symbol, value);
    if (converted == null) {
      throw new CodecException(
          RejectReason.UNSUPPORTED_UNIT,
          field
              + ": unit "
              + Texts.quote(unit)
              + " is not a unit of "
              + quantity.code()
              + "; accepted: "
              + String.join(", ", acceptedUnits(quantity)));
    }
    if (!Double.isFinite(converted)) {
      throw new CodecException(
          RejectReason.OUT_OF_RANGE,
          field
              + ": "
              + quantity.code()
              + " = "
              + value
              + " "
              + unit
              + " is not finite in "
              + quantity.unit().symbol());
    }
    return converted;
  }

  /** The primary symbols accepted for {@code quantity}, canonical first (aliases not listed). */
  static List<String> acceptedUnits(Quantity quantity) {
    return switch (quantity) {
      case PM2_5, PM10, PM2_5_CF1_A, PM2_5_CF1_B -> List.of("ug/m3", "mg/m3", "kg/m3");
      case NO2, O3, SO2 -> List.of("ppb", "ppm", "/", "ug/m3", "mg/m3");
      case CO -> List.of("ppm", "ppb", "/", "mg/m3", "ug/m3");
      case TEMPERATURE -> List.of("Cel", "K", "degF");
      case RELATIVE_HUMIDITY -> List.of("%RH", "%", "/100", "/");
      case PRESSURE -> List.of("hPa", "Pa", "kPa", "mbar", "inHg");
      case WIND_SPEED -> List.of("m/s", "km/h", "kn", "mph");
      case WIND_DIRECTION -> List.of("deg", "rad");
    };
  }

  private static Double convert(Quantity quantity, String symbol, double value) {
    return switch (quantity) {
      case PM2_5, PM10, PM2_5_CF1_A, PM2_5_CF1_B -> microgramsPerCubicMetre(symbol, value);
      case NO2, O3, SO2, CO -> gas(quantity, symbol, value);
      case TEMPERATURE -> celsius(symbol, value);
      case RELATIVE_HUMIDITY -> percent(symbol, value);
      case PRESSURE -> hectopascal(symbol, value);
      case WIND_SPEED -> metresPerSecond(symbol, value);
      case WIND_DIRECTION -> degrees(symbol, value);
    };
  }

  /** m/s per knot (international nautical mile per hour): 1852 m / 3600 s. */
  static final double MPS_PER_KNOT = 1852.0 / 3600.0;

  /** m/s per mile per hour: 1609.344 m / 3600 s. */
  static final double MPS_PER_MPH = 1609.344 / 3600.0;

  private static Double metresPerSecond(String symbol, double value) {
    return switch (symbol) {
      case "m/s" -> value;
      case "km/h" -> value / 3.6;
      case "kn" -> value * MPS_PER_KNOT;
      case "mph" -> value * MPS_PER_MPH;
      default -> null;
    };
  }

  private static Double degrees(String symbol, double value) {
    return switch (symbol) {
      case "deg" -> value;
      case "rad" -> Math.toDegrees(value);
      default -> null;
    };
  }

  private static Double microgramsPerCubicMetre(String symbol, double value) {
    return switch (symbol) {
      case "ug/m3" -> value;
      case "mg/m3" -> value * 1e3;
      case "kg/m3" -> value * 1e9;
      default -> null;
    };
  }

  private static Double gas(Quantity quantity, String symbol, double value) {
    // Canonical is ppb for NO2, O3, SO2 and ppm for CO; compute in ppb, then scale.
    double ppbPerCanonical = quantity.unit() == Unit.PARTS_PER_MILLION ? 1e3 : 1;
    Double ppb =
        switch (symbol) {
          case "ppb" -> value;
          case "ppm" -> value * 1e3;
          case "/" -> value * 1e9;
          default -> {
            Double ug = microgramsPerCubicMetre(symbol, value);
            yield ug == null ? null : ug * MOLAR_VOLUME_LITRES / MOLECULAR_WEIGHT.get(quantity);
          }
        };
    return ppb == null ? null : ppb / ppbPerCanonical;
  }

  private static Double celsius(String symbol, double value) {
    return switch (symbol) {
      case "Cel" -> value;
      case "K" -> value - 273.15;
      case "degF" -> (value - 32) * 5 / 9;
      default -> null;
    };
  }

  private static Double percent(String symbol, double value) {
    return switch (symbol) {
      // RFC 8428 defines "%" as a legacy synonym of the ratio "/", but every humidity sensor we
      // know sends "%" for 0..100 %RH; reading it as a ratio would reject every such reading.
      case "%RH", "%", "/100" -> value;
      case "/" -> value * 100;
      default -> null;
    };
  }

  private static Double hectopascal(String symbol, double value) {
    return switch (symbol) {
      case "hPa", "mbar" -> value;
      case "Pa" -> value / 100;
      case "kPa" -> value * 10;
      case "inHg" -> value * HPA_PER_INHG;
      default -> null;
    };
  }
}
