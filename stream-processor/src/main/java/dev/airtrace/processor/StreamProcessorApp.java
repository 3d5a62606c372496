package dev.airtrace.processor;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link SiteAqiTopology} with Kafka Streams under exactly-once v2: start, wait until
 * running, close. Feature windows are part of the topology unless {@link
 * ProcessorConfig#features()} is off. Logs every state transition; an exception that escapes a
 * stream thread is logged, kept ({@link #failure()}) and shuts the client down ({@link
 * KafkaStreams.State#ERROR}), because the topology already routes bad input to the dead-letter
 * topic and anything else is a bug or an outage that must not be skipped silently.
 *
 * <p>Ownership: the caller creates, starts and closes the app; {@link #close()} releases every
 * Kafka client and state store lock. Thread-safe: all methods may be called from any thread.
 */
public final class StreamProcessorApp implements AutoCloseable {
  /** How long {@link #close()} waits for stream threads to finish their work. */
  public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private static final Logger LOG = LoggerFactory.getLogger(StreamProcessorApp.class);

  private final ProcessorConfig config;
  private final KafkaStreams streams;
  private final Object lock = new Object();
  private KafkaStreams.State state = KafkaStreams.State.CREATED; // guarded by lock
  private Throwable failure; // guarded by lock

  /** Creates the Kafka Streams client for {@code config}; starts nothing. */
  public StreamProcessorApp(ProcessorConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    Topology topology = SiteAqiTopology.build(config);
    this.streams = new KafkaStreams(topology, config.toStreamsProperties());
    streams.setStateListener(this::onStateChange);
    streams.setUncaughtExceptionHandler(this::onUncaught);
  }

  /** Starts processing in the background; returns at once. Call at most once. */
  public void start() {
    LOG.info(
        "starting stream processor {} against {} (state in {}, grace {}, feature windows {},"
            + " exactly_once_v2)",
        config.applicationId(),
        config.bootstrapServers(),
        config.stateDir(),
        config.windowGrace(),
        config.features() ? config.featureWindowHours() + " h" : "off");
    streams.start();
  }

  /** The current Kafka Streams state. */
  public KafkaStreams.State state() {
    return streams.state();
  }

  /**
   * A live view of the Kafka Streams client's metrics (its consumers', producers' and threads'),
   * for a metrics endpoint to export: consumer lag, records processed, records sent per topic.
   */
  public Map<MetricName, ? extends Metric> metrics() {
    return streams.metrics();
  }

  /** The exception that stopped a stream thread, if one did. */
  public Optional<Throwable> failure() {
    synchronized (lock) {
      return Optional.ofNullable(failure);
    }
  }

  /**
   * Waits until the application is {@link KafkaStreams.State#RUNNING}.
   *
   * @return {@code true} when running, {@code false} when {@code timeout} passed first
   * @throws IllegalStateException when the application failed or is shutting down instead
   * @throws InterruptedException when the waiting thread is interrupted
   */
  public boolean awaitRunning(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (true) {
        if (state == KafkaStreams.State.RUNNING) {
          return true;
        }
        if (state == KafkaStreams.State.ERROR
            || state == KafkaStreams.State.PENDING_ERROR
            || state == KafkaStreams.State.PENDING_SHUTDOWN
            || state == KafkaStreams.State.NOT_RUNNING) {
          throw new IllegalStateException(
              "stream processor " + config.applicationId() + " is " + state + ", not starting",
              failure);
        }
        long leftNanos = deadline - System.nanoTime();
        if (leftNanos <= 0) {
          return false;
        }
        Duration left = Duration.ofNanos(leftNanos);
        lock.wait(Math.max(1, left.toMillis()));
      }
    }
  }

  /** Stops processing, waiting up to {@link #DEFAULT_CLOSE_TIMEOUT}; idempotent. */
  @Override
  public void close() {
    if (!streams.close(DEFAULT_CLOSE_TIMEOUT)) {
      LOG.warn(
          "stream processor {} did not stop within {}",
          config.applicationId(),
          DEFAULT_CLOSE_TIMEOUT);
    }
  }

  private void onStateChange(KafkaStreams.State newState, KafkaStreams.State oldState) {
    LOG.info("stream processor {}: {} -> {}", config.applicationId(), oldState, newState);
    synchronized (lock) {
      state = newState;
      lock.notifyAll();
    }
  }

  private StreamThreadExceptionResponse onUncaught(Throwable e) {
    LOG.error("stream processor {} failed; shutting the client down", config.applicationId(), e);
    synchronized (lock) {
      if (failure == null) {
        failure = e;
      }
    }
    return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
  }
}
