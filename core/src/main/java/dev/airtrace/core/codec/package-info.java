/**
 * Codecs of what sensors send over MQTT (airtrace JSON and SenML JSON, RFC 8428), the shared JSON
 * mapper and the decoding exception. The JSON of airtrace's Kafka records lives with the topic
 * contracts in {@code dev.airtrace.topics}.
 */
package dev.airtrace.core.codec;
