/**
 * What airtrace's small HTTP endpoints (OIP, {@code /metrics}, {@code /health}) share about who may
 * call them: {@link dev.airtrace.core.http.BearerToken}, an optional shared secret checked in
 * constant time. Plain JDK, no HTTP server types.
 */
package dev.airtrace.core.http;
