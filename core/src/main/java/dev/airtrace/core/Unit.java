package dev.airtrace.core;

import java.util.Arrays;
import java.util.Optional;

/**
 * The canonical units airtrace normalises every measurement to at the gateway.
 *
 * <p>Symbols follow SenML (RFC 8428 §12.1) where SenML registers one ({@code Cel}, {@code %RH});
 * the others use the spelling air-quality instruments print ({@code ug/m3}, {@code ppb}).
 */
public enum Unit {
  MICROGRAMS_PER_CUBIC_METRE("ug/m3"),
  PARTS_PER_BILLION("ppb"),
  PARTS_PER_MILLION("ppm"),
  DEGREES_CELSIUS("Cel"),
  PERCENT_RELATIVE_HUMIDITY("%RH"),
  HECTOPASCAL("hPa");

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
