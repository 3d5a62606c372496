package dev.airtrace.anomaly;

import dev.airtrace.inference.InferenceConfig;
import dev.airtrace.inference.InferenceEngine;
import dev.airtrace.inference.InferenceEngines;
import dev.airtrace.inference.LiveModel;
import dev.airtrace.inference.Model;
import dev.airtrace.inference.ModelManifest;
import dev.airtrace.nab.NabBenchmark;
import dev.airtrace.nab.NabCorpus;
import dev.airtrace.nab.NabDataFile;
import dev.airtrace.nab.NabReport;
import dev.airtrace.nab.envfault.BaselineDetectors;
import dev.airtrace.nab.envfault.EnvFaultCorpusGenerator;
import dev.airtrace.nab.envfault.FaultRecall;
import dev.airtrace.nab.envfault.InjectedFault;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Timed harness (not a test): the detector (anomaly-ae v1 on the CPU, {@link
 * AnomalyConfig#defaults()} unless -D overrides say otherwise) over a corpus in NAB layout, in
 * lockstep; prints the NAB profiles, and for a generated environmental-fault corpus ({@code
 * labels/faults.json}) the per-type recall and false alarms per 1,000 readings, with {@code
 * -Dbaselines=true} the 48-reading z-score and random baselines (mean of 10 seeds) through the same
 * scorer. Commands in docs/quality.md.
 */
final class EnvFaultHarness {
  private EnvFaultHarness() {}

  private static final Map<String, SuspectedFault[]> kinds = new LinkedHashMap<>();

  static FaultRuleConfig rules() {
    FaultRuleConfig d = FaultRuleConfig.defaults();
    if (Boolean.getBoolean("rulesOff")) {
      return FaultRuleConfig.off();
    }
    return d.toBuilder()
        .stuckMinRun(Integer.getInteger("stuckMinRun", d.stuckMinRun()))
        .stuckRunFactor(dbl("stuckRunFactor", d.stuckRunFactor()))
        .dropoutMaxZeroShare(dbl("dropoutMaxZeroShare", d.dropoutMaxZeroShare()))
        .dropoutJumpFactor(dbl("dropoutJumpFactor", d.dropoutJumpFactor()))
        .spikeFactor(dbl("spikeFactor", d.spikeFactor()))
        .noiseFactor(dbl("noiseFactor", d.noiseFactor()))
        .noiseAverage(Integer.getInteger("noiseAverage", d.noiseAverage()))
        .levelShiftFactor(dbl("levelShiftFactor", d.levelShiftFactor()))
        .levelShiftHold(Integer.getInteger("levelShiftHold", d.levelShiftHold()))
        .scaleHalfLife(Integer.getInteger("scaleHalfLife", d.scaleHalfLife()))
        .clip(dbl("clip", d.clip()))
        .holdOff(Integer.getInteger("holdOff", d.holdOff()))
        .likelihoodScale(dbl("likelihoodScale", d.likelihoodScale()))
        .barGrowth(dbl("barGrowth", d.barGrowth()))
        .barHalfLife(Integer.getInteger("barHalfLife", d.barHalfLife()))
        .build();
  }

  private static double dbl(String name, double fallback) {
    return Double.parseDouble(System.getProperty(name, Double.toString(fallback)));
  }

  static AnomalyConfig config() {
    AnomalyConfig d = AnomalyConfig.defaults();
    return d.toBuilder()
        .threshold(dbl("threshold", d.threshold()))
        .suppression(Integer.getInteger("suppression", d.suppression()))
        .statisticalWeight(dbl("statWeight", d.statisticalWeight()))
        .faultRules(rules())
        .build();
  }

  public static void main(String[] args) {
    Path root = Path.of(args[0]);
    NabCorpus corpus = NabCorpus.load(root);
    List<ReplaySeries> series = NabTuning.series(corpus);
    Map<String, double[]> scores = new LinkedHashMap<>();
    Map<String, boolean[]> alarms = new LinkedHashMap<>();
    Map<SuspectedFault, Integer> named = new EnumMap<>(SuspectedFault.class);
    kinds.clear();
    long start = System.nanoTime();
    try (InferenceEngine engine = InferenceEngines.create(InferenceConfig.cpu());
        Model model =
            engine.load(
                ModelManifest.read(
                    RepositoryLocation.models().resolve("anomaly-ae/1/model.json")));
        StreamingAnomalyDetector d = AnomalyDetectors.create(config(), LiveModel.fixed(model))) {
      replay(d, series, scores, alarms, named);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double statScale = dbl("statScale", 1);
    if (statScale != 1) {
      scores.forEach(
          (k, v) -> {
            SuspectedFault[] why = kinds.get(k);
            for (int i = 0; i < v.length; i++) {
              if (why[i] == SuspectedFault.NONE || why[i] == SuspectedFault.UNUSUAL) {
                v[i] *= statScale;
              }
            }
          });
    }
    NabReport report = NabBenchmark.score(corpus, "airtrace", scores);
    System.out.printf(
        Locale.ROOT, "%s%n%d rows in %.1f s%n", config().faultRules(), corpus.rowCount(), seconds);
    System.out.print(NabBenchmark.format(report));
    System.out.println("alarms by suspected fault: " + named);
    if (!Files.exists(root.resolve("labels/faults.json"))) {
      return;
    }
    List<InjectedFault> faults = EnvFaultCorpusGenerator.readFaults(root);
    Map<SuspectedFault, Integer> outside = new EnumMap<>(SuspectedFault.class);
    Map<String, Integer> perFile = new java.util.TreeMap<>();
    for (NabDataFile f : corpus.files().values()) {
      boolean[] a = alarms.get(f.key());
      SuspectedFault[] why = kinds.get(f.key());
      for (int i = 0; i < a.length; i++) {
        if (a[i] && !f.inWindow(i)) {
          outside.merge(why[i], 1, Integer::sum);
          perFile.merge(f.key() + " " + why[i], 1, Integer::sum);
        }
      }
    }
    System.out.println("false alarms by suspected fault: " + outside);
    if (Boolean.getBoolean("diag")) {
      System.out.println("false alarms by file: " + perFile);
    }
    System.out.println(FaultRecall.header());
    System.out.println(FaultRecall.of(corpus, faults, alarms).row("airtrace (operating point)"));
    double th = report.profile("standard").threshold();
    System.out.println(
        FaultRecall.of(corpus, faults, FaultRecall.alarmsAt(scores, th))
            .row(String.format(Locale.ROOT, "airtrace (NAB θ=%.3f)", th)));
    if (Boolean.getBoolean("baselines")) {
      Map<String, double[]> z = BaselineDetectors.zScore(corpus);
      NabReport zr = NabBenchmark.score(corpus, "zscore-48h", z);
      System.out.print(NabBenchmark.format(zr));
      System.out.println(
          FaultRecall.of(
                  corpus, faults, FaultRecall.alarmsAt(z, zr.profile("standard").threshold()))
              .row("z-score 48h (NAB θ)"));
      double[] sum = new double[3];
      for (long seed = 1; seed <= 10; seed++) {
        NabReport rr = NabBenchmark.score(corpus, "random", BaselineDetectors.random(corpus, seed));
        for (int p = 0; p < 3; p++) {
          sum[p] += rr.profiles().get(p).normalizedScore();
        }
      }
      System.out.printf(
          Locale.ROOT,
          "random (mean of seeds 1..10): standard %.2f, low FP %.2f, low FN %.2f%n",
          sum[0] / 10,
          sum[1] / 10,
          sum[2] / 10);
    }
    if (Boolean.getBoolean("diag")) {
      for (InjectedFault f : faults) {
        boolean[] a = alarms.get(f.file());
        int first = -1;
        for (int i = f.windowFirstRow(); i <= f.windowLastRow() && first < 0; i++) {
          if (a[i]) {
            first = i;
          }
        }
        NabDataFile file = corpus.files().get(f.file());
        System.out.printf(
            Locale.ROOT,
            "%-36s %-12s rows %5d..%5d mag %8.3f %s%n",
            f.file(),
            f.type().code(),
            f.firstRow(),
            f.lastRow(),
            f.magnitude(),
            first < 0 ? "MISS" : "hit at +" + (first - f.firstRow()) + " of " + file.rowCount());
      }
    }
  }

  static void replay(
      StreamingAnomalyDetector d,
      List<ReplaySeries> series,
      Map<String, double[]> scores,
      Map<String, boolean[]> alarms,
      Map<SuspectedFault, Integer> named) {
    List<SeriesKey> keys = new ArrayList<>();
    int longest = 0;
    for (ReplaySeries r : series) {
      keys.add(new SeriesKey(r.name(), LockstepReplay.QUANTITY));
      scores.put(r.name(), new double[r.values().length]);
      alarms.put(r.name(), new boolean[r.values().length]);
      kinds.put(r.name(), new SuspectedFault[r.values().length]);
      longest = Math.max(longest, r.values().length);
    }
    List<Observation> batch = new ArrayList<>();
    List<Integer> owner = new ArrayList<>();
    for (int k = 0; k < longest; k++) {
      batch.clear();
      owner.clear();
      for (int s = 0; s < series.size(); s++) {
        ReplaySeries r = series.get(s);
        if (k < r.values().length) {
          owner.add(s);
          batch.add(new Observation(keys.get(s), r.timesMillis()[k], r.values()[k]));
        }
      }
      List<AnomalyVerdict> v = d.observe(batch);
      for (int i = 0; i < v.size(); i++) {
        String name = series.get(owner.get(i)).name();
        scores.get(name)[k] = v.get(i).likelihood();
        alarms.get(name)[k] = v.get(i).anomalous();
        kinds.get(name)[k] = v.get(i).fault();
        if (v.get(i).anomalous()) {
          named.merge(v.get(i).fault(), 1, Integer::sum);
        }
      }
    }
  }
}
