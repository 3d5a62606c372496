/**
 * Real services for integration tests and for the in-process demo: a single-node KRaft Kafka broker
 * ({@link dev.airtrace.localstack.KafkaService}), a Mosquitto broker ({@link
 * dev.airtrace.localstack.MosquittoService}) and an InfluxDB 1.x server ({@link
 * dev.airtrace.localstack.InfluxService}), and a local Ethereum chain ({@link
 * dev.airtrace.localstack.AnvilService}, from npm, always private).
 *
 * <p>Each service either attaches to an external instance named by an environment variable ({@code
 * KAFKA_BOOTSTRAP}, {@code MQTT_URL}, {@code INFLUX_URL}) or starts its own on free loopback ports
 * with temporary data directories, and stops what it started by PID (or in-process shutdown) on
 * {@code close()}. Tests share one instance of each through {@link
 * dev.airtrace.localstack.Services}. A missing binary is an error that names the package to
 * install, never a silent skip.
 */
package dev.airtrace.localstack;
