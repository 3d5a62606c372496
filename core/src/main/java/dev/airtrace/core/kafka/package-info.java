/**
 * Kafka-facing settings as plain values ({@link dev.airtrace.core.kafka.Compression}), shared by
 * the gateway, the stream processor and the other producers. No Kafka client types: each module
 * maps these to its client's properties at its own boundary.
 */
package dev.airtrace.core.kafka;
