/**
 * Memory harnesses: the edge gateway's resident set under a fleet's load, measured on a child JVM
 * started by the {@code ./airtrace} launcher ({@link dev.airtrace.bench.memory.GatewayMemory}).
 */
package dev.airtrace.bench.memory;
