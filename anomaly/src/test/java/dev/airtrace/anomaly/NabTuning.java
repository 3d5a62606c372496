package dev.airtrace.anomaly;

import dev.airtrace.inference.LiveModel;
import dev.airtrace.nab.NabBenchmark;
import dev.airtrace.nab.NabCorpus;
import dev.airtrace.nab.NabCorpusLocation;
import dev.airtrace.nab.NabDataFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Manual tuning harness (not a test): runs the detector over the NAB corpus with -D overrides and
 * prints the three profiles. {@code java -cp ... dev.airtrace.anomaly.NabTuning}.
 */
final class NabTuning {
  private NabTuning() {}

  static List<ReplaySeries> series(NabCorpus corpus) {
    List<ReplaySeries> out = new ArrayList<>();
    for (NabDataFile f : corpus.files().values()) {
      long[] t = new long[f.rowCount()];
      double[] v = new double[f.rowCount()];
      for (int i = 0; i < t.length; i++) {
        t[i] = f.timestampMillis(i);
        v[i] = f.value(i);
      }
      out.add(new ReplaySeries(f.key(), t, v));
    }
    return out;
  }

  static AnomalyConfig config() {
    AnomalyConfig d = AnomalyConfig.defaults();
    return new AnomalyConfig(
        Integer.getInteger("warmUp", d.warmUp()),
        Integer.getInteger("history", d.likelihoodHistory()),
        Integer.getInteger("short", d.shortAverage()),
        Double.parseDouble(System.getProperty("statWeight", "" + d.statisticalWeight())),
        Integer.getInteger("contextWindow", d.contextWindow()),
        Integer.getInteger("contextMemory", d.contextMemory()),
        Integer.getInteger("contextStride", d.contextStride()),
        Integer.getInteger("contextAverage", d.contextAverage()),
        Double.parseDouble(System.getProperty("novelty", "" + d.noveltyMargin())),
        Double.parseDouble(System.getProperty("threshold", "" + d.threshold())),
        Integer.getInteger("suppression", d.suppression()),
        d.maxWindow(),
        d.maxSeries(),
        d.faultRules(),
        d.idleRelease());
  }

  static void run(Supplier<LiveModel> source) {
    NabCorpus corpus = NabCorpus.load(NabCorpusLocation.defaultRoot());
    List<ReplaySeries> series = series(corpus);
    long t0 = System.nanoTime();
    Map<String, double[]> scores;
    try (StreamingAnomalyDetector d = AnomalyDetectors.create(config(), source.get())) {
      scores = LockstepReplay.likelihoods(d, series);
    }
    long t1 = System.nanoTime();
    System.out.println(config() + " in " + (t1 - t0) / 1_000_000 + " ms");
    var report = NabBenchmark.score(corpus, "airtrace", scores);
    System.out.print(NabBenchmark.format(report));
    if (Boolean.getBoolean("diag")) {
      double th = report.profile("standard").threshold();
      for (NabDataFile f : corpus.files().values()) {
        double[] a = scores.get(f.key());
        int probation = Math.min((int) Math.floor(0.15 * f.rowCount()), 750);
        StringBuilder sb = new StringBuilder();
        for (var w : f.windows()) {
          int first = -1;
          for (int i = w.firstRow(); i <= w.lastRow(); i++) {
            if (a[i] >= th) {
              first = i;
              break;
            }
          }
          sb.append(
              first < 0
                  ? " MISS"
                  : String.format(" hit@%.2f", (first - w.firstRow()) / (double) w.width()));
        }
        int fp = 0;
        for (int i = probation; i < a.length; i++) {
          if (a[i] >= th && !f.inWindow(i)) {
            fp++;
          }
        }
        System.out.printf(
            "%-60s n=%6d fp=%3d raw=%7.3f%s%n",
            f.key(), f.rowCount(), fp, report.profile("standard").file(f.key()).rawScore(), sb);
      }
    }
  }

  public static void main(String[] args) {
    PersistenceWindowModel m =
        new PersistenceWindowModel(
            new WindowSpec(
                Integer.getInteger("w", 32),
                Double.parseDouble(System.getProperty("halfLife", "1000")),
                8,
                0.001),
            "persistence@1");
    run(() -> LiveModel.fixed(m));
  }
}
