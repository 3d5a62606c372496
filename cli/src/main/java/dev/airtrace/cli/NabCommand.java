package dev.airtrace.cli;

import dev.airtrace.anomaly.AnomalyConfig;
import dev.airtrace.anomaly.AnomalyDetectors;
import dev.airtrace.anomaly.LockstepReplay;
import dev.airtrace.anomaly.ReplaySeries;
import dev.airtrace.anomaly.StreamingAnomalyDetector;
import dev.airtrace.inference.Accelerator;
import dev.airtrace.inference.InferenceConfig;
import dev.airtrace.inference.InferenceEngine;
import dev.airtrace.inference.InferenceEngines;
import dev.airtrace.inference.ModelRepository;
import dev.airtrace.inference.RepositoryConfig;
import dev.airtrace.nab.NabBenchmark;
import dev.airtrace.nab.NabCorpus;
import dev.airtrace.nab.NabCorpusLocation;
import dev.airtrace.nab.NabDataFile;
import dev.airtrace.nab.NabReport;
import dev.airtrace.nab.NabReportFormatter;
import dev.airtrace.nab.NabResultFiles;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code airtrace nab}: runs the gateway's anomaly detector (one configuration, {@link
 * AnomalyConfig#defaults()}) over every NAB data file in lockstep, scores the likelihoods with the
 * NAB rules and prints the three profiles; optionally writes NAB result files.
 */
@Command(
    name = "nab",
    mixinStandardHelpOptions = true,
    description = {
      "Score the anomaly detector on the Numenta Anomaly Benchmark: every data file runs through"
          + " the same detector and configuration the gateway uses, fed in lockstep so each model"
          + " run batches across files as the gateway batches across sensors (causal, no per-file"
          + " tuning). Prints standard / reward_low_FP / reward_low_FN (docs/nab.md)."
    })
final class NabCommand implements Callable<Integer> {
  /** The name results are written and reported under. */
  static final String DETECTOR = "airtrace";

  @Spec CommandSpec spec;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description =
          "NAB corpus root (data/, labels/, config/); default: -Dairtrace.nab.dir,"
              + " $AIRTRACE_NAB_DIR or ../shared/data/nab beside the installation"
              + " ($AIRTRACE_HOME or the folder holding models/repository).")
  Path data;

  @Option(
      names = "--results-dir",
      paramLabel = "DIR",
      description = "Also write NAB result files (<dir>/<category>/" + DETECTOR + "_<file>.csv).")
  Path resultsDir;

  @Option(
      names = "--models-dir",
      defaultValue = "${sys:airtrace.home:-.}/models/repository",
      paramLabel = "DIR",
      description = "Model repository holding anomaly-ae (default: ${DEFAULT-VALUE}).")
  Path modelsDir;

  @Option(
      names = "--model-version",
      paramLabel = "N",
      description = "Pin this anomaly-ae version instead of the highest.")
  Long modelVersion;

  @Option(
      names = "--accelerator",
      defaultValue = "CPU",
      description =
          "Where the model runs: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}, for"
              + " reproducible numbers).")
  Accelerator accelerator;

  @Option(
      names = "--gpu-device",
      defaultValue = "0",
      description = "GPU ordinal for CUDA/TensorRT (default: ${DEFAULT-VALUE}).")
  int gpuDevice;

  /** The inference settings the options ask for (one intra-op thread, lenient fallback). */
  InferenceConfig inferenceConfig() {
    return new InferenceConfig(
        accelerator, gpuDevice, false, 1, InferenceConfig.DEFAULT_PLAN_CACHE);
  }

  /** The repository settings: anomaly-ae only, pinned when asked, no periodic rescans. */
  RepositoryConfig repositoryConfig() {
    RepositoryConfig c =
        RepositoryConfig.builder(modelsDir, "anomaly-ae").rescanInterval(Duration.ZERO).build();
    return modelVersion == null ? c : c.toBuilder().pin("anomaly-ae", modelVersion).build();
  }

  Path corpusRoot() {
    return data != null ? data : NabCorpusLocation.defaultRoot(Installation.home(System.getenv()));
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    NabCorpus corpus = NabCorpus.load(corpusRoot());
    List<ReplaySeries> series = replaySeries(corpus);
    Map<String, double[]> scores;
    long start = System.nanoTime();
    String modelId;
    String backend;
    try (InferenceEngine engine = InferenceEngines.create(inferenceConfig());
        ModelRepository repository = ModelRepository.open(engine, repositoryConfig());
        StreamingAnomalyDetector detector =
            AnomalyDetectors.create(AnomalyConfig.defaults(), repository.model("anomaly-ae"))) {
      modelId = repository.model("anomaly-ae").current().id();
      backend = repository.backend().token();
      scores = LockstepReplay.likelihoods(detector, series);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    NabReport report = NabBenchmark.score(corpus, DETECTOR, scores);
    out.printf(
        "model %s on %s; %d files, %d rows in %.1f s (%.0f rows/s)%n",
        modelId, backend, series.size(), corpus.rowCount(), seconds, corpus.rowCount() / seconds);
    out.print(NabReportFormatter.format(report));
    if (resultsDir != null) {
      NabResultFiles.write(resultsDir, DETECTOR, corpus, scores);
      out.println("result files written under " + resultsDir);
    }
    out.flush();
    return 0;
  }

  /** One replay series per data file, in corpus order. */
  static List<ReplaySeries> replaySeries(NabCorpus corpus) {
    List<ReplaySeries> out = new ArrayList<>();
    for (NabDataFile f : corpus.files().values()) {
      long[] times = new long[f.rowCount()];
      double[] values = new double[f.rowCount()];
      for (int i = 0; i < times.length; i++) {
        times[i] = f.timestampMillis(i);
        values[i] = f.value(i);
      }
      out.add(new ReplaySeries(f.key(), times, values));
    }
    return out;
  }
}
