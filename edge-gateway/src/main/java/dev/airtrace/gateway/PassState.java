package dev.airtrace.gateway;

import java.util.Map;

/**
 * Small state a worker pass stores in its own atomic outbox write (the devices' sequence tracking,
 * the Merkle batch counter), so that after a {@code kill -9} it matches exactly what the outbox
 * holds.
 *
 * <p>Threading: {@link #take()} and {@link #afterRound()} on the worker thread; {@link #stored} on
 * the sink's I/O thread.
 */
interface PassState {

  /** The entries to store with the pass that just ended (empty if nothing changed). */
  Map<String, byte[]> take();

  /** The pass whose {@link #take()} returned {@code taken} is durably stored. */
  default void stored(Map<String, byte[]> taken) {}

  /** Once per worker round, after acknowledgements: follow-up work outside any pass. */
  default void afterRound() {}
}
