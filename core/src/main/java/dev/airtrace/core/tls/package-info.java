/**
 * TLS trust from PEM files, shared by every client that talks to a server signed by a private CA
 * (MQTT brokers, InfluxDB): {@link dev.airtrace.core.tls.PemTrust}. JDK APIs only, no vendor types,
 * so each client library's package adapts it at its own boundary.
 */
package dev.airtrace.core.tls;
