package dev.airtrace.anomaly;

import dev.airtrace.inference.BackendInfo;
import dev.airtrace.inference.InferenceConfig;
import dev.airtrace.inference.InferenceEngine;
import dev.airtrace.inference.InferenceEngines;
import dev.airtrace.inference.LiveModel;
import dev.airtrace.inference.Model;
import dev.airtrace.inference.ModelManifest;
import dev.airtrace.inference.Outputs;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Timed harness (not a test): detector cost per reading with anomaly-ae v1 on the CPU at the batch
 * sizes a gateway sees (series per {@link StreamingAnomalyDetector#observe} call), split into the
 * model run and everything else. Run from the repository root:
 *
 * <pre>
 * ./mvnw -B -q test-compile -pl anomaly
 * java -cp "anomaly/target/test-classes:anomaly/target/classes:$(cat cp.txt)" \
 *     dev.airtrace.anomaly.DetectorCostHarness
 * </pre>
 */
final class DetectorCostHarness {
  private static final int WARM_UP_CALLS = 5_000;
  private static final int TIMED_READINGS = 400_000;

  private DetectorCostHarness() {}

  public static void main(String[] args) {
    int[] batches = {1, 16, 64, 256};
    try (InferenceEngine engine = InferenceEngines.create(InferenceConfig.cpu());
        Model model =
            engine.load(
                ModelManifest.read(
                    RepositoryLocation.models().resolve("anomaly-ae/1/model.json")))) {
      // before/after #11 in one run: the likelihood alone, then with the fault rules (defaults)
      for (FaultRuleConfig rules : new FaultRuleConfig[] {FaultRuleConfig.off(), null}) {
        AnomalyConfig config =
            rules == null
                ? AnomalyConfig.defaults()
                : AnomalyConfig.builder().faultRules(rules).build();
        System.out.println(rules == null ? "fault rules on (defaults)" : "fault rules off");
        System.out.println("batch  us/reading  model us/reading  other us/reading  readings/s");
        for (int batch : batches) {
          measure(model, batch, config);
        }
      }
    }
  }

  private static void measure(Model model, int batch, AnomalyConfig config) {
    long[] modelNanos = {0};
    Model timed =
        new Model() {
          @Override
          public ModelManifest manifest() {
            return model.manifest();
          }

          @Override
          public BackendInfo backend() {
            return model.backend();
          }

          @Override
          public Outputs run(FloatBuffer windows, int rows) {
            long t = System.nanoTime();
            Outputs out = model.run(windows, rows);
            modelNanos[0] += System.nanoTime() - t;
            return out;
          }

          @Override
          public void close() {}
        };
    Random r = new Random(batch);
    List<SeriesKey> keys = new ArrayList<>();
    for (int s = 0; s < batch; s++) {
      keys.add(new SeriesKey("dev-" + s, "pm2_5"));
    }
    int calls = Math.max(200, TIMED_READINGS / batch);
    try (StreamingAnomalyDetector d = AnomalyDetectors.create(config, LiveModel.fixed(timed))) {
      long step = 0;
      List<Observation> obs = new ArrayList<>(batch);
      for (int phase = 0; phase < 2; phase++) {
        int n = phase == 0 ? WARM_UP_CALLS : calls;
        modelNanos[0] = 0;
        long start = System.nanoTime();
        for (int c = 0; c < n; c++, step++) {
          obs.clear();
          for (int s = 0; s < batch; s++) {
            double v = 20 + 5 * Math.sin(step / 48.0 + s) + r.nextGaussian();
            obs.add(new Observation(keys.get(s), step * 60_000L, v));
          }
          d.observe(obs);
        }
        long total = System.nanoTime() - start;
        if (phase == 1) {
          double readings = (double) n * batch;
          System.out.printf(
              "%5d  %10.2f  %16.2f  %16.2f  %10.0f%n",
              batch,
              total / 1e3 / readings,
              modelNanos[0] / 1e3 / readings,
              (total - modelNanos[0]) / 1e3 / readings,
              readings / (total / 1e9));
        }
      }
    }
  }
}
