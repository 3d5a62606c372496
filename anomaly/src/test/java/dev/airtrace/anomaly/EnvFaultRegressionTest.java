package dev.airtrace.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.airtrace.inference.InferenceConfig;
import dev.airtrace.inference.InferenceEngine;
import dev.airtrace.inference.InferenceEngines;
import dev.airtrace.inference.LiveModel;
import dev.airtrace.inference.Model;
import dev.airtrace.inference.ModelManifest;
import dev.airtrace.nab.NabBenchmark;
import dev.airtrace.nab.NabCorpus;
import dev.airtrace.nab.NabReport;
import dev.airtrace.nab.envfault.EnvFaultCorpusGenerator;
import dev.airtrace.nab.envfault.FaultRecall;
import dev.airtrace.nab.envfault.FaultType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The environmental-fault test files (generated from the shared Beijing and UCI data with the
 * documented seed) through the default detector: the NAB standard score and the recall of stuck,
 * dropout and spike faults stay at what docs/quality.md reports. Missing data fails under {@code
 * CI=true} and skips otherwise.
 */
class EnvFaultRegressionTest {
  /** Measured (docs/quality.md); the test allows 0.5 below it. */
  static final double MEASURED_STANDARD = 63.82;

  @Test
  @Timeout(600)
  void shouldKeepEnvFaultTestScoreAndRuleRecallAtTheMeasuredValues(@TempDir Path out)
      throws Exception {
    Path beijing = shared("beijing-pm25/PRSA_data_2010.1.1-2014.12.31.csv");
    Path uci = shared("uci-air-quality/AirQualityUCI.csv");
    EnvFaultCorpusGenerator.main(
        new String[] {
          "--out", out.toString(), "--beijing", beijing.toString(), "--uci", uci.toString()
        });
    Path root = out.resolve("test");
    NabCorpus corpus = NabCorpus.load(root);
    Map<String, double[]> scores = new LinkedHashMap<>();
    Map<String, boolean[]> alarms = new LinkedHashMap<>();
    try (InferenceEngine engine = InferenceEngines.create(InferenceConfig.cpu());
        Model model =
            engine.load(
                ModelManifest.read(
                    RepositoryLocation.models().resolve("anomaly-ae/1/model.json")));
        StreamingAnomalyDetector d =
            AnomalyDetectors.create(AnomalyConfig.defaults(), LiveModel.fixed(model))) {
      EnvFaultHarness.replay(
          d, NabTuning.series(corpus), scores, alarms, new EnumMap<>(SuspectedFault.class));
    }
    NabReport report = NabBenchmark.score(corpus, "airtrace", scores);
    assertThat(report.profile("standard").normalizedScore())
        .isGreaterThanOrEqualTo(MEASURED_STANDARD - 0.5);
    FaultRecall recall = FaultRecall.of(corpus, EnvFaultCorpusGenerator.readFaults(root), alarms);
    assertThat(recall.recall(FaultType.STUCK)).isGreaterThanOrEqualTo(0.7);
    assertThat(recall.recall(FaultType.DROPOUT)).isGreaterThanOrEqualTo(0.7);
    assertThat(recall.recall(FaultType.SPIKE)).isGreaterThanOrEqualTo(0.7);
  }

  private static Path shared(String relative) {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path candidate = p.resolve("../shared/data").resolve(relative).normalize();
      if (Files.exists(candidate)) {
        return candidate;
      }
    }
    String message = "shared data " + relative + " not found above the working directory";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail(message + " (CI=true: this regression test must not be skipped)");
    }
    Assumptions.abort(message);
    return null;
  }
}
