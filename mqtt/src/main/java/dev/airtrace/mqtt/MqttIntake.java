package dev.airtrace.mqtt;

import java.time.Duration;

/**
 * Receives MQTT messages with QoS 1 on a persistent session and hands them to exactly one consumer
 * thread, which acknowledges each message only once it has been durably handed on.
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>{@link #start()} connects in the background and keeps reconnecting (see {@link
 *       ReconnectPolicy}); after every (re)connect it subscribes again, which is idempotent.
 *   <li>Messages arrive in a bounded queue that the consumer drains with {@link #poll}; the
 *       broker's receive maximum keeps it from overflowing, so MQTT callbacks never block.
 *   <li>A message that is never acknowledged stays unacknowledged in the broker's session and is
 *       redelivered after the next reconnect, also to a new process that connects with the same
 *       client id. {@link #acknowledge} therefore never acknowledges a message received on an
 *       earlier connection: the broker redelivers it, and acknowledging by packet id across
 *       connections could acknowledge a different message that reuses the id.
 * </ul>
 *
 * <p>Threading: {@link #poll} and {@link #acknowledge} must be called from one consumer thread; the
 * other methods from any thread. Ownership: the creator owns the intake and must {@link #close()}
 * it.
 */
public interface MqttIntake extends AutoCloseable {

  /** Starts connecting in the background; returns at once. May be called once. */
  void start();

  /**
   * The next received message, waiting up to {@code timeout}; {@code null} if none arrived.
   *
   * @throws InterruptedException if the consumer thread is interrupted while waiting
   */
  InboundMessage poll(Duration timeout) throws InterruptedException;

  /**
   * Acknowledges {@code message} to the broker (PUBACK), which then forgets it.
   *
   * @return {@code true} if the acknowledgement was sent; {@code false} if it could not be (the
   *     connection it arrived on is gone), in which case the broker will redeliver the message
   */
  boolean acknowledge(InboundMessage message);

  /**
   * Stops taking new messages from the broker: later deliveries are left unacknowledged (the broker
   * redelivers them to the next session) and not queued. Messages already queued can still be
   * polled and acknowledged. Used to drain before {@link #close()}.
   */
  void pause();

  /** A consistent-enough view of the connection for status lines and metrics. */
  MqttConnectionStatus status();

  /** Messages waiting in the hand-off queue. */
  int queueDepth();

  /**
   * Disconnects (the broker keeps the session with every unacknowledged message) and releases the
   * client. Queued messages that were not acknowledged are redelivered to the next session.
   * Idempotent.
   */
  @Override
  void close();
}
