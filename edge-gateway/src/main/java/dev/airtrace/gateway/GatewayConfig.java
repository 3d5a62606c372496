package dev.airtrace.gateway;

import dev.airtrace.core.GatewayId;
import dev.airtrace.core.codec.SensorTopic;
import dev.airtrace.core.validation.ValidationConfig;
import dev.airtrace.gateway.aggregate.AggregationConfig;
import dev.airtrace.gateway.integrity.DeviceSignatureConfig;
import dev.airtrace.gateway.integrity.IntegrityConfig;
import dev.airtrace.gateway.kafka.KafkaOutputConfig;
import dev.airtrace.gateway.models.ModelsConfig;
import dev.airtrace.mqtt.MqttEndpoint;
import dev.airtrace.mqtt.MqttIntakeConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything an {@link EdgeGateway} needs, validated at construction. Immutable. Build one with
 * {@link #builder} (defaults for everything but the gateway id, the MQTT broker and Kafka).
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
 * @param shutdownTimeout how long {@link EdgeGateway#close()} waits for in-flight messages to be
 *     written and acknowledged before it gives up on them (they are then redelivered to the next
 *     session), {@code > 0}
 * @param integrity Merkle batching and header signing (on by default, see {@link IntegrityConfig})
 * @param deviceSignatures device-signature policy and provisioned keys (default {@link
 *     DeviceSignatureConfig#defaults()})
 * @param models PM2.5 correction, anomaly detection, model repository and accelerator (default
 *     {@link ModelsConfig#defaults()}: Barkjohn 2022 correction, no anomaly detection)
 */
public record GatewayConfig(
    GatewayId gatewayId,
    MqttIntakeConfig mqtt,
    KafkaOutputConfig kafka,
    GatewayTopics topics,
    ValidationConfig validation,
    AggregationConfig aggregation,
    int sequenceWindowPerDevice,
    Duration shutdownTimeout,
    IntegrityConfig integrity,
    DeviceSignatureConfig deviceSignatures,
    ModelsConfig models) {

  /**
   * Default duplicate-check window: 256 sequence numbers per device, 4 minutes of readings at 1 s
   * intervals and over 4 hours at 1 min, more than redeliveries and late readings span. Larger
   * windows delay the recognition of a device whose counter restarted (see {@code
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
    Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
    Objects.requireNonNull(integrity, "integrity");
    Objects.requireNonNull(deviceSignatures, "deviceSignatures");
    Objects.requireNonNull(models, "models");
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

  /**
   * The default MQTT client id of a gateway: stable, so the persistent session survives restarts.
   */
  public static String defaultClientId(GatewayId gatewayId) {
    return "airtrace-gateway-" + gatewayId.value();
  }

  /** A builder with defaults for everything but the arguments. */
  public static Builder builder(GatewayId gatewayId, String mqttServerUri, String kafkaBootstrap) {
    return new Builder(gatewayId, mqttServerUri, kafkaBootstrap);
  }

  /** A copy with another integrity configuration. */
  public GatewayConfig withIntegrity(IntegrityConfig other) {
    return new GatewayConfig(
        gatewayId,
        mqtt,
        kafka,
        topics,
        validation,
        aggregation,
        sequenceWindowPerDevice,
        shutdownTimeout,
        other,
        deviceSignatures,
        models);
  }

  /** A copy with other topics. */
  public GatewayConfig withTopics(GatewayTopics other) {
    return new GatewayConfig(
        gatewayId,
        mqtt,
        kafka,
        other,
        validation,
        aggregation,
        sequenceWindowPerDevice,
        shutdownTimeout,
        integrity,
        deviceSignatures,
        models);
  }

  /** A copy with another models configuration. */
  public GatewayConfig withModels(ModelsConfig other) {
    return new GatewayConfig(
        gatewayId,
        mqtt,
        kafka,
        topics,
        validation,
        aggregation,
        sequenceWindowPerDevice,
        shutdownTimeout,
        integrity,
        deviceSignatures,
        other);
  }

  /** Collects the parts of a {@link GatewayConfig}; not thread-safe. */
  public static final class Builder {
    private final GatewayId gatewayId;
    private MqttIntakeConfig mqtt;
    private KafkaOutputConfig kafka;
    private GatewayTopics topics = GatewayTopics.defaults();
    private ValidationConfig validation = ValidationConfig.defaults();
    private AggregationConfig aggregation = AggregationConfig.defaults();
    private int sequenceWindowPerDevice = DEFAULT_SEQUENCE_WINDOW;
    private Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;
    private IntegrityConfig integrity = IntegrityConfig.defaults();
    private DeviceSignatureConfig deviceSignatures = DeviceSignatureConfig.defaults();
    private ModelsConfig models = ModelsConfig.defaults();

    private Builder(GatewayId gatewayId, String mqttServerUri, String kafkaBootstrap) {
      this.gatewayId = Objects.requireNonNull(gatewayId, "gatewayId");
      this.mqtt =
          MqttIntakeConfig.of(
              MqttEndpoint.of(mqttServerUri),
              defaultClientId(gatewayId),
              SensorTopic.subscriptionFilter());
      this.kafka = KafkaOutputConfig.of(kafkaBootstrap, "airtrace-gateway-" + gatewayId.value());
    }

    /** Replaces the whole MQTT intake configuration. */
    public Builder mqtt(MqttIntakeConfig value) {
      this.mqtt = Objects.requireNonNull(value, "mqtt");
      return this;
    }

    /** Replaces the whole Kafka producer configuration. */
    public Builder kafka(KafkaOutputConfig value) {
      this.kafka = Objects.requireNonNull(value, "kafka");
      return this;
    }

    /** Sets the MQTT client id (the persistent session's name). */
    public Builder clientId(String value) {
      this.mqtt =
          new MqttIntakeConfig(
              mqtt.endpoint(),
              value,
              mqtt.subscriptionFilter(),
              mqtt.queueCapacity(),
              mqtt.sessionExpiry(),
              mqtt.reconnect());
      return this;
    }

    /** Sets the MQTT subscription filter. */
    public Builder subscriptionFilter(String value) {
      this.mqtt =
          new MqttIntakeConfig(
              mqtt.endpoint(),
              mqtt.clientId(),
              value,
              mqtt.queueCapacity(),
              mqtt.sessionExpiry(),
              mqtt.reconnect());
      return this;
    }

    /** Sets the hand-off queue capacity (the MQTT receive maximum is half of it). */
    public Builder queueCapacity(int value) {
      this.mqtt = mqtt.withQueueCapacity(value);
      return this;
    }

    /** Sets MQTT credentials. */
    public Builder mqttCredentials(String username, String password) {
      this.mqtt =
          new MqttIntakeConfig(
              mqtt.endpoint().withCredentials(username, password),
              mqtt.clientId(),
              mqtt.subscriptionFilter(),
              mqtt.queueCapacity(),
              mqtt.sessionExpiry(),
              mqtt.reconnect());
      return this;
    }

    public Builder topics(GatewayTopics value) {
      this.topics = Objects.requireNonNull(value, "topics");
      return this;
    }

    public Builder validation(ValidationConfig value) {
      this.validation = Objects.requireNonNull(value, "validation");
      return this;
    }

    public Builder aggregation(AggregationConfig value) {
      this.aggregation = Objects.requireNonNull(value, "aggregation");
      return this;
    }

    public Builder sequenceWindowPerDevice(int value) {
      this.sequenceWindowPerDevice = value;
      return this;
    }

    /** Replaces the integrity configuration ({@link IntegrityConfig#disabled()} turns it off). */
    public Builder integrity(IntegrityConfig value) {
      this.integrity = Objects.requireNonNull(value, "integrity");
      return this;
    }

    /** Replaces the device-signature policy and keys. */
    public Builder deviceSignatures(DeviceSignatureConfig value) {
      this.deviceSignatures = Objects.requireNonNull(value, "deviceSignatures");
      return this;
    }

    /** Replaces the PM2.5 correction, anomaly detection and model settings. */
    public Builder models(ModelsConfig value) {
      this.models = Objects.requireNonNull(value, "models");
      return this;
    }

    public Builder shutdownTimeout(Duration value) {
      this.shutdownTimeout = value;
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
          shutdownTimeout,
          integrity,
          deviceSignatures,
          models);
    }
  }
}
