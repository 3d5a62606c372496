/**
 * JMH benchmarks of the integrity primitives in {@code dev.airtrace.core.integrity}, each measured
 * against a raw JDK baseline in the same run.
 */
package dev.airtrace.bench.integrity;
