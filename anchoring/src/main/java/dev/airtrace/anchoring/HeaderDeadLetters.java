package dev.airtrace.anchoring;

import dev.airtrace.core.deadletter.DeadLetter;

/**
 * Where the anchoring service puts batch headers it cannot take (Kafka in production: {@link
 * dev.airtrace.anchoring.kafka.KafkaHeaderDeadLetters}, topic {@code
 * airtrace.anchoring.deadletter.v1}). {@link #publish} returns only once the dead letter is stored,
 * because the loop commits the header's offset afterwards.
 *
 * <p>Not thread-safe: the anchoring loop's thread is the only caller.
 */
public interface HeaderDeadLetters extends AutoCloseable {
  /**
   * Stores {@code deadLetter} under {@code key} ({@code gatewayId:seq}, or null when unknown).
   *
   * @throws RuntimeException when it could not be stored; the caller retries
   */
  void publish(String key, DeadLetter deadLetter);

  @Override
  void close();
}
