package dev.airtrace.gateway.kafka;

import dev.airtrace.core.kafka.Compression;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The gateway's Kafka producer settings. Immutable; {@link #toProperties()} is the only place they
 * become Kafka {@code Properties}.
 *
 * <p>Fixed, not configurable, because the durability guarantee depends on them: {@code
 * enable.idempotence=true}, {@code acks=all}, {@code max.in.flight.requests.per.connection=5} (the
 * most that keeps per-partition order with idempotence), unlimited retries within {@link
 * #deliveryTimeout()}.
 *
 * @param bootstrapServers {@code host:port[,host:port...]}
 * @param clientId Kafka client id (shows in broker logs and quotas)
 * @param compression batch compression
 * @param linger how long a batch may wait for more records, {@code [0, 1 min]}; straight to Kafka
 *     ({@code --no-outbox}) MQTT acknowledgements wait for it, so it stays short there; the
 *     outbox's forwarder, which nothing waits for, uses at least {@link #FORWARDER_MIN_LINGER}
 *     ({@link #forForwarder()})
 * @param batchSize bytes per partition batch, {@code [1 KiB, 16 MiB]}
 * @param requestTimeout how long one produce request may take, {@code > 0}
 * @param deliveryTimeout how long a record may take from send to acknowledgement, retries included,
 *     before it fails; {@code >= linger + requestTimeout} (Kafka's rule)
 * @param maxBlock how long {@code send} may block for metadata or buffer space, {@code >= 0}
 * @param clientOverrides extra producer settings for the environment (security: {@code
 *     security.protocol}, {@code ssl.*}, {@code sasl.*}; buffers), never ones the guarantee depends
 *     on or ones set by the fields above
 */
public record KafkaOutputConfig(
    String bootstrapServers,
    String clientId,
    Compression compression,
    Duration linger,
    int batchSize,
    Duration requestTimeout,
    Duration deliveryTimeout,
    Duration maxBlock,
    Map<String, String> clientOverrides) {

  /** Default compression. */
  public static final Compression DEFAULT_COMPRESSION = Compression.LZ4;

  /**
   * Default linger: readings arrive continuously, so 5 ms fills batches at a few thousand per
   * second while adding latency far below the MQTT ack round trip.
   */
  public static final Duration DEFAULT_LINGER = Duration.ofMillis(5);

  /**
   * The least linger of the outbox forwarder's producer ({@link #forForwarder()}). With the outbox,
   * MQTT messages are acknowledged once their records are in the local log, so no acknowledgement
   * waits for this producer; a longer linger only delays a record's arrival in Kafka. What it buys:
   * fuller, fewer producer batches. The gateway writes four topics (readings, aggregates, anomaly
   * events, batch headers), so at 5 ms its batches are small, and every batch costs a request and,
   * with LZ4, two 64 KiB block buffers Kafka's compressor allocates per batch (a quarter of all the
   * gateway's allocated bytes in the issue #13 profile). Fuller batches also compress better: fewer
   * bytes on the WAN link (docs/benchmarks.md, docs/operations.md).
   */
  public static final Duration FORWARDER_MIN_LINGER = Duration.ofMillis(50);

  /** Default batch size: 64 KiB, about 300 readings. */
  public static final int DEFAULT_BATCH_SIZE = 64 * 1024;

  /** Default request timeout (Kafka's default). */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

  /**
   * Default delivery timeout: two minutes of retries (Kafka's default) ride out a leader election
   * or a broker restart; a longer Kafka outage fails the gateway, which then stops acknowledging.
   */
  public static final Duration DEFAULT_DELIVERY_TIMEOUT = Duration.ofMinutes(2);

  /** Default maximum time {@code send} blocks for metadata or buffer memory (Kafka's default). */
  public static final Duration DEFAULT_MAX_BLOCK = Duration.ofMinutes(1);

  /** Settings the guarantee depends on, or that fields above own. */
  static final Set<String> RESERVED =
      Set.of(
          ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
          ProducerConfig.CLIENT_ID_CONFIG,
          ProducerConfig.ACKS_CONFIG,
          ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
          ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
          ProducerConfig.RETRIES_CONFIG,
          ProducerConfig.TRANSACTIONAL_ID_CONFIG,
          ProducerConfig.COMPRESSION_TYPE_CONFIG,
          ProducerConfig.LINGER_MS_CONFIG,
          ProducerConfig.BATCH_SIZE_CONFIG,
          ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
          ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
          ProducerConfig.MAX_BLOCK_MS_CONFIG,
          ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
          ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);

  private static final int MIN_BATCH = 1024;
  private static final int MAX_BATCH = 16 * 1024 * 1024;

  public KafkaOutputConfig {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("bootstrapServers must not be blank");
    }
    for (String server : bootstrapServers.split(",")) {
      int colon = server.trim().lastIndexOf(':');
      if (colon < 1 || colon == server.trim().length() - 1) {
        throw new IllegalArgumentException(
            "bootstrapServers must be host:port[,host:port...] but was " + bootstrapServers);
      }
    }
    if (clientId == null || clientId.isBlank()) {
      throw new IllegalArgumentException("clientId must not be blank");
    }
    Objects.requireNonNull(compression, "compression");
    Objects.requireNonNull(linger, "linger");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    Objects.requireNonNull(deliveryTimeout, "deliveryTimeout");
    Objects.requireNonNull(maxBlock, "maxBlock");
    if (linger.isNegative() || linger.compareTo(Duration.ofMinutes(1)) > 0) {
      throw new IllegalArgumentException("linger must be in [0, 1 min] but was " + linger);
    }
    if (batchSize < MIN_BATCH || batchSize > MAX_BATCH) {
      throw new IllegalArgumentException(
          "batchSize must be in [" + MIN_BATCH + ", " + MAX_BATCH + "] bytes but was " + batchSize);
    }
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("requestTimeout must be > 0 but was " + requestTimeout);
    }
    if (deliveryTimeout.compareTo(linger.plus(requestTimeout)) < 0) {
      throw new IllegalArgumentException(
          "deliveryTimeout ("
              + deliveryTimeout
              + ") must be >= linger + requestTimeout ("
              + linger.plus(requestTimeout)
              + ")");
    }
    if (maxBlock.isNegative()) {
      throw new IllegalArgumentException("maxBlock must be >= 0 but was " + maxBlock);
    }
    clientOverrides = Map.copyOf(Objects.requireNonNull(clientOverrides, "clientOverrides"));
    for (String key : clientOverrides.keySet()) {
      if (RESERVED.contains(key)) {
        throw new IllegalArgumentException(
            "Kafka client property "
                + key
                + " is not allowed for the gateway's producer: its delivery guarantee or a"
                + " gateway option owns it");
      }
    }
  }

  /** Defaults for everything but the bootstrap servers and client id. */
  public static KafkaOutputConfig defaults(String bootstrapServers, String clientId) {
    return new KafkaOutputConfig(
        bootstrapServers,
        clientId,
        DEFAULT_COMPRESSION,
        DEFAULT_LINGER,
        DEFAULT_BATCH_SIZE,
        DEFAULT_REQUEST_TIMEOUT,
        DEFAULT_DELIVERY_TIMEOUT,
        DEFAULT_MAX_BLOCK,
        Map.of());
  }

  /** A builder that starts from {@link #defaults(String, String)}. */
  public static Builder builder(String bootstrapServers, String clientId) {
    return defaults(bootstrapServers, clientId).toBuilder();
  }

  /** The producer properties: the fixed guarantee settings, the fields, then the overrides. */
  public Properties toProperties() {
    Map<String, Object> p = new TreeMap<>(clientOverrides);
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
    p.put(ProducerConfig.RETRIES_CONFIG, Integer.toString(Integer.MAX_VALUE));
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression.kafkaName());
    p.put(ProducerConfig.LINGER_MS_CONFIG, Long.toString(linger.toMillis()));
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(batchSize));
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(requestTimeout.toMillis()));
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(deliveryTimeout.toMillis()));
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(maxBlock.toMillis()));
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    Properties props = new Properties();
    props.putAll(p);
    return props;
  }

  /**
   * The settings for the outbox forwarder's producer: these, with the linger raised to {@link
   * #FORWARDER_MIN_LINGER} if it is shorter (a longer one is kept).
   */
  public KafkaOutputConfig forForwarder() {
    if (linger.compareTo(FORWARDER_MIN_LINGER) >= 0) {
      return this;
    }
    Duration forwarderLinger = FORWARDER_MIN_LINGER;
    // Kafka's rule deliveryTimeout >= linger + requestTimeout must still hold.
    Duration delivery =
        deliveryTimeout.compareTo(forwarderLinger.plus(requestTimeout)) < 0
            ? forwarderLinger.plus(requestTimeout)
            : deliveryTimeout;
    return toBuilder().linger(forwarderLinger).deliveryTimeout(delivery).build();
  }

  /** A builder that starts from this configuration; change what differs, then {@code build()}. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Collects the components of one {@link KafkaOutputConfig}; {@link #build()} validates them. Not
   * thread-safe.
   */
  public static final class Builder {
    private String bootstrapServers;
    private String clientId;
    private Compression compression;
    private Duration linger;
    private int batchSize;
    private Duration requestTimeout;
    private Duration deliveryTimeout;
    private Duration maxBlock;
    private Map<String, String> clientOverrides;

    private Builder(KafkaOutputConfig from) {
      this.bootstrapServers = from.bootstrapServers;
      this.clientId = from.clientId;
      this.compression = from.compression;
      this.linger = from.linger;
      this.batchSize = from.batchSize;
      this.requestTimeout = from.requestTimeout;
      this.deliveryTimeout = from.deliveryTimeout;
      this.maxBlock = from.maxBlock;
      this.clientOverrides = from.clientOverrides;
    }

    /** See {@link KafkaOutputConfig#bootstrapServers()}. */
    public Builder bootstrapServers(String value) {
      this.bootstrapServers = value;
      return this;
    }

    /** See {@link KafkaOutputConfig#clientId()}. */
    public Builder clientId(String value) {
      this.clientId = value;
      return this;
    }

    /** See {@link KafkaOutputConfig#compression()}. */
    public Builder compression(Compression value) {
      this.compression = value;
      return this;
    }

    /** See {@link KafkaOutputConfig#linger()}. */
    public Builder linger(Duration value) {
      this.linger = value;
      return this;
    }

    /** See {@link KafkaOutputConfig#batchSize()}. */
    public Builder batchSize(int value) {
      this.batchSize = value;
      return this;
    }

    /** See {@link KafkaOutputConfig#requestTimeout()}. */
    public Builder requestTimeout(Duration value) {
      this.requestTimeout = value;
      return this;
    }

    /** See {@link KafkaOutputConfig#deliveryTimeout()}. */
    public Builder deliveryTimeout(Duration value) {
      this.deliveryTimeout = value;
      return this;
    }

    /** See {@link KafkaOutputConfig#maxBlock()}. */
    public Builder maxBlock(Duration value) {
      this.maxBlock = value;
      return this;
    }

    /** See {@link KafkaOutputConfig#clientOverrides()}. */
    public Builder clientOverrides(Map<String, String> value) {
      this.clientOverrides = value;
      return this;
    }

    /** Sets the three timeouts together (tests use short ones to provoke failures quickly). */
    public Builder timeouts(Duration request, Duration delivery, Duration block) {
      this.requestTimeout = request;
      this.deliveryTimeout = delivery;
      this.maxBlock = block;
      return this;
    }

    /**
     * The validated configuration.
     *
     * @throws IllegalArgumentException if a value is out of range
     */
    public KafkaOutputConfig build() {
      return new KafkaOutputConfig(
          bootstrapServers,
          clientId,
          compression,
          linger,
          batchSize,
          requestTimeout,
          deliveryTimeout,
          maxBlock,
          clientOverrides);
    }
  }
}
