/**
 * Paced replay ({@code airtrace replay --paced}, {@code airtrace demo --replay FILE --paced}): the
 * file is published one event-time hour at a time, and before the next hour the replay waits until
 * the pipeline has caught up with what the last hour closed, so that the online correction sees its
 * verifications in the order it would live. See {@link dev.airtrace.cli.pacing.HourPacer} for what
 * is awaited and docs/operations.md#paced-replay.
 */
package dev.airtrace.cli.pacing;
