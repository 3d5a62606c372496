package dev.airtrace.processor;

import dev.airtrace.core.kafka.Compression;
import dev.airtrace.core.kafka.KafkaClientProperties;
import dev.airtrace.core.validation.CounterResetRule;
import java.nio.file.Path;
import java.time.Duration;
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
 * @param windowGrace settle delay: an hour is first published once the site's event time has passed
 *     its end by this much; a reading for it that arrives later revises it
 * @param lateHorizon how far (event time) behind its site's newest reading a reading may be and
 *     still revise its hour; an older one goes to the dead-letter topic with {@code
 *     LATE_BEYOND_GRACE}. Whole hours, at least {@code windowGrace}, at most {@value
 *     #MAX_LATE_HORIZON_DAYS} days
 * @param revisionInterval how often (wall clock) hours that late readings changed are published
 *     again; a longer interval folds more late readings into one revision
 * @param dedupRetention how long (event time) a (device, sequence) pair is remembered for
 *     de-duplication; at least {@link #HOURLY_WINDOW} + {@code lateHorizon}, so any duplicate that
 *     is forgotten is necessarily beyond the horizon (dead-lettered, never counted twice)
 * @param counterReset when a device's lower sequence number starts a new counter epoch instead of
 *     being a duplicate (default {@link CounterResetRule#defaults()}, the gateway's default too)
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
 * @param kafkaClient the environment's Kafka client settings (TLS, SASL), given to every client
 *     Kafka Streams creates; settings that break exactly-once are refused by {@link
 *     KafkaClientProperties} itself
 * @param qualityScores whether the topology publishes per-sensor quality scores to {@code
 *     airtrace.processor.sensor-quality.v1} (docs/quality.md); off by default here because the
 *     topic must exist first (a caller that creates topics itself adds it); the {@code airtrace
 *     processor} command, which provisions its topics, turns it on
 * @param verification the forecast verifier (off by default): verifications, rolling skill and the
 *     online correction, see {@link VerificationConfig}
 */
public record ProcessorConfig(
    String applicationId,
    String bootstrapServers,
    Path stateDir,
    Duration windowGrace,
    Duration lateHorizon,
    Duration revisionInterval,
    Duration dedupRetention,
    CounterResetRule counterReset,
    int numStreamThreads,
    Duration commitInterval,
    int replicationFactor,
    Compression compression,
    boolean features,
    int featureWindowHours,
    KafkaClientProperties kafkaClient,
    boolean qualityScores,
    VerificationConfig verification) {

  /** The aggregation window: AQI is defined on hourly averages, so this is not configurable. */
  public static final Duration HOURLY_WINDOW = Duration.ofHours(1);

  /** Default application id. */
  public static final String DEFAULT_APPLICATION_ID = "airtrace-processor";

  /** Default window grace: 10 minutes of event time after the hour ends. */
  public static final Duration DEFAULT_WINDOW_GRACE = Duration.ofMinutes(10);

  /** Default late horizon: readings up to 7 days (event time) behind their site are accepted. */
  public static final Duration DEFAULT_LATE_HORIZON = Duration.ofDays(7);

  /** Longest late horizon, in days: bounds the per-site state (hours held, see the docs). */
  public static final int MAX_LATE_HORIZON_DAYS = 31;

  /** Default revision interval: revised hours are published every 5 s of wall-clock time. */
  public static final Duration DEFAULT_REVISION_INTERVAL = Duration.ofSeconds(5);

  /**
   * Default de-duplication memory: the default late horizon plus one hour of event time, the least
   * that keeps a duplicate inside the horizon from being counted twice.
   */
  public static final Duration DEFAULT_DEDUP_RETENTION = DEFAULT_LATE_HORIZON.plus(HOURLY_WINDOW);

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

  /**
   * Quality scores are off unless asked for: their topic must exist (see {@link #qualityScores}).
   */
  public static final boolean DEFAULT_QUALITY_SCORES = false;

  /** Default feature window: 48 closed hours, the forecaster's input length. */
  public static final int DEFAULT_FEATURE_WINDOW_HOURS = 48;

  /** Longest feature window: one week of hours, which bounds the per-site store value. */
  public static final int MAX_FEATURE_WINDOW_HOURS = 168;

  /** Longest accepted grace or retention; keeps millisecond arithmetic far from overflow. */
  static final Duration MAX_DURATION = Duration.ofDays(365);

  private static final Pattern APPLICATION_ID = Pattern.compile("[A-Za-z0-9._-]{1,200}");

  public ProcessorConfig {
    Objects.requireNonNull(applicationId, "applicationId");
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(stateDir, "stateDir");
    Objects.requireNonNull(windowGrace, "windowGrace");
    Objects.requireNonNull(lateHorizon, "lateHorizon");
    Objects.requireNonNull(revisionInterval, "revisionInterval");
    Objects.requireNonNull(dedupRetention, "dedupRetention");
    Objects.requireNonNull(counterReset, "counterReset");
    Objects.requireNonNull(commitInterval, "commitInterval");
    Objects.requireNonNull(compression, "compression");
    Objects.requireNonNull(kafkaClient, "kafkaClient");
    Objects.requireNonNull(verification, "verification");
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
    Duration maxHorizon = Duration.ofDays(MAX_LATE_HORIZON_DAYS);
    if (lateHorizon.compareTo(windowGrace) < 0
        || lateHorizon.compareTo(maxHorizon) > 0
        || lateHorizon.toMillis() % HOURLY_WINDOW.toMillis() != 0) {
      throw new IllegalArgumentException(
          "lateHorizon must be whole hours in [windowGrace = "
              + windowGrace
              + ", "
              + maxHorizon
              + "] but was "
              + lateHorizon);
    }
    if (revisionInterval.compareTo(Duration.ofMillis(1)) < 0
        || revisionInterval.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException(
          "revisionInterval must be in [1 ms, PT1H] but was " + revisionInterval);
    }
    Duration minRetention = HOURLY_WINDOW.plus(lateHorizon);
    if (dedupRetention.compareTo(minRetention) < 0 || dedupRetention.compareTo(MAX_DURATION) > 0) {
      throw new IllegalArgumentException(
          "dedupRetention must be in [hourly window + late horizon = "
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
    if (verification.enabled()
        && verification.retention().compareTo(lateHorizon.plusHours(12)) < 0) {
      throw new IllegalArgumentException(
          "verification retention must be at least the late horizon + 12 h ("
              + lateHorizon.plusHours(12)
              + ") but was "
              + verification.retention());
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
        DEFAULT_LATE_HORIZON,
        DEFAULT_REVISION_INTERVAL,
        DEFAULT_DEDUP_RETENTION,
        CounterResetRule.defaults(),
        DEFAULT_NUM_STREAM_THREADS,
        DEFAULT_COMMIT_INTERVAL,
        BROKER_DEFAULT_REPLICATION,
        DEFAULT_COMPRESSION,
        DEFAULT_FEATURES,
        DEFAULT_FEATURE_WINDOW_HOURS,
        KafkaClientProperties.NONE,
        DEFAULT_QUALITY_SCORES,
        VerificationConfig.defaults());
  }

  /** A builder that starts from {@link #defaults(String, Path)}. */
  public static Builder builder(String bootstrapServers, Path stateDir) {
    return defaults(bootstrapServers, stateDir).toBuilder();
  }

  /** The late horizon in whole hours. */
  public int lateHorizonHours() {
    return Math.toIntExact(lateHorizon.toMillis() / HOURLY_WINDOW.toMillis());
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
    // Security settings first; none of the keys below can be among them (KafkaClientProperties
    // refuses them), so the guarantee settings always come from here.
    Properties p = kafkaClient.toProperties();
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

  /** A builder that starts from this configuration; change what differs, then {@code build()}. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Collects the components of one {@link ProcessorConfig}; {@link #build()} validates them. Not
   * thread-safe.
   */
  public static final class Builder {
    private String applicationId;
    private String bootstrapServers;
    private Path stateDir;
    private Duration windowGrace;
    private Duration lateHorizon;
    private Duration revisionInterval;
    private Duration dedupRetention;
    private CounterResetRule counterReset;
    private int numStreamThreads;
    private Duration commitInterval;
    private int replicationFactor;
    private Compression compression;
    private boolean features;
    private VerificationConfig verification;
    private int featureWindowHours;
    private KafkaClientProperties kafkaClient;
    private boolean qualityScores;

    private Builder(ProcessorConfig from) {
      this.applicationId = from.applicationId;
      this.bootstrapServers = from.bootstrapServers;
      this.stateDir = from.stateDir;
      this.windowGrace = from.windowGrace;
      this.lateHorizon = from.lateHorizon;
      this.revisionInterval = from.revisionInterval;
      this.dedupRetention = from.dedupRetention;
      this.counterReset = from.counterReset;
      this.numStreamThreads = from.numStreamThreads;
      this.commitInterval = from.commitInterval;
      this.replicationFactor = from.replicationFactor;
      this.compression = from.compression;
      this.features = from.features;
      this.verification = from.verification;
      this.featureWindowHours = from.featureWindowHours;
      this.kafkaClient = from.kafkaClient;
      this.qualityScores = from.qualityScores;
    }

    /** See {@link ProcessorConfig#kafkaClient()}. */
    public Builder kafkaClient(KafkaClientProperties value) {
      this.kafkaClient = value;
      return this;
    }

    /** See {@link ProcessorConfig#applicationId()}. */
    public Builder applicationId(String value) {
      this.applicationId = value;
      return this;
    }

    /** See {@link ProcessorConfig#bootstrapServers()}. */
    public Builder bootstrapServers(String value) {
      this.bootstrapServers = value;
      return this;
    }

    /** See {@link ProcessorConfig#stateDir()}. */
    public Builder stateDir(Path value) {
      this.stateDir = value;
      return this;
    }

    /** See {@link ProcessorConfig#windowGrace()}. */
    public Builder windowGrace(Duration value) {
      this.windowGrace = value;
      return this;
    }

    /** See {@link ProcessorConfig#lateHorizon()}. */
    public Builder lateHorizon(Duration value) {
      this.lateHorizon = value;
      return this;
    }

    /** See {@link ProcessorConfig#revisionInterval()}. */
    public Builder revisionInterval(Duration value) {
      this.revisionInterval = value;
      return this;
    }

    /** See {@link ProcessorConfig#counterReset()}. */
    public Builder counterReset(CounterResetRule value) {
      this.counterReset = value;
      return this;
    }

    /** See {@link ProcessorConfig#dedupRetention()}. */
    public Builder dedupRetention(Duration value) {
      this.dedupRetention = value;
      return this;
    }

    /** See {@link ProcessorConfig#numStreamThreads()}. */
    public Builder numStreamThreads(int value) {
      this.numStreamThreads = value;
      return this;
    }

    /** See {@link ProcessorConfig#commitInterval()}. */
    public Builder commitInterval(Duration value) {
      this.commitInterval = value;
      return this;
    }

    /** See {@link ProcessorConfig#replicationFactor()}. */
    public Builder replicationFactor(int value) {
      this.replicationFactor = value;
      return this;
    }

    /** See {@link ProcessorConfig#compression()}. */
    public Builder compression(Compression value) {
      this.compression = value;
      return this;
    }

    /** See {@link ProcessorConfig#verification()}. */
    public Builder verification(VerificationConfig value) {
      this.verification = value;
      return this;
    }

    /** See {@link ProcessorConfig#features()}. */
    public Builder features(boolean value) {
      this.features = value;
      return this;
    }

    /** See {@link ProcessorConfig#qualityScores()}. */
    public Builder qualityScores(boolean value) {
      this.qualityScores = value;
      return this;
    }

    /** See {@link ProcessorConfig#featureWindowHours()}. */
    public Builder featureWindowHours(int value) {
      this.featureWindowHours = value;
      return this;
    }

    /**
     * The validated configuration.
     *
     * @throws IllegalArgumentException if a value is out of range
     */
    public ProcessorConfig build() {
      return new ProcessorConfig(
          applicationId,
          bootstrapServers,
          stateDir,
          windowGrace,
          lateHorizon,
          revisionInterval,
          dedupRetention,
          counterReset,
          numStreamThreads,
          commitInterval,
          replicationFactor,
          compression,
          features,
          featureWindowHours,
          kafkaClient,
          qualityScores,
          verification);
    }
  }
}
