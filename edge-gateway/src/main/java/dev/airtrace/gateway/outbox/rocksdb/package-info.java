/**
 * The outbox's storage on RocksDB: the only package of the gateway that may use {@code org.rocksdb}
 * (checked in {@code architecture-tests}).
 */
package dev.airtrace.gateway.outbox.rocksdb;
