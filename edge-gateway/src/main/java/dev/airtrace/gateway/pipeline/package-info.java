/**
 * The gateway's per-message admission, free of any transport: {@link
 * dev.airtrace.gateway.pipeline.MessageAdmission} runs topic → signature → decode → validate →
 * duplicate check and returns an {@link dev.airtrace.gateway.pipeline.AdmissionVerdict}: admitted
 * readings and dead letters. Pure enough to unit-test without brokers.
 */
package dev.airtrace.gateway.pipeline;
