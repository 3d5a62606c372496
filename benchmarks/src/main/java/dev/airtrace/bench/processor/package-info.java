/**
 * Throughput harness of the stream processor's topology: readings per second with the feature
 * windows on against off, measured in the same run.
 */
package dev.airtrace.bench.processor;
