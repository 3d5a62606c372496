package dev.airtrace.gateway;

import dev.airtrace.core.GatewayId;
import dev.airtrace.core.codec.PayloadLimits;
import dev.airtrace.core.codec.SensorTopic;
import dev.airtrace.core.validation.CounterResetRule;
import dev.airtrace.core.validation.ValidationConfig;
import dev.airtrace.gateway.aggregate.AggregationConfig;
import dev.airtrace.gateway.integrity.DeviceSignatureConfig;
import dev.airtrace.gateway.integrity.IntegrityConfig;
import dev.airtrace.gateway.kafka.KafkaOutputConfig;
import dev.airtrace.gateway.models.ModelsConfig;
import dev.airtrace.gateway.outbox.OutboxConfig;
import dev.airtrace.gateway.quality.QualityConfig;
import dev.airtrace.mqtt.MqttEndpoint;
import dev.airtrace.mqtt.MqttIntakeConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything an {@link EdgeGateway} needs, validated at construction. Immutable. Build one with
 * {@link #builder} (defaults for everything but the gateway id, the MQTT broker and Kafka) and
 * replace whole parts with their own builders, e.g. {@code .integrity(IntegrityConfig.builder()
 * .maxLeaves(16).build())}.
 *
 * @param gatewayId stamped on every reading, aggregate and dead letter
 * @param mqtt the MQTT intake: broker, credentials, client id (default {@code
 *     airtrace-gateway-<gatewayId>}, the persistent session's name), subscription filter (default
 *     {@code airtrace/v1/+/+/+}), hand-off queue capacity, session expiry, reconnect policy
 * @param kafka the producer: bootstrap servers, compression, linger, batch size, timeouts
 * @param topics the three output topics
 * @param validation event-time bounds for readings
 * @param aggregation grace and idle flush of the one-minute aggregates
 * @param sequenceWindowPerDevice how many recent sequence numbers per device the duplicate check
 *     remembers, {@code >= 1}
 * @param counterReset when a device's lower sequence number starts a new counter epoch instead of
 *     being a duplicate (default {@link CounterResetRule#defaults()}: stamped more than 60 s after
 *     the device's latest accepted reading)
 * @param shutdownTimeout how long {@link EdgeGateway#close()} waits for in-flight messages to be
 *     written and acknowledged before it gives up on them (they are then redelivered to the next
 *     session), {@code > 0}
 * @param integrity Merkle batching and header signing (on by default, see {@link IntegrityConfig})
 * @param deviceSignatures device-signature policy and provisioned keys (default {@link
 *     DeviceSignatureConfig#defaults()})
 * @param models PM2.5 correction, anomaly detection, model repository and accelerator (default
 *     {@link ModelsConfig#defaults()}: Barkjohn 2022 correction, no anomaly detection)
 * @param payloadLimits largest MQTT payload and most readings per message the gateway admits;
 *     beyond them a message is one {@code PAYLOAD_TOO_LARGE} dead letter (default {@link
 *     PayloadLimits#defaults()}: 64 KiB, 1,000 readings)
 * @param outbox the disk outbox MQTT messages are acknowledged after (default {@link
 *     OutboxConfig#defaults()}: on, in {@code <integrity.stateDirectory>/outbox-<gatewayId>}, 1
 *     GiB, 7 days, back-pressure when full, fsync per batch); {@link OutboxConfig#disabled()}
 *     acknowledges after Kafka instead
 * @param quality the QARTOD-style QC tests whose flags every reading carries (default {@link
 *     QualityConfig#defaults()}: on, documented limits; see docs/quality.md)
 */
public record GatewayConfig(
    GatewayId gatewayId,
    MqttIntakeConfig mqtt,
    KafkaOutputConfig kafka,
    GatewayTopics topics,
    ValidationConfig validation,
    AggregationConfig aggregation,
    int sequenceWindowPerDevice,
    CounterResetRule counterReset,
    Duration shutdownTimeout,
    IntegrityConfig integrity,
    DeviceSignatureConfig deviceSignatures,
    ModelsConfig models,
    PayloadLimits payloadLimits,
    OutboxConfig outbox,
    QualityConfig quality) {

  /**
   * Default duplicate-check window: 256 sequence numbers per device, 4 minutes of readings at 1 s
   * intervals and over 4 hours at 1 min, more than redeliveries and late readings span. Larger
   * windows remember more of a device's numbers, at {@code window / 8} bytes per device (see {@code
   * SequenceTracker}).
   */
  public static final int DEFAULT_SEQUENCE_WINDOW = 256;

  /** Default time {@code close()} gives in-flight messages to be written and acknowledged. */
  public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

  public GatewayConfig {
    Objects.requireNonNull(gatewayId, "gatewayId");
    Objects.requireNonNull(mqtt, "mqtt");
    Objects.requireNonNull(kafka, "kafka");
    Objects.requireNonNull(topics, "topics");
    Objects.requireNonNull(validation, "validation");
    Objects.requireNonNull(aggregation, "aggregation");
    Objects.requireNonNull(counterReset, "counterReset");
    Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
    Objects.requireNonNull(integrity, "integrity");
    Objects.requireNonNull(deviceSignatures, "deviceSignatures");
    Objects.requireNonNull(models, "models");
    Objects.requireNonNull(payloadLimits, "payloadLimits");
    Objects.requireNonNull(outbox, "outbox");
    Objects.requireNonNull(quality, "quality");
    if (models.anomalyEnabled()
        && java.util.Set.of(
                topics.readings(),
                topics.aggregates(),
                topics.deadLetters(),
                integrity.headersTopic())
            .contains(models.anomaliesTopic())) {
      throw new IllegalArgumentException(
          "the anomalies topic " + models.anomaliesTopic() + " must differ from the other topics");
    }
    if (integrity.enabled()
        && java.util.Set.of(topics.readings(), topics.aggregates(), topics.deadLetters())
            .contains(integrity.headersTopic())) {
      throw new IllegalArgumentException(
          "the batch-header topic " + integrity.headersTopic() + " must differ from " + topics);
    }
    if (sequenceWindowPerDevice < 1) {
      throw new IllegalArgumentException(
          "sequenceWindowPerDevice must be >= 1 but was " + sequenceWindowPerDevice);
    }
    if (shutdownTimeout.isNegative() || shutdownTimeout.isZero()) {
      throw new IllegalArgumentException("shutdownTimeout must be > 0 but was " + shutdownTimeout);
    }
  }

  /** Where the outbox lives: {@code outbox.directory} or under the integrity state directory. */
  public java.nio.file.Path outboxDirectory() {
    return outbox.directory(integrity.stateDirectory(), gatewayId);
  }

  /**
   * The default MQTT client id of a gateway: stable, so the persistent session survives restarts.
   */
  public static String defaultClientId(GatewayId gatewayId) {
    return "airtrace-gateway-" + gatewayId.value();
  }

  /**
   * The defaults for everything but the gateway id, the MQTT broker and Kafka: the intake of {@link
   * #defaultMqtt}, a producer with client id {@code airtrace-gateway-<gatewayId>}, the default
   * topics, validation, aggregation, integrity (on), device signatures and models.
   */
  public static GatewayConfig defaults(
      GatewayId gatewayId, String mqttServerUri, String kafkaBootstrap) {
    return new GatewayConfig(
        gatewayId,
        defaultMqtt(gatewayId, MqttEndpoint.of(mqttServerUri)),
        KafkaOutputConfig.defaults(kafkaBootstrap, "airtrace-gateway-" + gatewayId.value()),
        GatewayTopics.defaults(),
        ValidationConfig.defaults(),
        AggregationConfig.defaults(),
        DEFAULT_SEQUENCE_WINDOW,
        CounterResetRule.defaults(),
        DEFAULT_SHUTDOWN_TIMEOUT,
        IntegrityConfig.defaults(),
        DeviceSignatureConfig.defaults(),
        ModelsConfig.defaults(),
        PayloadLimits.defaults(),
        OutboxConfig.defaults(),
        QualityConfig.defaults());
  }

  /** A builder that starts from {@link #defaults(GatewayId, String, String)}. */
  public static Builder builder(GatewayId gatewayId, String mqttServerUri, String kafkaBootstrap) {
    return defaults(gatewayId, mqttServerUri, kafkaBootstrap).toBuilder();
  }

  /**
   * The MQTT intake a gateway uses by default on {@code endpoint}: client id {@link
   * #defaultClientId}, the sensor subscription filter ({@code airtrace/v1/+/+/+}) and the intake's
   * own defaults. Start here to change one of them, e.g. {@code defaultMqtt(id,
   * endpoint).toBuilder().queueCapacity(1_000).build()}.
   */
  public static MqttIntakeConfig defaultMqtt(GatewayId gatewayId, MqttEndpoint endpoint) {
    return MqttIntakeConfig.defaults(
        endpoint, defaultClientId(gatewayId), SensorTopic.subscriptionFilter());
  }

  /** A builder that starts from this configuration; change what differs, then {@code build()}. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Collects the components of one {@link GatewayConfig}; {@link #build()} validates them. Not
   * thread-safe.
   */
  public static final class Builder {
    private GatewayId gatewayId;
    private MqttIntakeConfig mqtt;
    private KafkaOutputConfig kafka;
    private GatewayTopics topics;
    private ValidationConfig validation;
    private AggregationConfig aggregation;
    private int sequenceWindowPerDevice;
    private CounterResetRule counterReset;
    private Duration shutdownTimeout;
    private IntegrityConfig integrity;
    private DeviceSignatureConfig deviceSignatures;
    private ModelsConfig models;
    private PayloadLimits payloadLimits;
    private OutboxConfig outbox;
    private QualityConfig quality;

    private Builder(GatewayConfig from) {
      this.gatewayId = from.gatewayId;
      this.mqtt = from.mqtt;
      this.kafka = from.kafka;
      this.topics = from.topics;
      this.validation = from.validation;
      this.aggregation = from.aggregation;
      this.sequenceWindowPerDevice = from.sequenceWindowPerDevice;
      this.counterReset = from.counterReset;
      this.shutdownTimeout = from.shutdownTimeout;
      this.integrity = from.integrity;
      this.deviceSignatures = from.deviceSignatures;
      this.models = from.models;
      this.payloadLimits = from.payloadLimits;
      this.outbox = from.outbox;
      this.quality = from.quality;
    }

    /** See {@link GatewayConfig#gatewayId()}. */
    public Builder gatewayId(GatewayId value) {
      this.gatewayId = value;
      return this;
    }

    /** See {@link GatewayConfig#mqtt()}. */
    public Builder mqtt(MqttIntakeConfig value) {
      this.mqtt = value;
      return this;
    }

    /** See {@link GatewayConfig#kafka()}. */
    public Builder kafka(KafkaOutputConfig value) {
      this.kafka = value;
      return this;
    }

    /** See {@link GatewayConfig#topics()}. */
    public Builder topics(GatewayTopics value) {
      this.topics = value;
      return this;
    }

    /** See {@link GatewayConfig#validation()}. */
    public Builder validation(ValidationConfig value) {
      this.validation = value;
      return this;
    }

    /** See {@link GatewayConfig#aggregation()}. */
    public Builder aggregation(AggregationConfig value) {
      this.aggregation = value;
      return this;
    }

    /** See {@link GatewayConfig#counterReset()}. */
    public Builder counterReset(CounterResetRule value) {
      this.counterReset = value;
      return this;
    }

    /** See {@link GatewayConfig#sequenceWindowPerDevice()}. */
    public Builder sequenceWindowPerDevice(int value) {
      this.sequenceWindowPerDevice = value;
      return this;
    }

    /** See {@link GatewayConfig#shutdownTimeout()}. */
    public Builder shutdownTimeout(Duration value) {
      this.shutdownTimeout = value;
      return this;
    }

    /** See {@link GatewayConfig#integrity()}. */
    public Builder integrity(IntegrityConfig value) {
      this.integrity = value;
      return this;
    }

    /** See {@link GatewayConfig#deviceSignatures()}. */
    public Builder deviceSignatures(DeviceSignatureConfig value) {
      this.deviceSignatures = value;
      return this;
    }

    /** See {@link GatewayConfig#models()}. */
    public Builder models(ModelsConfig value) {
      this.models = value;
      return this;
    }

    /** See {@link GatewayConfig#payloadLimits()}. */
    public Builder payloadLimits(PayloadLimits value) {
      this.payloadLimits = value;
      return this;
    }

    /** See {@link GatewayConfig#outbox()}. */
    public Builder outbox(OutboxConfig value) {
      this.outbox = value;
      return this;
    }

    /** See {@link GatewayConfig#quality()}. */
    public Builder quality(QualityConfig value) {
      this.quality = value;
      return this;
    }

    /**
     * The validated configuration.
     *
     * @throws IllegalArgumentException if a value is out of range
     */
    public GatewayConfig build() {
      return new GatewayConfig(
          gatewayId,
          mqtt,
          kafka,
          topics,
          validation,
          aggregation,
          sequenceWindowPerDevice,
          counterReset,
          shutdownTimeout,
          integrity,
          deviceSignatures,
          models,
          payloadLimits,
          outbox,
          quality);
    }
  }
}
