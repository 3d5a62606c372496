/**
 * One-minute per-device aggregates by event time (count, min, max, mean and last value per
 * quantity); the value record and its codec are the aggregates topic's contract in {@code
 * dev.airtrace.topics.gateway}. A convenience view for dashboards and thin uplinks; the readings
 * topic remains the record.
 */
package dev.airtrace.gateway.aggregate;
