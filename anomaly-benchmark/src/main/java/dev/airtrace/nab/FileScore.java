package dev.airtrace.nab;

/**
 * The score of one data file at a threshold.
 *
 * @param key corpus key, {@code "<category>/<file>.csv"}
 * @param rawScore S_f(θ), the file's contribution to the corpus raw score
 * @param counts the file's row counts
 */
public record FileScore(String key, double rawScore, DetectionCounts counts) {}
