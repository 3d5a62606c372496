package dev.airtrace.bench.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark table: collects the {@link BenchRow} lines that harnesses print, renders them as
 * one Markdown table and writes them as a JSON list. {@code benchmarks/run.sh} tees each harness's
 * output to a log and then runs {@link #main} over those logs.
 *
 * <p>Only lines that start with {@link BenchRow#PREFIX} are rows; every other line of a log (JVM,
 * Kafka, JMH output) is ignored. A row line that is not a valid row is an error naming the file and
 * line, never skipped: a table that silently loses a figure would tell less than the truth.
 *
 * <p>Stateless and thread-safe; every method is a pure function of its arguments except the file
 * reads and writes it is asked for.
 */
public final class BenchTable {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** The table's columns: the contract, with the unit beside the figure. */
  static final String HEADER =
      "| figure | unit | baseline | ours | ratio | load average | command |\n"
          + "|---|---|---:|---:|---:|---:|---|\n";

  private BenchTable() {}

  /**
   * Runs the table over harness logs: {@code BenchTable [--json FILE] LOG...}. Prints the Markdown
   * table on standard output and, with {@code --json}, writes the rows as a JSON list. Exits 2 on
   * bad arguments or a malformed row line.
   */
  public static void main(String[] args) {
    Path json = null;
    List<Path> logs = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if ("--json".equals(args[i]) && i + 1 < args.length) {
        json = Path.of(args[++i]);
      } else if (args[i].startsWith("--")) {
        System.err.println("usage: BenchTable [--json FILE] LOG...");
        System.exit(2);
      } else {
        logs.add(Path.of(args[i]));
      }
    }
    List<BenchRow> rows = new ArrayList<>();
    try {
      for (Path log : logs) {
        rows.addAll(read(log));
      }
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
    }
    System.out.print(markdown(rows));
    if (json != null) {
      writeJson(rows, json);
    }
  }

  /** The rows in one harness log, in the order they were printed. */
  public static List<BenchRow> read(Path log) {
    try {
      return parse(Files.readAllLines(log, StandardCharsets.UTF_8), log.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + log, e);
    }
  }

  /**
   * The rows among {@code lines}; {@code source} names them in errors.
   *
   * @throws IllegalArgumentException on a line that starts with the row prefix but is not a row
   */
  public static List<BenchRow> parse(List<String> lines, String source) {
    List<BenchRow> rows = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (!line.startsWith(BenchRow.PREFIX)) {
        continue;
      }
      try {
        rows.add(row(line.substring(BenchRow.PREFIX.length())));
      } catch (IllegalArgumentException | JsonProcessingException | NullPointerException e) {
        throw new IllegalArgumentException(
            source + ":" + (i + 1) + ": not a benchmark row (" + e.getMessage() + "): " + line, e);
      }
    }
    return rows;
  }

  /** One row from its JSON object; {@code null} numbers (unmeasured) become NaN. */
  static BenchRow row(String json) throws JsonProcessingException {
    JsonNode node = JSON.readTree(json);
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    return new BenchRow(
        text(node, "figure"),
        number(node, "baseline"),
        number(node, "ours"),
        number(node, "ratio"),
        text(node, "unit"),
        number(node, "load"),
        text(node, "command"));
  }

  private static String text(JsonNode node, String key) {
    JsonNode v = node.get(key);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("missing text field " + key);
    }
    return v.asText();
  }

  private static double number(JsonNode node, String key) {
    JsonNode v = node.get(key);
    if (v == null) {
      throw new IllegalArgumentException("missing field " + key);
    }
    if (v.isNull()) {
      return Double.NaN;
    }
    if (!v.isNumber()) {
      throw new IllegalArgumentException("field " + key + " is not a number");
    }
    return v.asDouble();
  }

  /**
   * The rows as one Markdown table: figure, unit, baseline, ours, ratio, load average, command.
   * Unmeasured numbers print as "—".
   */
  public static String markdown(List<BenchRow> rows) {
    StringBuilder out = new StringBuilder(HEADER);
    for (BenchRow r : rows) {
      out.append("| ")
          .append(cell(r.figure()))
          .append(" | ")
          .append(cell(r.unit()))
          .append(" | ")
          .append(amount(r.baseline()))
          .append(" | ")
          .append(amount(r.ours()))
          .append(" | ")
          .append(fixed(r.ratio(), 2))
          .append(" | ")
          .append(fixed(r.load(), 1))
          .append(" | `")
          .append(r.command().replace("`", "'").replace("|", "\\|"))
          .append("` |\n");
    }
    return out.toString();
  }

  /** Writes the rows as a JSON list of {@link BenchRow#json()} objects (NaN as {@code null}). */
  public static void writeJson(List<BenchRow> rows, Path file) {
    try {
      ArrayNode list = JSON.createArrayNode();
      for (BenchRow r : rows) {
        list.add(JSON.readTree(r.json()));
      }
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, JSON.writeValueAsString(list) + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static String cell(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }

  /**
   * A measured amount: thousands grouped, no decimals from 100 up (rates, bytes), three significant
   * digits below (seconds, ratios of small numbers).
   */
  static String amount(double v) {
    if (!Double.isFinite(v)) {
      return "—";
    }
    if (Math.abs(v) >= 100) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    if (v == 0) {
      return "0";
    }
    return new java.math.BigDecimal(v)
        .round(new java.math.MathContext(3))
        .stripTrailingZeros()
        .toPlainString();
  }

  private static String fixed(double v, int decimals) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + decimals + "f", v) : "—";
  }
}
