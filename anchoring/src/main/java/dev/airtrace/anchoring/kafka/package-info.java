/**
 * The Kafka side of anchoring: reading gateway batch headers from {@code
 * airtrace.gateway.batch-headers.v1} and keeping the epoch records in the compacted topic {@code
 * airtrace.anchoring.epochs.v1}.
 */
package dev.airtrace.anchoring.kafka;
