/**
 * One-minute per-device aggregates by event time (count, min, max, mean and last value per
 * quantity), the value of {@code airtrace.gateway.aggregates-1m.v1}. A convenience view for
 * dashboards and thin uplinks; the readings topic remains the record.
 */
package dev.airtrace.gateway.aggregate;
