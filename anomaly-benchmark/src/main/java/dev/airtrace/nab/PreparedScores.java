package dev.airtrace.nab;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A detector's scores checked against a corpus, with each file's row weights computed once so that
 * several profiles and thresholds reuse them. Immutable after construction; the score arrays are
 * copied.
 */
final class PreparedScores {
  final List<NabDataFile> files;
  final List<FileWeights> weights;
  final List<double[]> scores;
  final int windowCount;

  PreparedScores(NabCorpus corpus, Map<String, double[]> scoresByKey, ScoringRules rules) {
    Set<String> unknown = new HashSet<>(scoresByKey.keySet());
    unknown.removeAll(corpus.files().keySet());
    if (!unknown.isEmpty()) {
      throw new NabCorpusException("scores for files that are not in the corpus: " + unknown);
    }
    files = new ArrayList<>(corpus.files().values());
    weights = new ArrayList<>(files.size());
    scores = new ArrayList<>(files.size());
    for (NabDataFile file : files) {
      double[] fileScores = scoresByKey.get(file.key());
      if (fileScores == null) {
        throw new NabCorpusException(
            "no scores for corpus file " + file.key() + " (every file must be scored)");
      }
      scores.add(validated(file, fileScores));
      weights.add(new FileWeights(file, rules));
    }
    windowCount = corpus.windowCount();
  }

  private static double[] validated(NabDataFile file, double[] fileScores) {
    if (fileScores.length != file.rowCount()) {
      throw new NabCorpusException(
          file.key() + ": " + fileScores.length + " scores for " + file.rowCount() + " rows");
    }
    for (int i = 0; i < fileScores.length; i++) {
      if (Double.isNaN(fileScores[i])) {
        throw new NabCorpusException(file.key() + ": score of row " + i + " is NaN");
      }
    }
    return fileScores.clone();
  }
}
