/**
 * Epoch building: gateway batch headers are collected until the epoch is old or full, ordered
 * deterministically (gateway id, then batch seq) and sealed into an RFC 6962 tree over their {@code
 * canonicalBytes()}. Pure Java, no chain or Kafka types.
 */
package dev.airtrace.anchoring.epoch;
