/**
 * The airtrace edge gateway: {@link dev.airtrace.gateway.EdgeGateway} receives sensor readings over
 * MQTT, decodes, validates and de-duplicates them on its own worker thread, and writes readings,
 * one-minute aggregates and dead letters to Kafka, acknowledging each MQTT message only after Kafka
 * acknowledged every record it produced. Configured by {@link dev.airtrace.gateway.GatewayConfig};
 * observed through {@link dev.airtrace.gateway.GatewayStatus} and Micrometer. See {@code
 * docs/gateway.md}.
 */
package dev.airtrace.gateway;
