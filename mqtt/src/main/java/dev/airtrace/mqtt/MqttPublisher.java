package dev.airtrace.mqtt;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Publishes with QoS 1 through a bounded in-flight window: {@link #publish} blocks while the window
 * is full, so a fast producer is paced by the broker's acknowledgements instead of buffering
 * without bound. Used by the simulator and by benchmarks; not part of the gateway's data path.
 *
 * <p>Delivery is at least once: a message whose acknowledgement was lost with the connection is
 * published again after the reconnect, which the receiving side may see as a duplicate.
 *
 * <p>Threading: all methods may be called from any thread. Ownership: the creator must {@link
 * #close()} it.
 */
public interface MqttPublisher extends AutoCloseable {

  /** Starts connecting in the background; returns at once. May be called once. */
  void start();

  /** Waits until connected; {@code false} if {@code timeout} passed first. */
  boolean awaitConnected(Duration timeout) throws InterruptedException;

  /**
   * Publishes {@code payload} to {@code topic} with QoS 1, not retained. Blocks while the in-flight
   * window is full (also while disconnected). The payload array is not copied: do not modify it
   * afterwards.
   *
   * @return completes when the broker acknowledged the message; fails with {@link
   *     MqttTransportException} if the broker refused it or the publisher was closed first
   * @throws InterruptedException if interrupted while waiting for room in the window
   */
  CompletableFuture<Void> publish(String topic, byte[] payload) throws InterruptedException;

  /** Waits until every published message was acknowledged; {@code false} on timeout. */
  boolean awaitDelivered(Duration timeout) throws InterruptedException;

  /** Messages handed to {@link #publish} so far. */
  long published();

  /** Messages the broker acknowledged so far. */
  long acknowledged();

  /** The connection state. */
  MqttConnectionStatus status();

  /**
   * Disconnects and fails the futures of messages still unacknowledged. Call {@link
   * #awaitDelivered} first to lose nothing. Idempotent.
   */
  @Override
  void close();
}
