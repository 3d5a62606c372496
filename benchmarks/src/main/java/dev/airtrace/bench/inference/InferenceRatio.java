package dev.airtrace.bench.inference;

import dev.airtrace.bench.baseline.OrtBaseline;
import dev.airtrace.inference.GoldenSet;
import dev.airtrace.inference.InferenceConfig;
import dev.airtrace.inference.InferenceEngine;
import dev.airtrace.inference.InferenceEngines;
import dev.airtrace.inference.Model;
import dev.airtrace.inference.ModelManifest;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleSupplier;

/**
 * The {@link InferenceBenchmark} comparison as paired rounds: the DJL path and raw ORT alternate in
 * short rounds (ABBA order) on one thread, so both see the same machine load; the ratio is the
 * median of the per-round ratios. On a shared, loaded machine this is steadier than comparing two
 * JMH results measured minutes apart. Same models, inputs and session options as the JMH class.
 *
 * <p>Run: {@code java -cp "benchmarks/target/airtrace-benchmarks.jar:benchmarks/target/lib/*"
 * dev.airtrace.bench.inference.InferenceRatio [models, comma-separated] [rounds] [round ms]}.
 */
public final class InferenceRatio {
  private static final int[] BATCHES = {1, 32, 256};

  private InferenceRatio() {}

  public static void main(String[] args) {
    String[] models = (args.length > 0 ? args[0] : "anomaly-ae,pm25-calibration").split(",");
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 16;
    long roundMillis = args.length > 2 ? Long.parseLong(args[2]) : 250;
    run(models, rounds, roundMillis);
  }

  private static void run(String[] models, int rounds, long roundMillis) {
    System.out.printf(
        Locale.ROOT,
        "| model | batch | djl calls/s | ortRaw calls/s | djl samples/s | ortRaw samples/s |"
            + " djl / ortRaw (median, min–max of %d rounds) |%n|---|---|---|---|---|---|---|%n",
        rounds);
    try (InferenceEngine engine = InferenceEngines.create(InferenceConfig.cpu())) {
      for (String name : models) {
        ModelManifest manifest = InferenceBenchmark.latest(name);
        double[] djlAt = new double[BATCHES.length];
        double[] rawAt = new double[BATCHES.length];
        for (int i = 0; i < BATCHES.length; i++) {
          int batch = BATCHES[i];
          FloatBuffer input =
              InferenceBenchmark.repeatGolden(
                  GoldenSet.read(manifest), manifest.input().rowSize(), batch);
          try (Model model = engine.load(manifest);
              OrtBaseline raw = OrtBaseline.open(manifest, 1)) {
            raw.prepare(input, batch);
            DoubleSupplier djl =
                () -> model.run(input.rewind(), batch).get(firstOutput(manifest))[0];
            DoubleSupplier ort = raw::run;
            // warm-up (JIT, ORT arenas); long, because a loaded machine compiles slowly
            callsPerSecond(djl, 3000);
            callsPerSecond(ort, 3000);
            List<Double> d = new ArrayList<>();
            List<Double> o = new ArrayList<>();
            List<Double> ratio = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
              double a;
              double b;
              if (r % 2 == 0) {
                a = callsPerSecond(djl, roundMillis);
                b = callsPerSecond(ort, roundMillis);
              } else {
                b = callsPerSecond(ort, roundMillis);
                a = callsPerSecond(djl, roundMillis);
              }
              d.add(a);
              o.add(b);
              ratio.add(a / b);
            }
            djlAt[i] = median(d);
            rawAt[i] = median(o);
            System.out.printf(
                Locale.ROOT,
                "| %s | %d | %,.0f | %,.0f | %,.0f | %,.0f | **%.2f** (%.2f–%.2f) |%n",
                name,
                batch,
                djlAt[i],
                rawAt[i],
                djlAt[i] * batch,
                rawAt[i] * batch,
                median(ratio),
                Collections.min(ratio),
                Collections.max(ratio));
          }
        }
        System.out.printf(
            Locale.ROOT,
            "%s: samples/s batch 32 / batch 1 = %.1fx (djl), %.1fx (ortRaw); batch 256 / batch 1 ="
                + " %.1fx (djl)%n",
            name,
            djlAt[1] * 32 / djlAt[0],
            rawAt[1] * 32 / rawAt[0],
            djlAt[2] * 256 / djlAt[0]);
      }
    }
  }

  private static String firstOutput(ModelManifest manifest) {
    return manifest.outputs().get(0).name();
  }

  private static double sink;

  private static double callsPerSecond(DoubleSupplier call, long millis) {
    long calls = 0;
    long start = System.nanoTime();
    long end = start + millis * 1_000_000;
    long now;
    do {
      sink += call.getAsDouble();
      calls++;
      now = System.nanoTime();
    } while (now < end);
    return calls * 1e9 / (now - start);
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
