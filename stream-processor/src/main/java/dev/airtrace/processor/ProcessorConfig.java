package dev.airtrace.processor;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Configuration of the stream processor, validated on construction. Mapped to Kafka Streams {@link
 * Properties} only at the boundary ({@link #toStreamsProperties()}). Immutable.
 *
 * @param applicationId Kafka Streams application id: the consumer group, the prefix of internal
 *     topics and the {@code gatewayId} of the processor's dead letters; letters, digits, '.', '_'
 *     and '-' only
 * @param bootstrapServers Kafka {@code host:port} list
 * @param stateDir where the local state stores live
 * @param windowGrace how long after an hour ends its readings are still accepted (event time); a
 *     later reading goes to the dead-letter topic with {@code LATE_BEYOND_GRACE}
 * @param dedupRetention how long (event time) a (device, sequence) pair is remembered for
 *     de-duplication; at least {@link #HOURLY_WINDOW} + {@code windowGrace}, so any duplicate that
 *     is forgotten is necessarily too late for its window
 * @param numStreamThreads Kafka Streams threads in this instance, 1 to {@value #MAX_STREAM_THREADS}
 * @param commitInterval how often offsets, state and (with exactly-once) transactions commit; also
 *     the end-to-end latency floor of read_committed consumers
 * @param replicationFactor replication factor of internal topics, or {@value
 *     #BROKER_DEFAULT_REPLICATION} for the broker default
 * @param compression compression of everything the processor produces
 * @param features whether the topology publishes per-site feature windows to {@code
 *     airtrace.processor.site-features.v1}
 * @param featureWindowHours closed hours per feature window, 1 to {@value
 *     #MAX_FEATURE_WINDOW_HOURS}; also how many hours per site the features store keeps
 */
public record ProcessorConfig(
    String applicationId,
    String bootstrapServers,
    Path stateDir,
    Duration windowGrace,
    Duration dedupRetention,
    int numStreamThreads,
    Duration commitInterval,
    int replicationFactor,
    Compression compression,
    boolean features,
    int featureWindowHours) {

  /** The aggregation window: AQI is defined on hourly averages, so this is not configurable. */
  public static final Duration HOURLY_WINDOW = Duration.ofHours(1);

  /** Default application id. */
  public static final String DEFAULT_APPLICATION_ID = "airtrace-processor";

  /** Default window grace: 10 minutes of event time after the hour ends. */
  public static final Duration DEFAULT_WINDOW_GRACE = Duration.ofMinutes(10);

  /** Default de-duplication memory: 48 hours of event time. */
  public static final Duration DEFAULT_DEDUP_RETENTION = Duration.ofHours(48);

  /** Default number of stream threads. */
  public static final int DEFAULT_NUM_STREAM_THREADS = 1;

  /** Upper bound on stream threads per instance (scale out with more instances instead). */
  public static final int MAX_STREAM_THREADS = 64;

  /** Default commit interval: 100 ms, Kafka Streams' own default under exactly-once. */
  public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofMillis(100);

  /** Replication factor value meaning "use the broker's default.replication.factor". */
  public static final int BROKER_DEFAULT_REPLICATION = -1;

  /** Default compression: lz4 is cheap on CPU and JSON compresses well. */
  public static final Compression DEFAULT_COMPRESSION = Compression.LZ4;

  /** Feature windows are published by default. */
  public static final boolean DEFAULT_FEATURES = true;

  /** Default feature window: 48 closed hours, the forecaster's input length. */
  public static final int DEFAULT_FEATURE_WINDOW_HOURS = 48;

  /** Longest feature window: one week of hours, which bounds the per-site store value. */
  public static final int MAX_FEATURE_WINDOW_HOURS = 168;

  /** Longest accepted grace or retention; keeps millisecond arithmetic far from overflow. */
  static final Duration MAX_DURATION = Duration.ofDays(365);

  private static final Pattern APPLICATION_ID = Pattern.compile("[A-Za-z0-9._-]{1,200}");

  /** Producer compression codecs Kafka supports. */
  public enum Compression {
    NONE,
    GZIP,
    SNAPPY,
    LZ4,
    ZSTD;

    /** The value of Kafka's {@code compression.type}. */
    public String kafkaName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public ProcessorConfig {
    Objects.requireNonNull(applicationId, "applicationId");
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(stateDir, "stateDir");
    Objects.requireNonNull(windowGrace, "windowGrace");
    Objects.requireNonNull(dedupRetention, "dedupRetention");
    Objects.requireNonNull(commitInterval, "commitInterval");
    Objects.requireNonNull(compression, "compression");
    if (!APPLICATION_ID.matcher(applicationId).matches()) {
      throw new IllegalArgumentException(
          "applicationId must match "
              + APPLICATION_ID.pattern()
              + " but was '"
              + applicationId
              + "'");
    }
    if (bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("bootstrapServers must not be blank");
    }
    if (windowGrace.isNegative() || windowGrace.compareTo(MAX_DURATION) > 0) {
      throw new IllegalArgumentException(
          "windowGrace must be in [0, " + MAX_DURATION + "] but was " + windowGrace);
    }
    Duration minRetention = HOURLY_WINDOW.plus(windowGrace);
    if (dedupRetention.compareTo(minRetention) < 0 || dedupRetention.compareTo(MAX_DURATION) > 0) {
      throw new IllegalArgumentException(
          "dedupRetention must be in [hourly window + grace = "
              + minRetention
              + ", "
              + MAX_DURATION
              + "] but was "
              + dedupRetention);
    }
    if (numStreamThreads < 1 || numStreamThreads > MAX_STREAM_THREADS) {
      throw new IllegalArgumentException(
          "numStreamThreads must be in [1, "
              + MAX_STREAM_THREADS
              + "] but was "
              + numStreamThreads);
    }
    if (commitInterval.isNegative()
        || commitInterval.isZero()
        || commitInterval.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException(
          "commitInterval must be in (0, PT1H] but was " + commitInterval);
    }
    if (replicationFactor != BROKER_DEFAULT_REPLICATION
        && (replicationFactor < 1 || replicationFactor > Short.MAX_VALUE)) {
      throw new IllegalArgumentException(
          "replicationFactor must be -1 (broker default) or >= 1 but was " + replicationFactor);
    }
    if (featureWindowHours < 1 || featureWindowHours > MAX_FEATURE_WINDOW_HOURS) {
      throw new IllegalArgumentException(
          "featureWindowHours must be in [1, "
              + MAX_FEATURE_WINDOW_HOURS
              + "] but was "
              + featureWindowHours);
    }
  }

  /** Every default, with the given broker and state directory. */
  public static ProcessorConfig defaults(String bootstrapServers, Path stateDir) {
    return new ProcessorConfig(
        DEFAULT_APPLICATION_ID,
        bootstrapServers,
        stateDir,
        DEFAULT_WINDOW_GRACE,
        DEFAULT_DEDUP_RETENTION,
        DEFAULT_NUM_STREAM_THREADS,
        DEFAULT_COMMIT_INTERVAL,
        BROKER_DEFAULT_REPLICATION,
        DEFAULT_COMPRESSION,
        DEFAULT_FEATURES,
        DEFAULT_FEATURE_WINDOW_HOURS);
  }

  /** A copy with another application id. */
  public ProcessorConfig withApplicationId(String id) {
    return new ProcessorConfig(
        id,
        bootstrapServers,
        stateDir,
        windowGrace,
        dedupRetention,
        numStreamThreads,
        commitInterval,
        replicationFactor,
        compression,
        features,
        featureWindowHours);
  }

  /** A copy with another window grace. */
  public ProcessorConfig withWindowGrace(Duration grace) {
    return new ProcessorConfig(
        applicationId,
        bootstrapServers,
        stateDir,
        grace,
        dedupRetention,
        numStreamThreads,
        commitInterval,
        replicationFactor,
        compression,
        features,
        featureWindowHours);
  }

  /** A copy with another de-duplication retention. */
  public ProcessorConfig withDedupRetention(Duration retention) {
    return new ProcessorConfig(
        applicationId,
        bootstrapServers,
        stateDir,
        windowGrace,
        retention,
        numStreamThreads,
        commitInterval,
        replicationFactor,
        compression,
        features,
        featureWindowHours);
  }

  /** A copy with another number of stream threads. */
  public ProcessorConfig withNumStreamThreads(int threads) {
    return new ProcessorConfig(
        applicationId,
        bootstrapServers,
        stateDir,
        windowGrace,
        dedupRetention,
        threads,
        commitInterval,
        replicationFactor,
        compression,
        features,
        featureWindowHours);
  }

  /** A copy with another commit interval. */
  public ProcessorConfig withCommitInterval(Duration interval) {
    return new ProcessorConfig(
        applicationId,
        bootstrapServers,
        stateDir,
        windowGrace,
        dedupRetention,
        numStreamThreads,
        interval,
        replicationFactor,
        compression,
        features,
        featureWindowHours);
  }

  /** A copy with another internal-topic replication factor. */
  public ProcessorConfig withReplicationFactor(int factor) {
    return new ProcessorConfig(
        applicationId,
        bootstrapServers,
        stateDir,
        windowGrace,
        dedupRetention,
        numStreamThreads,
        commitInterval,
        factor,
        compression,
        features,
        featureWindowHours);
  }

  /** A copy with another producer compression. */
  public ProcessorConfig withCompression(Compression codec) {
    return new ProcessorConfig(
        applicationId,
        bootstrapServers,
        stateDir,
        windowGrace,
        dedupRetention,
        numStreamThreads,
        commitInterval,
        replicationFactor,
        codec,
        features,
        featureWindowHours);
  }

  /** A copy with feature windows on or off. */
  public ProcessorConfig withFeatures(boolean enabled) {
    return new ProcessorConfig(
        applicationId,
        bootstrapServers,
        stateDir,
        windowGrace,
        dedupRetention,
        numStreamThreads,
        commitInterval,
        replicationFactor,
        compression,
        enabled,
        featureWindowHours);
  }

  /** A copy with another feature window length. */
  public ProcessorConfig withFeatureWindowHours(int hours) {
    return new ProcessorConfig(
        applicationId,
        bootstrapServers,
        stateDir,
        windowGrace,
        dedupRetention,
        numStreamThreads,
        commitInterval,
        replicationFactor,
        compression,
        features,
        hours);
  }

  /** The size of the aggregation windows, always {@link #HOURLY_WINDOW}. */
  public Duration hourlyWindow() {
    return HOURLY_WINDOW;
  }

  /**
   * The Kafka Streams configuration: exactly-once v2, this record's values, nothing else. Serdes
   * are not configured by default on purpose: the topology passes every serde explicitly.
   */
  public Properties toStreamsProperties() {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, numStreamThreads);
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitInterval.toMillis());
    p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, replicationFactor);
    p.put(
        StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG),
        compression.kafkaName());
    // Refuse to build or start with a generated store, changelog or repartition name: renaming
    // one later would orphan its state.
    p.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
    // There are no global stores; opting in now keeps behaviour stable when Kafka 5 flips the
    // default.
    p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
    return p;
  }
}
