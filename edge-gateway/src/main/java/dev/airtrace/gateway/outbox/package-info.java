/**
 * The gateway's disk outbox: MQTT messages are acknowledged once their records are durably appended
 * here ({@link dev.airtrace.gateway.outbox.OutboxSink}, a {@code RecordSink}); a forwarder sends
 * them to Kafka, live records first and backfill at a bounded rate, and deletes only what Kafka
 * acknowledged. Storage sits behind {@link dev.airtrace.gateway.outbox.OutboxLog} (RocksDB in the
 * {@code rocksdb} sub-package). Guarantees and settings: {@code docs/durability.md}.
 */
package dev.airtrace.gateway.outbox;
