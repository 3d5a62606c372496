package dev.airtrace.simulator.replay;

import dev.airtrace.core.DeviceId;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.SiteId;
import java.io.BufferedReader;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The replay CSV layout: one row per reading, comma-separated, UTF-8, no quoting.
 *
 * <pre>
 * time,site,device,pm2_5[ug/m3],temperature[Cel],relative_humidity[%RH]
 * 2014-01-01T00:00+08:00,beijing,beijing-1,24,-7,43.58
 * 2014-01-01T01:00+08:00,beijing,beijing-1,NA,-7,43.58
 * </pre>
 *
 * <ul>
 *   <li>{@code time}: the event time, ISO-8601 with an offset ({@code Z} or {@code +08:00}); for an
 *       hourly mean, the start of its hour (the processor puts it in that hour).
 *   <li>{@code site}, {@code device}: ids (letters, digits, {@code . _ - :}).
 *   <li>One column per quantity, {@code code[unit]}: a quantity code of {@link Quantity} and its
 *       canonical unit symbol ({@link Quantity#unit()}); other units are refused at the header, so
 *       a file never silently publishes values in a unit the reader did not mean.
 *   <li>A missing value is an empty field or {@code NA}; the reading is published without it. A row
 *       whose every value is missing is read as a row with no values (the {@link Replayer} counts
 *       it and publishes nothing).
 *   <li>Blank lines and lines starting with {@code #} are skipped.
 * </ul>
 *
 * Plausibility (ranges) is not checked here: the gateway checks it as for any sensor and
 * dead-letters what it rejects.
 *
 * <p>Thread-safety: a {@code ReplayCsv} (a parsed header) is immutable; a source from {@link #open}
 * has one reader.
 */
public final class ReplayCsv {
  /** The first three columns, in this order. */
  public static final List<String> KEY_COLUMNS = List.of("time", "site", "device");

  /** Field values read as "missing". */
  public static final Set<String> MISSING = Set.of("", "NA");

  private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

  private final List<Quantity> quantities;

  private ReplayCsv(List<Quantity> quantities) {
    this.quantities = List.copyOf(quantities);
  }

  /**
   * Parses a header line.
   *
   * @throws IllegalArgumentException naming the column that is wrong: not {@code time,site,device}
   *     first, an unknown quantity, a unit that is not the quantity's canonical one, a quantity
   *     given twice, or no quantity column
   */
  public static ReplayCsv header(String line) {
    Objects.requireNonNull(line, "line");
    String[] fields = stripBom(line).split(",", -1);
    for (int i = 0; i < KEY_COLUMNS.size(); i++) {
      if (fields.length <= i || !fields[i].trim().equals(KEY_COLUMNS.get(i))) {
        throw new IllegalArgumentException(
            "header: column "
                + (i + 1)
                + " must be '"
                + KEY_COLUMNS.get(i)
                + "' (layout: "
                + String.join(",", KEY_COLUMNS)
                + ",<quantity>[<unit>],...) but the header is: "
                + line);
      }
    }
    List<Quantity> quantities = new ArrayList<>();
    for (int i = KEY_COLUMNS.size(); i < fields.length; i++) {
      quantities.add(quantityColumn(i + 1, fields[i].trim()));
    }
    if (quantities.isEmpty()) {
      throw new IllegalArgumentException("header: no quantity column after time,site,device");
    }
    if (Set.copyOf(quantities).size() != quantities.size()) {
      throw new IllegalArgumentException("header: a quantity appears twice: " + line);
    }
    return new ReplayCsv(quantities);
  }

  private static Quantity quantityColumn(int column, String field) {
    int open = field.indexOf('[');
    if (open <= 0 || !field.endsWith("]")) {
      throw new IllegalArgumentException(
          "header: column "
              + column
              + " '"
              + field
              + "' is not <quantity>[<unit>], e.g. "
              + columnName(Quantity.PM2_5));
    }
    String code = field.substring(0, open);
    String unit = field.substring(open + 1, field.length() - 1);
    Quantity q =
        Quantity.fromCode(code)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "header: column "
                            + column
                            + " names unknown quantity '"
                            + code
                            + "'; known: "
                            + Arrays.stream(Quantity.values())
                                .map(Quantity::code)
                                .collect(Collectors.joining(", "))));
    if (!q.unit().symbol().equals(unit)) {
      throw new IllegalArgumentException(
          "header: column "
              + column
              + " gives "
              + code
              + " in '"
              + unit
              + "'; the replay layout takes each quantity in its canonical unit: "
              + columnName(q));
    }
    return q;
  }

  /** The header of a file with these quantity columns. */
  public static String headerLine(List<Quantity> quantities) {
    return String.join(",", KEY_COLUMNS)
        + quantities.stream().map(q -> "," + columnName(q)).collect(Collectors.joining());
  }

  /** A quantity's column name, e.g. {@code pm2_5[ug/m3]}. */
  public static String columnName(Quantity q) {
    return q.code() + "[" + q.unit().symbol() + "]";
  }

  /**
   * One row in this layout with these columns; {@code offset} is the offset the time is written in;
   * missing values are written as {@code NA}.
   */
  public static String formatRow(List<Quantity> quantities, ReplayRow row, ZoneOffset offset) {
    StringBuilder b = new StringBuilder();
    b.append(TIME.format(Instant.ofEpochMilli(row.eventTime()).atOffset(offset)))
        .append(',')
        .append(row.siteId().value())
        .append(',')
        .append(row.deviceId().value());
    for (Quantity q : quantities) {
      Double v = row.values().get(q);
      b.append(',').append(v == null ? "NA" : number(v));
    }
    return b.toString();
  }

  private static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }

  /** The quantity columns, in file order. */
  public List<Quantity> quantities() {
    return quantities;
  }

  /**
   * Parses one data line.
   *
   * @param row its 1-based line number (for the error)
   * @throws BadRowException naming the column and value that is wrong
   */
  public ReplayRow parse(long row, String line) throws BadRowException {
    String[] fields = line.split(",", -1);
    int expected = KEY_COLUMNS.size() + quantities.size();
    if (fields.length != expected) {
      throw new BadRowException(
          row, fields.length + " fields where the header has " + expected, line);
    }
    long eventTime;
    String time = fields[0].trim();
    try {
      eventTime = OffsetDateTime.parse(time, TIME).toInstant().toEpochMilli();
    } catch (DateTimeException e) {
      throw new BadRowException(
          row, "time '" + time + "' is not ISO-8601 with an offset (2014-01-01T00:00+08:00)", line);
    }
    String site = fields[1].trim();
    if (!SiteId.isValid(site)) {
      throw new BadRowException(row, "site '" + site + "' is not a valid id", line);
    }
    String device = fields[2].trim();
    if (!DeviceId.isValid(device)) {
      throw new BadRowException(row, "device '" + device + "' is not a valid id", line);
    }
    Map<Quantity, Double> values = new EnumMap<>(Quantity.class);
    for (int i = 0; i < quantities.size(); i++) {
      String field = fields[KEY_COLUMNS.size() + i].trim();
      if (MISSING.contains(field)) {
        continue;
      }
      Quantity q = quantities.get(i);
      double v;
      try {
        v = Double.parseDouble(field);
      } catch (NumberFormatException e) {
        v = Double.NaN;
      }
      if (!Double.isFinite(v)) {
        throw new BadRowException(
            row,
            columnName(q) + " '" + field + "' is not a finite number (missing: empty or NA)",
            line);
      }
      values.put(q, v);
    }
    return new ReplayRow(row, eventTime, new SiteId(site), new DeviceId(device), values);
  }

  /**
   * A source over a file in this layout: reads the header at once, then one row per {@link
   * ReplaySource#next()}.
   *
   * @throws IllegalArgumentException when the file is empty or its header is wrong
   * @throws IOException when it cannot be read
   */
  public static ReplaySource open(BufferedReader in) throws IOException {
    String first = in.readLine();
    long[] line = {1};
    while (first != null && skipped(first)) {
      first = in.readLine();
      line[0]++;
    }
    if (first == null) {
      throw new IllegalArgumentException("empty file: no header line");
    }
    ReplayCsv csv = header(first);
    return new ReplaySource() {
      @Override
      public Optional<ReplayRow> next() throws IOException, BadRowException {
        String l;
        do {
          l = in.readLine();
          line[0]++;
        } while (l != null && skipped(l));
        return l == null ? Optional.empty() : Optional.of(csv.parse(line[0], l));
      }

      @Override
      public void close() throws IOException {
        in.close();
      }
    };
  }

  private static boolean skipped(String line) {
    String t = line.trim();
    return t.isEmpty() || t.startsWith("#");
  }

  private static String stripBom(String line) {
    return line.startsWith("\uFEFF") ? line.substring(1) : line;
  }
}
