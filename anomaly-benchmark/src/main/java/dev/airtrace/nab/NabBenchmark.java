package dev.airtrace.nab;

import java.nio.file.Path;
import java.util.Map;

/**
 * Entry point for scoring a detector on a NAB corpus, for a CLI command or a test: load the corpus,
 * score every profile at its corpus-optimal threshold, and format the scoreboard.
 *
 * <p>Stateless and thread-safe. For repeated scoring load the corpus once with {@link
 * NabCorpus#load(Path)} and call {@link #score(NabCorpus, String, Map)}.
 */
public final class NabBenchmark {
  private NabBenchmark() {}

  /**
   * @param corpusRoot a corpus in NAB layout (e.g. {@link NabCorpusLocation#defaultRoot()})
   * @param scores anomaly scores per corpus key, one per data row in file order
   * @return standard, reward-low-FP and reward-low-FN results (the corpus' profiles)
   */
  public static NabReport score(Path corpusRoot, Map<String, double[]> scores) {
    return score(NabCorpus.load(corpusRoot), "detector", scores);
  }

  /**
   * @param corpus a loaded corpus
   * @param detector name shown in the report
   * @param scores anomaly scores per corpus key, one per data row in file order
   * @return one result per corpus profile at its optimal threshold
   */
  public static NabReport score(NabCorpus corpus, String detector, Map<String, double[]> scores) {
    return NabScorer.standard().scoreAll(detector, corpus, scores);
  }

  /**
   * @param corpus a loaded corpus
   * @param resultsDir NAB-format results folder ({@code <category>/<detector>_<file>.csv})
   * @param detector the detector name, also the file-name prefix
   * @return one result per corpus profile at its optimal threshold
   */
  public static NabReport scoreResultFiles(NabCorpus corpus, Path resultsDir, String detector) {
    return score(corpus, detector, NabResultFiles.read(resultsDir, detector, corpus));
  }

  /**
   * @param report a report
   * @return the scoreboard text (see {@link NabReportFormatter})
   */
  public static String format(NabReport report) {
    return NabReportFormatter.format(report);
  }
}
