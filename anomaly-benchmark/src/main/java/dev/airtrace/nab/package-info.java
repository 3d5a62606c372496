/**
 * Numenta Anomaly Benchmark (NAB) harness: reads a corpus in NAB layout, reads and writes
 * NAB-format detector results, and scores anomaly scores with the NAB rules (probationary period,
 * scaled-sigmoid window weighting, per-profile cost matrices, corpus threshold optimisation and
 * null/perfect normalisation), as specified in {@code shared/docs/reference/nab-scoring.md} §1.2.
 *
 * <p>Pure Java plus Jackson: no detector code lives here, so any detector (files on disk or an
 * in-memory {@code Map<fileKey, double[]>}) is judged by the same scorer. Entry point: {@link
 * dev.airtrace.nab.NabBenchmark}.
 */
package dev.airtrace.nab;
