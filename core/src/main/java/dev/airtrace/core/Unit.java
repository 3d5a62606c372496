package dev.airtrace.core;

import java.util.Arrays;
import java.util.Optional;

/**
 * The canonical units airtrace normalises every measurement to at the gateway.
 *
 * <p>Symbols follow SenML (RFC 8428 §12.1, RFC 8798) where SenML registers one ({@code Cel}, {@code
 * %RH}, {@code m/s}, {@code deg}); the others use the spelling air-quality instruments print
 * ({@code ug/m3}, {@code ppb}).
 */
public enum Unit {
  MICROGRAMS_PER_CUBIC_METRE("ug/m3"),
  PARTS_PER_BILLION("ppb"),
  PARTS_PER_MILLION("ppm"),
  DEGREES_CELSIUS("Cel"),
  PERCENT_RELATIVE_HUMIDITY("%RH"),
  HECTOPASCAL("hPa"),
  /** SenML {@code m/s} (RFC 8428). */
  METRES_PER_SECOND("m/s"),
  /** SenML {@code deg}, plane angle in degrees (RFC 8798). */
  DEGREES("deg");

  private final String symbol;

  Unit(String symbol) {
    this.symbol = symbol;
  }

  /** The symbol written into every record, e.g. {@code ug/m3}. */
  public String symbol() {
    return symbol;
  }

  /** Looks a canonical unit up by its exact symbol. */
  public static Optional<Unit> fromSymbol(String symbol) {
    return Arrays.stream(values()).filter(u -> u.symbol.equals(symbol)).findFirst();
  }
}
