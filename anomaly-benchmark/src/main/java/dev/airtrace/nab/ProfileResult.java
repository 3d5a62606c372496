package dev.airtrace.nab;

import java.util.List;

/**
 * The corpus score of one detector under one application profile.
 *
 * @param profile the cost profile
 * @param threshold θ, the anomaly score at or above which a row counts as a detection
 * @param rawScore S(θ), the sum of the file scores
 * @param normalizedScore 100·(S − S_null)/(S_perfect − S_null): null detector 0, perfect 100 (NaN
 *     for a corpus without windows)
 * @param counts row counts over the corpus
 * @param files per-file breakdown in corpus order
 */
public record ProfileResult(
    CostProfile profile,
    double threshold,
    double rawScore,
    double normalizedScore,
    DetectionCounts counts,
    List<FileScore> files) {

  /** Copies the file list. */
  public ProfileResult {
    files = List.copyOf(files);
  }

  /**
   * @param key a corpus key
   * @return that file's score
   * @throws NabCorpusException when the key was not scored
   */
  public FileScore file(String key) {
    return files.stream()
        .filter(f -> f.key().equals(key))
        .findFirst()
        .orElseThrow(() -> new NabCorpusException("no file " + key + " in this result"));
  }
}
