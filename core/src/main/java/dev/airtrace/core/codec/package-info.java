/**
 * Codecs: the JSON encodings of airtrace's Kafka records (readings, dead letters) and the decoders
 * for what sensors send over MQTT (airtrace JSON and SenML JSON, RFC 8428).
 */
package dev.airtrace.core.codec;
