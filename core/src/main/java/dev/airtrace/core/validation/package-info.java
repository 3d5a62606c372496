/**
 * Validation of decoded readings: physical plausibility, event-time bounds, and duplicate and gap
 * detection by (device, sequence). Every rule yields a {@link
 * dev.airtrace.core.deadletter.RejectReason} for the dead letter.
 */
package dev.airtrace.core.validation;
