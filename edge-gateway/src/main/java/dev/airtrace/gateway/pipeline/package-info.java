/**
 * The gateway's per-message decisions, free of any transport: topic → decode → validate → duplicate
 * check, yielding accepted readings and dead letters. Pure enough to unit-test without brokers.
 */
package dev.airtrace.gateway.pipeline;
