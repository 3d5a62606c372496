package dev.airtrace.topics;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.common.config.TopicConfig;

/**
 * How a topic is created when it is missing: a partition count it needs (or none, so the operator's
 * or the broker's default applies), its cleanup policy and its retention. Replication is always the
 * operator's choice (or the broker's default).
 *
 * <p>Immutable.
 *
 * @param partitions the partitions this topic must have whatever the operator's default (the
 *     single-writer epoch log: 1), or empty to take the default passed to the provisioner
 * @param compact {@code true}: {@code cleanup.policy=compact} (a table, latest value per key);
 *     {@code false}: {@code delete} (a log aged out by retention)
 * @param retention how long records are kept ({@code retention.ms}); empty: the broker's default,
 *     and for a compacted topic the latest value per key is kept for ever
 */
public record CreationPolicy(
    Optional<Integer> partitions, boolean compact, Optional<Duration> retention) {

  /** Retention of the per-device streams: a week, enough to rebuild the processor's state. */
  public static final Duration STREAM_RETENTION = Duration.ofDays(7);

  /** Retention of dead letters and derived per-site series: 30 days for inspection and replay. */
  public static final Duration LONG_RETENTION = Duration.ofDays(30);

  public CreationPolicy {
    Objects.requireNonNull(partitions, "partitions");
    Objects.requireNonNull(retention, "retention");
    partitions.ifPresent(
        p -> {
          if (p < 1) {
            throw new IllegalArgumentException("partitions must be >= 1 but was " + p);
          }
        });
    retention.ifPresent(
        r -> {
          if (r.isNegative() || r.isZero()) {
            throw new IllegalArgumentException("retention must be positive but was " + r);
          }
        });
  }

  /** A log ({@code cleanup.policy=delete}) kept for {@code retention}, partitions by default. */
  public static CreationPolicy log(Duration retention) {
    return new CreationPolicy(Optional.empty(), false, Optional.of(retention));
  }

  /** A compacted single-partition table (one writer, read back in order on restart). */
  public static CreationPolicy compactedSinglePartition() {
    return new CreationPolicy(Optional.of(1), true, Optional.empty());
  }

  /**
   * A compacted table (latest value per key, kept for ever) with the default partitions: state that
   * readers load in full, such as the forecast skill table.
   */
  public static CreationPolicy compacted() {
    return new CreationPolicy(Optional.empty(), true, Optional.empty());
  }

  /** The topic-level configs to create the topic with. */
  public Map<String, String> configs() {
    Map<String, String> c = new LinkedHashMap<>();
    c.put(
        TopicConfig.CLEANUP_POLICY_CONFIG,
        compact ? TopicConfig.CLEANUP_POLICY_COMPACT : TopicConfig.CLEANUP_POLICY_DELETE);
    retention.ifPresent(r -> c.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(r.toMillis())));
    return c;
  }
}
