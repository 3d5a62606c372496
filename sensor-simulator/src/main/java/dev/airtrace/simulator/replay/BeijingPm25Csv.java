package dev.airtrace.simulator.replay;

import dev.airtrace.core.DeviceId;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.SiteId;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads the UCI "Beijing PM2.5 Data" file ({@code PRSA_data_2010.1.1-2014.12.31.csv}: {@code
 * No,year,month,day,hour,pm2.5,DEWP,TEMP,PRES,cbwd,Iws,Is,Ir}, {@code NA} = missing) as replay rows
 * of one site and device, with the column mapping the forecaster was trained with ({@code
 * models/forecast/beijing.py}), so that replayed windows match the offline ones:
 *
 * <ul>
 *   <li>time: {@code year-month-day hour:00} in Beijing local time, UTC+8 (the hour's start);
 *   <li>{@code pm2_5} = {@code pm2.5}; {@code temperature} = {@code TEMP}; {@code pressure} =
 *       {@code PRES};
 *   <li>{@code relative_humidity}: Magnus (17.62, 243.12 °C) from {@code TEMP} and {@code DEWP},
 *       capped at 100 % (one 2010–2014 row has a dew point above the temperature), rounded to 0.01;
 *   <li>{@code wind_direction} from {@code cbwd}: NE 45°, SE 135°, NW 315°, {@code cv}
 *       (calm/variable) missing;
 *   <li>{@code wind_speed}: the hourly increment of {@code Iws} (cumulated wind speed, which
 *       restarts whenever {@code cbwd} changes): {@code Iws[t] − Iws[t−1]} while the direction
 *       stays, else {@code Iws[t]}; missing after a bad row (the increment is unknown); rounded to
 *       0.01.
 * </ul>
 *
 * {@code DEWP} itself is not published: the quantity vocabulary has no dew point, and the processor
 * and the model derive it from temperature and humidity.
 *
 * <p>Not thread-safe: a source has one reader.
 */
public final class BeijingPm25Csv {
  /** The file's header (after removing spaces). */
  public static final String HEADER = "No,year,month,day,hour,pm2.5,DEWP,TEMP,PRES,cbwd,Iws,Is,Ir";

  /** Beijing local time, the file's clock. */
  public static final ZoneOffset LOCAL_OFFSET = ZoneOffset.ofHours(8);

  /** The quantities each row yields, in the converter's column order. */
  public static final List<Quantity> QUANTITIES =
      List.of(
          Quantity.PM2_5,
          Quantity.TEMPERATURE,
          Quantity.RELATIVE_HUMIDITY,
          Quantity.PRESSURE,
          Quantity.WIND_SPEED,
          Quantity.WIND_DIRECTION);

  private static final Map<String, Double> DIRECTION =
      Map.of("NE", 45.0, "SE", 135.0, "NW", 315.0, "cv", Double.NaN);

  private final SiteId site;
  private final DeviceId device;
  // "" before the first row: the file's first hour takes Iws itself, as beijing.py does.
  private String previousDirection = "";
  private double previousIws = Double.NaN;

  private BeijingPm25Csv(SiteId site, DeviceId device) {
    this.site = Objects.requireNonNull(site, "site");
    this.device = Objects.requireNonNull(device, "device");
  }

  /**
   * A source over the file, every row as a reading of {@code device} at {@code site}.
   *
   * @throws IllegalArgumentException when the header is not the UCI file's
   */
  public static ReplaySource open(BufferedReader in, SiteId site, DeviceId device)
      throws IOException {
    String header = in.readLine();
    if (header == null || !header.replace(" ", "").replace("\uFEFF", "").equals(HEADER)) {
      throw new IllegalArgumentException(
          "not the UCI Beijing PM2.5 file: its header must be " + HEADER + " but is " + header);
    }
    BeijingPm25Csv reader = new BeijingPm25Csv(site, device);
    long[] line = {1};
    return new ReplaySource() {
      @Override
      public Optional<ReplayRow> next() throws IOException, BadRowException {
        String l;
        do {
          l = in.readLine();
          line[0]++;
        } while (l != null && l.isBlank());
        return l == null ? Optional.empty() : Optional.of(reader.parse(line[0], l));
      }

      @Override
      public void close() throws IOException {
        in.close();
      }
    };
  }

  /**
   * Converts the UCI file to the replay layout ({@link ReplayCsv}), times written in UTC+8. Bad
   * rows are not written; each is reported to {@code badRows} (or, when it is null, ends the
   * conversion).
   *
   * @return the rows written
   */
  public static long convert(
      BufferedReader in,
      Writer out,
      SiteId site,
      DeviceId device,
      Consumer<BadRowException> badRows)
      throws IOException, BadRowException {
    long written = 0;
    try (ReplaySource source = open(in, site, device)) {
      out.write(ReplayCsv.headerLine(QUANTITIES));
      out.write('\n');
      while (true) {
        Optional<ReplayRow> row;
        try {
          row = source.next();
        } catch (BadRowException e) {
          if (badRows == null) {
            throw e;
          }
          badRows.accept(e);
          continue;
        }
        if (row.isEmpty()) {
          return written;
        }
        out.write(ReplayCsv.formatRow(QUANTITIES, row.get(), LOCAL_OFFSET));
        out.write('\n');
        written++;
      }
    }
  }

  ReplayRow parse(long row, String line) throws BadRowException {
    // The wind-speed increment needs the previous good row; a bad row breaks the chain.
    String direction = previousDirection;
    double iwsBefore = previousIws;
    previousDirection = null;
    previousIws = Double.NaN;
    String[] f = line.split(",", -1);
    if (f.length != 13) {
      throw new BadRowException(row, f.length + " fields where the UCI file has 13", line);
    }
    long eventTime;
    try {
      eventTime =
          LocalDateTime.of(
                  integer(row, line, "year", f[1]),
                  integer(row, line, "month", f[2]),
                  integer(row, line, "day", f[3]),
                  integer(row, line, "hour", f[4]),
                  0)
              .toInstant(LOCAL_OFFSET)
              .toEpochMilli();
    } catch (DateTimeException e) {
      throw new BadRowException(row, "no such date and hour: " + e.getMessage(), line);
    }
    double pm = value(row, line, "pm2.5", f[5]);
    double dewPoint = value(row, line, "DEWP", f[6]);
    double temperature = value(row, line, "TEMP", f[7]);
    double pressure = value(row, line, "PRES", f[8]);
    String cbwd = f[9].trim();
    if (!DIRECTION.containsKey(cbwd)) {
      throw new BadRowException(row, "cbwd '" + cbwd + "' is none of " + DIRECTION.keySet(), line);
    }
    double iws = value(row, line, "Iws", f[10]);

    Map<Quantity, Double> values = new EnumMap<>(Quantity.class);
    put(values, Quantity.PM2_5, pm);
    put(values, Quantity.TEMPERATURE, temperature);
    put(values, Quantity.RELATIVE_HUMIDITY, round2(relativeHumidity(temperature, dewPoint)));
    put(values, Quantity.PRESSURE, pressure);
    double speed;
    if (direction == null) {
      speed = Double.NaN; // after a bad row: the increment is unknown
    } else {
      speed = cbwd.equals(direction) ? iws - iwsBefore : iws;
    }
    put(values, Quantity.WIND_SPEED, round2(speed));
    put(values, Quantity.WIND_DIRECTION, DIRECTION.get(cbwd));
    previousDirection = cbwd;
    previousIws = iws;
    return new ReplayRow(row, eventTime, site, device, values);
  }

  /**
   * Relative humidity in % from temperature and dew point (°C), Magnus with 17.62 and 243.12 °C,
   * capped at 100; NaN when either is missing.
   */
  static double relativeHumidity(double temperature, double dewPoint) {
    double rh =
        100.0
            * Math.exp(
                17.62 * dewPoint / (243.12 + dewPoint)
                    - 17.62 * temperature / (243.12 + temperature));
    return Math.min(100.0, rh);
  }

  private static void put(Map<Quantity, Double> values, Quantity q, double v) {
    if (!Double.isNaN(v)) {
      values.put(q, v);
    }
  }

  private static double round2(double v) {
    return Double.isNaN(v) ? v : Math.round(v * 100.0) / 100.0;
  }

  private static int integer(long row, String line, String column, String field)
      throws BadRowException {
    try {
      return Integer.parseInt(field.trim());
    } catch (NumberFormatException e) {
      throw new BadRowException(row, column + " '" + field + "' is not an integer", line);
    }
  }

  private static double value(long row, String line, String column, String field)
      throws BadRowException {
    String t = field.trim();
    if (t.equals("NA") || t.isEmpty()) {
      return Double.NaN;
    }
    try {
      double v = Double.parseDouble(t);
      if (Double.isFinite(v)) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new BadRowException(row, column + " '" + field + "' is not a number (missing: NA)", line);
  }
}
