package dev.airtrace.mqtt;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Our own reconnect loop: one daemon thread per client that runs connect attempts and retries them
 * with {@link ReconnectPolicy}'s jittered exponential backoff. Paho's automatic reconnect stays
 * off, so delays, logging and what happens after a connect (subscribe, resend) are in one place.
 *
 * <p>Thread-safe: {@link #connectionLost} is called from Paho's threads; attempts run on the loop's
 * own thread, one at a time.
 */
final class Reconnector implements AutoCloseable {
  /** One connect attempt; throws when it failed. Runs on the loop thread. */
  interface Attempt {
    void connect() throws Exception;
  }

  private static final Logger LOG = LoggerFactory.getLogger(Reconnector.class);

  private final String name;
  private final ReconnectPolicy policy;
  private final Attempt attempt;
  private final ScheduledExecutorService loop;
  private final AtomicBoolean attemptScheduled = new AtomicBoolean();
  private final AtomicLong connects = new AtomicLong();
  private final AtomicLong losses = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private volatile String lastError;
  private volatile boolean closed;
  private int consecutiveFailures; // loop thread only

  Reconnector(String name, ReconnectPolicy policy, Attempt attempt) {
    this.name = name;
    this.policy = policy;
    this.attempt = attempt;
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "airtrace-mqtt-connect-" + name);
              t.setDaemon(true);
              return t;
            });
    executor.setRemoveOnCancelPolicy(true);
    this.loop = executor;
  }

  /** Schedules the first attempt now. */
  void start() {
    schedule(Duration.ZERO);
  }

  /** The connection dropped: retry after the policy's first delay. */
  void connectionLost(Throwable cause) {
    if (closed) {
      return;
    }
    losses.incrementAndGet();
    lastError = describe(cause);
    Duration delay = policy.delayBeforeRetry(1, ThreadLocalRandom.current().nextDouble());
    LOG.warn("MQTT client {} lost its connection ({}); reconnecting in {}", name, lastError, delay);
    schedule(delay);
  }

  /** Runs {@code task} on the loop thread after {@code delay} (resends, forced reconnects). */
  void execute(Runnable task, Duration delay) {
    if (closed) {
      return;
    }
    try {
      loop.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      // closed concurrently: nothing to do any more
    }
  }

  MqttConnectionStatus status(boolean connected) {
    return new MqttConnectionStatus(
        connected, connects.get(), losses.get(), failures.get(), lastError);
  }

  private void schedule(Duration delay) {
    if (closed || !attemptScheduled.compareAndSet(false, true)) {
      return; // an attempt is already pending; it will see the current state
    }
    try {
      loop.schedule(this::runAttempt, delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      attemptScheduled.set(false);
    }
  }

  private void runAttempt() {
    attemptScheduled.set(false);
    if (closed) {
      return;
    }
    try {
      attempt.connect();
      consecutiveFailures = 0;
      connects.incrementAndGet();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // close() stops the loop
    } catch (Exception e) {
      if (closed) {
        return;
      }
      consecutiveFailures++;
      failures.incrementAndGet();
      lastError = describe(e);
      Duration delay =
          policy.delayBeforeRetry(consecutiveFailures, ThreadLocalRandom.current().nextDouble());
      LOG.warn(
          "MQTT client {}: connect attempt {} failed ({}); retrying in {}",
          name,
          consecutiveFailures,
          lastError,
          delay);
      schedule(delay);
    }
  }

  /** Stops the loop; an attempt in progress is interrupted. Idempotent. */
  @Override
  public void close() {
    closed = true;
    ExecutorService executor = loop;
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static String describe(Throwable t) {
    if (t == null) {
      return "no cause given";
    }
    String message = t.getMessage();
    String line = t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    // TLS failures (untrusted or expired certificate) arrive wrapped: name the root cause too.
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root != t && root.getMessage() != null) {
      String cause = root.getClass().getSimpleName() + ": " + root.getMessage();
      // Paho says "Untranslated MqttException - RC: 0" for every socket or TLS error.
      line =
          message != null && message.startsWith("Untranslated")
              ? t.getClass().getSimpleName() + ": " + cause
              : line + " (" + cause + ")";
    }
    return line;
  }
}
