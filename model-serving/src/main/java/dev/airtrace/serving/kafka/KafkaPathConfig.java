package dev.airtrace.serving.kafka;

import dev.airtrace.core.kafka.KafkaClientProperties;
import dev.airtrace.topics.Topics;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The Kafka side of the serving tier.
 *
 * @param bootstrap Kafka bootstrap servers
 * @param featuresTopic where site feature windows are read
 * @param forecastsTopic where forecasts are written
 * @param deadLetterTopic where undecodable or unfit feature records are written
 * @param groupId the consumer group; every replica with the same id shares the partitions
 * @param consumers consumer threads in this process, {@code >= 1} (more than the topic's partitions
 *     idle)
 * @param retryBackoff the first wait before a poll whose inference failed is retried (doubles up to
 *     {@link #MAX_RETRY_BACKOFF})
 * @param siteTimeZone the sites' local time zone for a model's calendar channels (hour of day, day
 *     of week; see {@link FeatureInput}); empty = the zone the model was trained in (its sidecar's
 *     {@code features.calendar_zone}). One zone per serving deployment: run one deployment per zone
 *     when sites span several.
 * @param kafkaClient the environment's Kafka client settings (TLS, SASL), given to the consumers
 *     and the producer; settings that break the guarantees are refused by {@link
 *     KafkaClientProperties}
 * @param skillTopic the forecast skill table (compacted; written by the stream processor's forecast
 *     verifier) whose corrections and fallback decisions are applied to every forecast ({@link
 *     CorrectionTable}); empty = serve the model's own output, as before online correction
 */
public record KafkaPathConfig(
    String bootstrap,
    String featuresTopic,
    String forecastsTopic,
    String deadLetterTopic,
    String groupId,
    int consumers,
    Duration retryBackoff,
    Optional<ZoneId> siteTimeZone,
    KafkaClientProperties kafkaClient,
    Optional<String> skillTopic) {
  /** The stream processor's per-site feature windows. */
  public static final String FEATURES_V1 = Topics.Names.SITE_FEATURES;

  /** This module's forecasts. */
  public static final String FORECASTS_V1 = Topics.Names.FORECASTS;

  /** This module's dead letters. */
  public static final String DEADLETTER_V1 = Topics.Names.SERVING_DEAD_LETTERS;

  /** Default skill table: {@code airtrace.processor.forecast-skill.v1}. */
  public static final String SKILL_V1 = Topics.Names.FORECAST_SKILL;

  /** Default consumer group. */
  public static final String DEFAULT_GROUP_ID = "airtrace-model-serving";

  /** Default first retry wait after a failed inference. */
  public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofSeconds(1);

  /** Longest retry wait. */
  public static final Duration MAX_RETRY_BACKOFF = Duration.ofSeconds(30);

  public KafkaPathConfig {
    Objects.requireNonNull(bootstrap, "bootstrap");
    Objects.requireNonNull(featuresTopic, "featuresTopic");
    Objects.requireNonNull(forecastsTopic, "forecastsTopic");
    Objects.requireNonNull(deadLetterTopic, "deadLetterTopic");
    Objects.requireNonNull(groupId, "groupId");
    Objects.requireNonNull(retryBackoff, "retryBackoff");
    Objects.requireNonNull(siteTimeZone, "siteTimeZone");
    Objects.requireNonNull(kafkaClient, "kafkaClient");
    Objects.requireNonNull(skillTopic, "skillTopic");
    if (consumers < 1) {
      throw new IllegalArgumentException("consumers must be >= 1 but was " + consumers);
    }
    if (retryBackoff.isNegative() || retryBackoff.isZero()) {
      throw new IllegalArgumentException("retryBackoff must be positive but was " + retryBackoff);
    }
  }

  /** The documented topics, the default group, one consumer. */
  public static KafkaPathConfig defaults(String bootstrap) {
    return new KafkaPathConfig(
        bootstrap,
        FEATURES_V1,
        FORECASTS_V1,
        DEADLETTER_V1,
        DEFAULT_GROUP_ID,
        1,
        DEFAULT_RETRY_BACKOFF,
        Optional.empty(),
        KafkaClientProperties.NONE,
        Optional.of(SKILL_V1));
  }

  /** A builder that starts from {@link #defaults(String)}. */
  public static Builder builder(String bootstrap) {
    return defaults(bootstrap).toBuilder();
  }

  /**
   * Consumer properties: manual commits (after the forecasts are acknowledged), earliest offset for
   * a new group so no window is skipped, read_committed so aborted upstream writes are not served.
   */
  Properties consumerProperties(String clientId) {
    Properties p = kafkaClient.toProperties(); // cannot hold any key set below

    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return p;
  }

  /**
   * Properties of the skill-table reader: no group (it assigns every partition and reads from the
   * beginning), no commits, no topic auto-creation (a missing table is waited for, not created).
   */
  Properties tableReaderProperties(String clientId) {
    Properties p = kafkaClient.toProperties(); // cannot hold any key set below

    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return p;
  }

  /** Producer properties: idempotent, acks from all in-sync replicas. */
  Properties producerProperties(String clientId) {
    Properties p = kafkaClient.toProperties(); // cannot hold any key set below

    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return p;
  }

  /** A builder that starts from this configuration; change what differs, then {@code build()}. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Collects the components of one {@link KafkaPathConfig}; {@link #build()} validates them. Not
   * thread-safe.
   */
  public static final class Builder {
    private String bootstrap;
    private String featuresTopic;
    private String forecastsTopic;
    private String deadLetterTopic;
    private String groupId;
    private int consumers;
    private Duration retryBackoff;
    private Optional<ZoneId> siteTimeZone;
    private KafkaClientProperties kafkaClient;
    private Optional<String> skillTopic;

    private Builder(KafkaPathConfig from) {
      this.bootstrap = from.bootstrap;
      this.featuresTopic = from.featuresTopic;
      this.forecastsTopic = from.forecastsTopic;
      this.deadLetterTopic = from.deadLetterTopic;
      this.groupId = from.groupId;
      this.consumers = from.consumers;
      this.retryBackoff = from.retryBackoff;
      this.siteTimeZone = from.siteTimeZone;
      this.kafkaClient = from.kafkaClient;
      this.skillTopic = from.skillTopic;
    }

    /** See {@link KafkaPathConfig#kafkaClient()}. */
    public Builder kafkaClient(KafkaClientProperties value) {
      this.kafkaClient = value;
      return this;
    }

    /** See {@link KafkaPathConfig#skillTopic()}; null = no online correction. */
    public Builder skillTopic(String value) {
      this.skillTopic = Optional.ofNullable(value);
      return this;
    }

    /** See {@link KafkaPathConfig#bootstrap()}. */
    public Builder bootstrap(String value) {
      this.bootstrap = value;
      return this;
    }

    /** See {@link KafkaPathConfig#featuresTopic()}. */
    public Builder featuresTopic(String value) {
      this.featuresTopic = value;
      return this;
    }

    /** See {@link KafkaPathConfig#forecastsTopic()}. */
    public Builder forecastsTopic(String value) {
      this.forecastsTopic = value;
      return this;
    }

    /** See {@link KafkaPathConfig#deadLetterTopic()}. */
    public Builder deadLetterTopic(String value) {
      this.deadLetterTopic = value;
      return this;
    }

    /** See {@link KafkaPathConfig#groupId()}. */
    public Builder groupId(String value) {
      this.groupId = value;
      return this;
    }

    /** See {@link KafkaPathConfig#consumers()}. */
    public Builder consumers(int value) {
      this.consumers = value;
      return this;
    }

    /** See {@link KafkaPathConfig#retryBackoff()}. */
    public Builder retryBackoff(Duration value) {
      this.retryBackoff = value;
      return this;
    }

    /** See {@link KafkaPathConfig#siteTimeZone()}; null = the model's training zone. */
    public Builder siteTimeZone(ZoneId value) {
      this.siteTimeZone = Optional.ofNullable(value);
      return this;
    }

    /** Reads features from, and writes forecasts and dead letters to, the given topics. */
    public Builder topics(String features, String forecasts, String deadLetters) {
      this.featuresTopic = features;
      this.forecastsTopic = forecasts;
      this.deadLetterTopic = deadLetters;
      return this;
    }

    /**
     * The validated configuration.
     *
     * @throws IllegalArgumentException if a value is out of range
     */
    public KafkaPathConfig build() {
      return new KafkaPathConfig(
          bootstrap,
          featuresTopic,
          forecastsTopic,
          deadLetterTopic,
          groupId,
          consumers,
          retryBackoff,
          siteTimeZone,
          kafkaClient,
          skillTopic);
    }
  }
}
