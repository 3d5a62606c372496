package dev.airtrace.anomaly;

import dev.airtrace.inference.InferenceConfig;
import dev.airtrace.inference.InferenceEngine;
import dev.airtrace.inference.InferenceEngines;
import dev.airtrace.inference.LiveModel;
import dev.airtrace.inference.Model;
import dev.airtrace.inference.ModelManifest;
import dev.airtrace.nab.NabBenchmark;
import dev.airtrace.nab.NabCorpus;
import dev.airtrace.nab.NabCorpusLocation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Equivalence harness (not a test): replays the NAB corpus in lockstep through the detector with
 * anomaly-ae v1 on the CPU and prints a digest of the bits of every verdict (raw score, likelihood,
 * anomalous flag, model id) plus the three NAB scores. A performance change to the detector must
 * leave the digest unchanged; run it before and after. Run from the repository root:
 *
 * <pre>
 * java -cp "anomaly/target/test-classes:anomaly/target/classes:$(cat cp.txt)" \
 *     dev.airtrace.anomaly.VerdictDigestHarness
 * </pre>
 */
final class VerdictDigestHarness {
  private VerdictDigestHarness() {}

  public static void main(String[] args) {
    NabCorpus corpus = NabCorpus.load(NabCorpusLocation.defaultRoot());
    List<ReplaySeries> series = NabTuning.series(corpus);
    try (InferenceEngine engine = InferenceEngines.create(InferenceConfig.cpu());
        Model model =
            engine.load(
                ModelManifest.read(
                    RepositoryLocation.models().resolve("anomaly-ae/1/model.json")));
        StreamingAnomalyDetector d =
            AnomalyDetectors.create(AnomalyConfig.defaults(), LiveModel.fixed(model))) {
      long t0 = System.nanoTime();
      Map<String, double[]> scores = new LinkedHashMap<>();
      SeriesKey[] keys = new SeriesKey[series.size()];
      double[][] likelihoods = new double[series.size()][];
      int longest = 0;
      for (int s = 0; s < series.size(); s++) {
        keys[s] = new SeriesKey(series.get(s).name(), LockstepReplay.QUANTITY);
        likelihoods[s] = new double[series.get(s).values().length];
        scores.put(series.get(s).name(), likelihoods[s]);
        longest = Math.max(longest, likelihoods[s].length);
      }
      long digest = 1125899906842597L;
      long rows = 0;
      List<Observation> batch = new ArrayList<>();
      int[] owner = new int[series.size()];
      for (int k = 0; k < longest; k++) {
        batch.clear();
        for (int s = 0; s < series.size(); s++) {
          ReplaySeries r = series.get(s);
          if (k < r.values().length) {
            owner[batch.size()] = s;
            batch.add(new Observation(keys[s], r.timesMillis()[k], r.values()[k]));
          }
        }
        List<AnomalyVerdict> verdicts = d.observe(batch);
        for (int i = 0; i < verdicts.size(); i++) {
          AnomalyVerdict v = verdicts.get(i);
          likelihoods[owner[i]][k] = v.likelihood();
          digest = 31 * digest + Double.doubleToLongBits(v.rawScore());
          digest = 31 * digest + Double.doubleToLongBits(v.likelihood());
          digest = 31 * digest + (v.anomalous() ? 1 : 0);
          digest = 31 * digest + v.modelId().hashCode();
          digest = 31 * digest + v.key().hashCode();
          rows++;
        }
      }
      long t1 = System.nanoTime();
      System.out.printf("rows %d in %.1f s, verdict digest %016x%n", rows, (t1 - t0) / 1e9, digest);
      System.out.print(NabBenchmark.format(NabBenchmark.score(corpus, "airtrace", scores)));
    }
  }
}
