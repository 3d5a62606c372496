package dev.airtrace.anchoring.state;

import java.util.List;

/**
 * Durable storage of the latest {@link EpochRecord} per epoch seq, with exactly one writer (the
 * anchorer). {@link #put} returns only once the record is durable, because the anchorer broadcasts
 * a transaction only after its signed bytes are stored; that is what makes a restart resend the
 * same transaction instead of a second one.
 *
 * <p>Implementations need not be thread-safe: the anchorer's single thread is the only caller.
 */
public interface EpochStore extends AutoCloseable {
  /** Every stored epoch's latest record, in ascending seq. */
  List<EpochRecord> loadAll();

  /** Stores {@code record} as the latest for its seq; durable on return. */
  void put(EpochRecord record);

  @Override
  void close();
}
