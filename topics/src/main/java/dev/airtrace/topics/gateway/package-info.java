/**
 * Values of the topics the edge gateway writes, and their JSON codecs: accepted readings,
 * one-minute aggregates, anomaly events and signed Merkle batch headers.
 */
package dev.airtrace.topics.gateway;
