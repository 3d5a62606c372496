/** The benchmark table's row format, shared by every harness and the runner. */
package dev.airtrace.bench.report;
