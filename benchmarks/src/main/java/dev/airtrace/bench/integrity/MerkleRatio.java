package dev.airtrace.bench.integrity;

import dev.airtrace.bench.report.BenchRow;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Merkle batching against the SHA-256 bound in alternating rounds, for the benchmark table: each
 * round runs {@link MerkleBatchingBenchmark#sha256Bound} and {@link
 * MerkleBatchingBenchmark#merkleBatch} in one JMH fork each (ABBA order across rounds, so drift in
 * the machine's load hits both), and the row's ratio is the median of the per-round ratios (goal ≥
 * 0.5, issue #4 and performance.md §4). JMH's own fork per measurement gives each a fresh JVM with
 * this JVM's flags, so both sides run under identical flags.
 *
 * <p>Run from the repository root: {@code java -Xms1g -Xmx1g -XX:+UseG1GC -cp
 * "benchmarks/target/airtrace-benchmarks.jar:benchmarks/target/lib/*"
 * dev.airtrace.bench.integrity.MerkleRatio [rounds] [warm-up iterations] [warm-up seconds]
 * [iterations] [seconds]} (defaults {@code 3 5 10 5 10}: the method's 5 × 10 s JMH warm-up).
 */
public final class MerkleRatio {
  /** Issue #4: the gateway's Merkle batching rate is at least this fraction of the bound. */
  private static final double GOAL = 0.5;

  private MerkleRatio() {}

  public static void main(String[] args) throws RunnerException {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    int warmups = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int warmupSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    int iterations = args.length > 3 ? Integer.parseInt(args[3]) : 5;
    int seconds = args.length > 4 ? Integer.parseInt(args[4]) : 10;
    String command =
        System.getProperty(
            "airtrace.bench.command",
            "java -Xms1g -Xmx1g -XX:+UseG1GC -cp"
                + " \"benchmarks/target/airtrace-benchmarks.jar:benchmarks/target/lib/*\" "
                + MerkleRatio.class.getName()
                + " "
                + String.join(" ", args));
    List<String> jvmArgs = ManagementFactory.getRuntimeMXBean().getInputArguments();
    System.out.printf(
        Locale.ROOT,
        "Merkle batching vs SHA-256 bound: %d rounds of one fork each, %d x %d s warm-up, %d x %d"
            + " s measurement; fork JVM flags %s%n",
        rounds,
        warmups,
        warmupSeconds,
        iterations,
        seconds,
        jvmArgs);
    List<double[]> results = new ArrayList<>();
    double loadSum = 0;
    for (int r = 1; r <= rounds; r++) {
      double bound;
      double merkle;
      // ABBA: odd rounds measure the bound first, even rounds the subject first.
      if (r % 2 == 1) {
        bound = score("sha256Bound", warmups, warmupSeconds, iterations, seconds, jvmArgs);
        merkle = score("merkleBatch", warmups, warmupSeconds, iterations, seconds, jvmArgs);
      } else {
        merkle = score("merkleBatch", warmups, warmupSeconds, iterations, seconds, jvmArgs);
        bound = score("sha256Bound", warmups, warmupSeconds, iterations, seconds, jvmArgs);
      }
      loadSum += BenchRow.loadNow();
      results.add(new double[] {bound, merkle});
      System.out.printf(
          Locale.ROOT,
          "round %d readings/s: sha256Bound %.0f | merkleBatch %.0f | ratio %.3f%n",
          r,
          bound,
          merkle,
          merkle / bound);
    }
    System.out.println(
        new BenchRow(
                "Merkle batching ÷ SHA-256 bound, 65,536 readings per batch (goal ≥ " + GOAL + ")",
                median(results, 0),
                median(results, 1),
                medianRatio(results),
                "readings/s",
                loadSum / rounds,
                command)
            .line());
  }

  private static double score(
      String method,
      int warmups,
      int warmupSeconds,
      int iterations,
      int seconds,
      List<String> jvmArgs)
      throws RunnerException {
    Options options =
        new OptionsBuilder()
            .include(MerkleBatchingBenchmark.class.getName() + "\\." + method + "$")
            .warmupIterations(warmups)
            .warmupTime(TimeValue.seconds(warmupSeconds))
            .measurementIterations(iterations)
            .measurementTime(TimeValue.seconds(seconds))
            .forks(1)
            .jvmArgs(jvmArgs.toArray(String[]::new))
            .build();
    Collection<RunResult> run = new Runner(options).run();
    if (run.size() != 1) {
      throw new IllegalStateException(method + ": expected one JMH result, got " + run.size());
    }
    return run.iterator().next().getPrimaryResult().getScore();
  }

  private static double median(List<double[]> rounds, int column) {
    double[] v = rounds.stream().mapToDouble(x -> x[column]).sorted().toArray();
    return v[v.length / 2];
  }

  private static double medianRatio(List<double[]> rounds) {
    double[] v = rounds.stream().mapToDouble(x -> x[1] / x[0]).sorted().toArray();
    return v[v.length / 2];
  }
}
