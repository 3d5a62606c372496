package dev.airtrace.topics.serving;

import java.util.Locale;

/**
 * Where a served forecast value came from, for one site and horizon (the {@code source} field of a
 * forecast horizon; docs/serving.md#correction-and-fallback).
 */
public enum ForecastSource {
  /** The model's own output (no correction learned yet for this site and horizon). */
  MODEL,
  /** The model's output after the site's online bias/scale correction. */
  CORRECTED,
  /**
   * The newest observed hourly mean at issue time: the model (corrected or not) lost to persistence
   * on the site's recent window for this horizon.
   */
  PERSISTENCE;

  /** The JSON spelling: {@code model}, {@code corrected}, {@code persistence}. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The source spelled {@code code}.
   *
   * @throws IllegalArgumentException for any other string
   */
  public static ForecastSource fromCode(String code) {
    for (ForecastSource s : values()) {
      if (s.code().equals(code)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown forecast source: " + code);
  }
}
