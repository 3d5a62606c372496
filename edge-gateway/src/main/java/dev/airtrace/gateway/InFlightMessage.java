package dev.airtrace.gateway;

import dev.airtrace.mqtt.InboundMessage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An MQTT message whose Kafka records are on their way: it may be acknowledged once {@link
 * #isComplete()}. Counts outstanding records; starts at one (a guard the worker releases after
 * sending the last record) so it cannot complete while records are still being sent.
 *
 * <p>Thread-safe: the worker sends, Kafka's I/O thread completes.
 */
final class InFlightMessage {
  final InboundMessage message;
  private final AtomicInteger outstanding = new AtomicInteger(1);
  private volatile boolean complete;

  InFlightMessage(InboundMessage message) {
    this.message = message;
  }

  /** One more record is about to be sent. Worker thread, before {@link #sealed()}. */
  void recordSent() {
    outstanding.incrementAndGet();
  }

  /** A record was acknowledged by Kafka. */
  void recordAcknowledged() {
    if (outstanding.decrementAndGet() == 0) {
      complete = true;
    }
  }

  /** All records are sent; releases the guard. */
  void sealed() {
    recordAcknowledged();
  }

  /** Every record of the message is acknowledged by Kafka. */
  boolean isComplete() {
    return complete;
  }
}
