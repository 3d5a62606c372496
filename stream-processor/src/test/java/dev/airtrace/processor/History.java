package dev.airtrace.processor;

import dev.airtrace.core.aqi.Pollutant;
import java.util.EnumMap;
import java.util.Map;

/** Test-data builder for a site's hourly history; hours count from {@link ReadingBuilder#T0}. */
final class History {
  private final Map<Integer, Map<Pollutant, Double>> hours = new java.util.TreeMap<>();

  static History history() {
    return new History();
  }

  static long hour(int h) {
    return ReadingBuilder.at(h, 0).toEpochMilli();
  }

  /** Sets {@code pollutant} for hours 0, 1, ...; {@code null} leaves an hour without data. */
  History series(Pollutant pollutant, Double... oldestFirst) {
    for (int h = 0; h < oldestFirst.length; h++) {
      if (oldestFirst[h] != null) {
        at(h, pollutant, oldestFirst[h]);
      }
    }
    return this;
  }

  /** Sets {@code pollutant} to {@code value} for {@code count} hours starting at {@code from}. */
  History repeat(Pollutant pollutant, double value, int from, int count) {
    for (int h = from; h < from + count; h++) {
      at(h, pollutant, value);
    }
    return this;
  }

  History at(int h, Pollutant pollutant, double value) {
    hours.computeIfAbsent(h, k -> new EnumMap<>(Pollutant.class)).put(pollutant, value);
    return this;
  }

  SiteHistory build() {
    SiteHistory history = SiteHistory.EMPTY;
    for (Map.Entry<Integer, Map<Pollutant, Double>> e : hours.entrySet()) {
      history = history.with(hour(e.getKey()), e.getValue());
    }
    return history;
  }
}
