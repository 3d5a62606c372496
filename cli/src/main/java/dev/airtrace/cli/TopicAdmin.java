package dev.airtrace.cli;

import dev.airtrace.topics.TopicProvisioner;
import dev.airtrace.topics.TopicProvisioningException;
import dev.airtrace.topics.TopicRequest;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the topics a command writes when they do not exist yet, through the one {@link
 * TopicProvisioner}: each with its topic's creation policy, and the command's {@code
 * --topic-partitions} and {@code --topic-replication} where the policy does not pin them.
 */
final class TopicAdmin {
  private static final Logger LOG = LoggerFactory.getLogger(TopicAdmin.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  /** The first pause between attempts while Kafka does not answer; it doubles up to the next. */
  static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);

  /** The longest pause between attempts (and so the longest gap between two WARN lines). */
  static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  /** How long one attempt waits for Kafka before it counts as unanswered. */
  static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(10);

  private TopicAdmin() {}

  static void createMissing(KafkaOptions kafka, TopicOptions options, List<TopicRequest> topics) {
    if (!options.createTopics) {
      return;
    }
    try (TopicProvisioner provisioner = TopicProvisioner.create(kafka.adminConfig())) {
      logCreated(
          provisioner.createMissing(
              topics,
              TopicProvisioner.Defaults.of(options.partitions, options.replication),
              TIMEOUT));
    } catch (TopicProvisioningException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /**
   * As {@link #createMissing(KafkaOptions, TopicOptions, List)}, but while Kafka does not answer
   * (or answers with a retriable error) it waits and tries again with backoff ({@link
   * #FIRST_BACKOFF} doubling to {@link #MAX_BACKOFF}), one WARN line per attempt, for up to {@code
   * kafkaTimeout} ({@link Duration#ZERO}: for ever). Errors no retry can fix (refused credentials,
   * a rejected topic configuration) fail at once.
   *
   * @throws IllegalStateException when Kafka did not answer within {@code kafkaTimeout}, or on an
   *     error that is not retriable
   */
  static void createMissingWaiting(
      KafkaOptions kafka, TopicOptions options, List<TopicRequest> topics, Duration kafkaTimeout)
      throws InterruptedException {
    if (!options.createTopics) {
      return;
    }
    try (TopicProvisioner provisioner = TopicProvisioner.create(kafka.adminConfig())) {
      TopicProvisioner.Defaults defaults =
          TopicProvisioner.Defaults.of(options.partitions, options.replication);
      logCreated(
          retrying(
              () -> provisioner.createMissing(topics, defaults, ATTEMPT_TIMEOUT),
              kafkaTimeout,
              Sleeper.THREAD,
              System::nanoTime));
    }
  }

  /** Pauses the calling thread; a seam for tests. */
  @FunctionalInterface
  interface Sleeper {
    Sleeper THREAD = d -> Thread.sleep(d.toMillis());

    void sleep(Duration d) throws InterruptedException;
  }

  /** A monotonic clock in nanoseconds; a seam for tests. */
  @FunctionalInterface
  interface Clock {
    long nanoTime();
  }

  /**
   * Runs {@code attempt} until it succeeds, retrying {@linkplain #retriable retriable} failures
   * with backoff until {@code timeout} ({@link Duration#ZERO}: for ever) has passed.
   */
  static <T> T retrying(Supplier<T> attempt, Duration timeout, Sleeper sleeper, Clock clock)
      throws InterruptedException {
    long start = clock.nanoTime();
    Duration backoff = FIRST_BACKOFF;
    for (int n = 1; ; n++) {
      try {
        return attempt.get();
      } catch (TopicProvisioningException e) {
        if (!retriable(e)) {
          throw new IllegalStateException(e.getMessage(), e);
        }
        Duration waited = Duration.ofNanos(clock.nanoTime() - start);
        if (!timeout.isZero() && waited.plus(backoff).compareTo(timeout) > 0) {
          throw new IllegalStateException(
              e.getMessage() + "; gave up after " + n + " attempts in " + waited, e);
        }
        LOG.warn(
            "{} (attempt {}); retrying in {} ({})",
            e.getMessage(),
            n,
            backoff,
            timeout.isZero() ? "waiting for ever" : "giving up after " + timeout);
        sleeper.sleep(backoff);
        backoff =
            backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0
                ? MAX_BACKOFF
                : backoff.multipliedBy(2);
      }
    }
  }

  /**
   * Whether a provisioning failure may go away by itself: nobody answered in time, or Kafka said so
   * (its retriable errors: no leader yet, not enough replicas, not the controller).
   */
  static boolean retriable(TopicProvisioningException e) {
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t instanceof java.util.concurrent.TimeoutException || t instanceof RetriableException) {
        return true;
      }
    }
    return false;
  }

  private static void logCreated(List<String> created) {
    if (!created.isEmpty()) {
      LOG.info("created topics {}", created);
    }
  }
}
