/**
 * The Kafka path: a consumer group on the site-features topic feeds the shared micro-batcher and
 * writes one forecast per feature window to {@code airtrace.serving.forecasts.v1}, at least once
 * (offsets are committed only after every forecast and dead letter of a poll is acknowledged).
 * Undecodable or unfit feature records go to {@code airtrace.serving.deadletter.v1}.
 */
package dev.airtrace.serving.kafka;
