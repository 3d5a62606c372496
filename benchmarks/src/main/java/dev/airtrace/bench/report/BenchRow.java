package dev.airtrace.bench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.management.ManagementFactory;
import java.util.Objects;

/**
 * One row of the benchmark table that {@code benchmarks/run.sh} prints: a figure, its baseline
 * measured in the same run, our value, their ratio, the unit, the 1-minute load average of the
 * machine while it was measured, and the command that reproduces it.
 *
 * <p>Every harness prints each of its rows as one line {@link #line()} ({@code BENCH-ROW } + a JSON
 * object) on standard output; the runner collects those lines, so harnesses stay separate programs
 * and the table format lives here only. The JSON keys are the contract: {@code figure,
 * baseline, ours, ratio, unit, load, command}.
 *
 * @param figure what is measured, e.g. "gateway throughput, models on"
 * @param baseline the bare-library (or other fair) baseline in {@code unit}
 * @param ours airtrace's value in {@code unit}
 * @param ratio {@code ours / baseline}, as the figure defines it (higher is better for rates)
 * @param unit e.g. "msg/s", "rec/s", "MB"
 * @param load the machine's 1-minute load average during the measurement (mean of samples)
 * @param command the command line that reproduces the row
 */
public record BenchRow(
    String figure,
    double baseline,
    double ours,
    double ratio,
    String unit,
    double load,
    String command) {

  /** Prefix of a row line on a harness's standard output. */
  public static final String PREFIX = "BENCH-ROW ";

  private static final ObjectMapper JSON = new ObjectMapper();

  public BenchRow {
    Objects.requireNonNull(figure, "figure");
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(command, "command");
    if (figure.isBlank()) {
      throw new IllegalArgumentException("figure must not be blank");
    }
  }

  /** A row whose ratio is {@code ours / baseline}. */
  public static BenchRow of(
      String figure, double baseline, double ours, String unit, double load, String command) {
    return new BenchRow(figure, baseline, ours, ours / baseline, unit, load, command);
  }

  /** The machine's 1-minute load average now, or NaN where the platform does not report it. */
  public static double loadNow() {
    double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    return load < 0 ? Double.NaN : load;
  }

  /** This row as one JSON object (no line breaks); NaN and infinities become {@code null}. */
  public String json() {
    ObjectNode node = JSON.createObjectNode();
    node.put("figure", figure);
    number(node, "baseline", baseline);
    number(node, "ours", ours);
    number(node, "ratio", ratio);
    node.put("unit", unit);
    number(node, "load", load);
    node.put("command", command);
    return node.toString();
  }

  /** The line a harness prints: {@link #PREFIX} followed by {@link #json()}. */
  public String line() {
    return PREFIX + json();
  }

  private static void number(ObjectNode node, String key, double v) {
    if (Double.isFinite(v)) {
      node.put(key, v);
    } else {
      node.putNull(key);
    }
  }
}
