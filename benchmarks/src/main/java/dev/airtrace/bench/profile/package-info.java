/**
 * Profile readers: summaries of JFR recordings taken under the benchmark load (for example {@code
 * GatewayThroughput --jfr DIR}), printed as the tables docs/benchmarks.md shows.
 */
package dev.airtrace.bench.profile;
