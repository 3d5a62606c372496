/**
 * Kafka output of the gateway: the only package of the gateway that imports {@code
 * org.apache.kafka}. {@link dev.airtrace.gateway.kafka.RecordSink} is the small interface the
 * pipeline writes through; {@link dev.airtrace.gateway.kafka.KafkaOutputConfig} holds the producer
 * settings as a validated record and maps them to Kafka {@code Properties} only here.
 */
package dev.airtrace.gateway.kafka;
