package dev.airtrace.core.aqi;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * EPA's breakpoint tables, 2024 revision (40 CFR 58 App. G Table 2 as revised by 89 FR 16202), in
 * EPA's own units: PM in ug/m3, O3 and CO in ppm, SO2 and NO2 in ppb. Within a table the rows are
 * contiguous at the pollutant's truncation step, so every truncated concentration is in exactly one
 * row, below the table or above it.
 */
enum BreakpointTable {
  PM2_5_24H(
      "0.0 9.0 0 50",
      "9.1 35.4 51 100",
      "35.5 55.4 101 150",
      "55.5 125.4 151 200",
      "125.5 225.4 201 300",
      "225.5 325.4 301 500"),
  PM10_24H(
      "0 54 0 50",
      "55 154 51 100",
      "155 254 101 150",
      "255 354 151 200",
      "355 424 201 300",
      "425 604 301 500"),
  /** 8-hour O3 defines no index of 301 or more; above 0.200 ppm only the 1-hour table applies. */
  O3_8H(
      "0.000 0.054 0 50",
      "0.055 0.070 51 100",
      "0.071 0.085 101 150",
      "0.086 0.105 151 200",
      "0.106 0.200 201 300"),
  /** 1-hour O3 below 0.125 ppm has no index. */
  O3_1H("0.125 0.164 101 150", "0.165 0.204 151 200", "0.205 0.404 201 300", "0.405 0.604 301 500"),
  CO_8H(
      "0.0 4.4 0 50",
      "4.5 9.4 51 100",
      "9.5 12.4 101 150",
      "12.5 15.4 151 200",
      "15.5 30.4 201 300",
      "30.5 50.4 301 500"),
  /** 1-hour SO2 defines indices up to 200 only (304 ppb); higher ones come from 24-hour SO2. */
  SO2_1H("0 35 0 50", "36 75 51 100", "76 185 101 150", "186 304 151 200"),
  /** The 24-hour SO2 rows the 2024 table keeps: only indices above 200. */
  SO2_24H("305 604 201 300", "605 1004 301 500"),
  NO2_1H(
      "0 53 0 50",
      "54 100 51 100",
      "101 360 101 150",
      "361 649 151 200",
      "650 1249 201 300",
      "1250 2049 301 500");

  /** What a truncated concentration maps to in one table. */
  sealed interface Lookup permits InRow, BelowTable, AboveTable {}

  /** The concentration lies in {@code row}. */
  record InRow(Breakpoint row) implements Lookup {}

  /** The concentration is below the first row (the table defines no index there). */
  record BelowTable() implements Lookup {}

  /** The concentration is above the last row. */
  record AboveTable(boolean beyondIndex) implements Lookup {}

  private final List<Breakpoint> rows;

  BreakpointTable(String... rows) {
    List<Breakpoint> parsed = new ArrayList<>();
    for (String row : rows) {
      String[] f = row.split(" ");
      parsed.add(
          new Breakpoint(
              new BigDecimal(f[0]),
              new BigDecimal(f[1]),
              Integer.parseInt(f[2]),
              Integer.parseInt(f[3])));
    }
    this.rows = List.copyOf(parsed);
  }

  List<Breakpoint> rows() {
    return rows;
  }

  /**
   * Finds the row of an already truncated concentration. Above the last row it is "Beyond the AQI"
   * only when the last row ends at 500; a table that stops earlier (8-hour O3 at 300, 1-hour SO2 at
   * 200) simply does not define higher values.
   */
  Lookup lookup(BigDecimal truncated) {
    for (Breakpoint row : rows) {
      if (row.contains(truncated)) {
        return new InRow(row);
      }
    }
    if (truncated.compareTo(rows.get(0).cLow()) < 0) {
      return new BelowTable();
    }
    Breakpoint last = rows.get(rows.size() - 1);
    if (truncated.compareTo(last.cHigh()) > 0) {
      return new AboveTable(last.iHigh() == Aqi.MAX_INDEX);
    }
    // Rows are contiguous at the truncation step, so a truncated value cannot fall between rows.
    throw new IllegalStateException(name() + " has a gap at " + truncated);
  }

  /** The table EPA uses for a pollutant and averaging period, if there is one. */
  static Optional<BreakpointTable> of(Pollutant pollutant, Averaging averaging) {
    BreakpointTable t =
        switch (pollutant) {
          case PM2_5 ->
              averaging == Averaging.NOWCAST || averaging == Averaging.HOURS_24 ? PM2_5_24H : null;
          case PM10 ->
              averaging == Averaging.NOWCAST || averaging == Averaging.HOURS_24 ? PM10_24H : null;
          case O3 ->
              averaging == Averaging.HOURS_8 ? O3_8H : averaging == Averaging.HOUR_1 ? O3_1H : null;
          case CO -> averaging == Averaging.HOURS_8 ? CO_8H : null;
          case SO2 ->
              averaging == Averaging.HOUR_1
                  ? SO2_1H
                  : averaging == Averaging.HOURS_24 ? SO2_24H : null;
          case NO2 -> averaging == Averaging.HOUR_1 ? NO2_1H : null;
        };
    return Optional.ofNullable(t);
  }
}
