package dev.airtrace.anchoring;

import dev.airtrace.anchoring.epoch.EpochPolicy;
import dev.airtrace.anchoring.kafka.KafkaEpochStore;
import dev.airtrace.anchoring.kafka.KafkaHeaderDeadLetters;
import dev.airtrace.anchoring.kafka.KafkaMerkleBatchHeaderSource;
import dev.airtrace.core.kafka.KafkaClientProperties;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything {@link AnchoringRuntime} needs to run the anchoring service in production: where the
 * batch headers and epoch records live (Kafka), which chain and operator key anchor them, and the
 * two policies as sub-records ({@link TransactionPolicy}, {@link EpochPolicy}). Build one with
 * {@link #builder}; {@link #toString()} never shows the key.
 *
 * @param bootstrapServers Kafka {@code bootstrap.servers}
 * @param groupId consumer group for the batch-header topic
 * @param headersTopic the gateways' batch-header topic (their signed Merkle batch headers)
 * @param epochsTopic the compacted epoch-state topic this service owns (single writer)
 * @param deadLettersTopic where batch headers that do not decode or conflict with one already taken
 *     go (default {@code airtrace.anchoring.deadletter.v1})
 * @param rpcUrl the chain's JSON-RPC endpoint (http or https)
 * @param rpcTimeout per-call timeout; a slower call counts as an outage
 * @param operatorKeyHex the operator's secp256k1 private key (hex); never logged
 * @param transactions transaction policy (contract, fees, backoff, in-flight bound)
 * @param epochs sealing policy
 * @param pollInterval the loop's longest wait for headers
 * @param kafkaClient the environment's Kafka client settings (TLS, SASL), given to every Kafka
 *     client the service opens; never shown by {@link #toString()}
 */
public record AnchoringConfig(
    String bootstrapServers,
    String groupId,
    String headersTopic,
    String epochsTopic,
    String deadLettersTopic,
    String rpcUrl,
    Duration rpcTimeout,
    String operatorKeyHex,
    TransactionPolicy transactions,
    EpochPolicy epochs,
    Duration pollInterval,
    KafkaClientProperties kafkaClient) {
  /** Default JSON-RPC call timeout. */
  public static final Duration DEFAULT_RPC_TIMEOUT = Duration.ofSeconds(10);

  /** Validates presence and positivity; the key's format is checked when the signer is built. */
  public AnchoringConfig {
    requireText(bootstrapServers, "bootstrapServers");
    requireText(groupId, "groupId");
    requireText(headersTopic, "headersTopic");
    requireText(epochsTopic, "epochsTopic");
    requireText(deadLettersTopic, "deadLettersTopic");
    requireText(rpcUrl, "rpcUrl");
    requireText(operatorKeyHex, "operatorKeyHex");
    Objects.requireNonNull(transactions, "transactions");
    Objects.requireNonNull(epochs, "epochs");
    Objects.requireNonNull(kafkaClient, "kafkaClient");
    for (Duration d : new Duration[] {rpcTimeout, pollInterval}) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("rpcTimeout and pollInterval must be positive");
      }
    }
  }

  /** The default topics, group, timeouts and policies for {@code contract}. */
  public static AnchoringConfig defaults(
      String bootstrapServers, String rpcUrl, String operatorKeyHex, String contract) {
    return new AnchoringConfig(
        bootstrapServers,
        KafkaMerkleBatchHeaderSource.DEFAULT_GROUP,
        KafkaMerkleBatchHeaderSource.TOPIC,
        KafkaEpochStore.TOPIC,
        KafkaHeaderDeadLetters.TOPIC,
        rpcUrl,
        DEFAULT_RPC_TIMEOUT,
        operatorKeyHex,
        TransactionPolicy.defaults(contract),
        EpochPolicy.defaults(),
        AnchoringLoop.DEFAULT_POLL_INTERVAL,
        KafkaClientProperties.NONE);
  }

  /** A builder that starts from {@link #defaults(String, String, String, String)}. */
  public static Builder builder(
      String bootstrapServers, String rpcUrl, String operatorKeyHex, String contract) {
    return defaults(bootstrapServers, rpcUrl, operatorKeyHex, contract).toBuilder();
  }

  /** Like the generated one, but without the private key. */
  @Override
  public String toString() {
    return "AnchoringConfig[bootstrapServers="
        + bootstrapServers
        + ", groupId="
        + groupId
        + ", headersTopic="
        + headersTopic
        + ", epochsTopic="
        + epochsTopic
        + ", deadLettersTopic="
        + deadLettersTopic
        + ", rpcUrl="
        + rpcUrl
        + ", rpcTimeout="
        + rpcTimeout
        + ", operatorKeyHex=<redacted>, transactions="
        + transactions
        + ", epochs="
        + epochs
        + ", pollInterval="
        + pollInterval
        + ", kafkaClient="
        + kafkaClient
        + "]";
  }

  private static void requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
  }

  /** A builder that starts from this configuration; change what differs, then {@code build()}. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Collects the components of one {@link AnchoringConfig}; {@link #build()} validates them. Not
   * thread-safe.
   */
  public static final class Builder {
    private String bootstrapServers;
    private String groupId;
    private String headersTopic;
    private String epochsTopic;
    private String deadLettersTopic;
    private String rpcUrl;
    private Duration rpcTimeout;
    private String operatorKeyHex;
    private TransactionPolicy transactions;
    private EpochPolicy epochs;
    private Duration pollInterval;
    private KafkaClientProperties kafkaClient;

    private Builder(AnchoringConfig from) {
      this.bootstrapServers = from.bootstrapServers;
      this.groupId = from.groupId;
      this.headersTopic = from.headersTopic;
      this.epochsTopic = from.epochsTopic;
      this.deadLettersTopic = from.deadLettersTopic;
      this.rpcUrl = from.rpcUrl;
      this.rpcTimeout = from.rpcTimeout;
      this.operatorKeyHex = from.operatorKeyHex;
      this.transactions = from.transactions;
      this.epochs = from.epochs;
      this.pollInterval = from.pollInterval;
      this.kafkaClient = from.kafkaClient;
    }

    /** See {@link AnchoringConfig#kafkaClient()}. */
    public Builder kafkaClient(KafkaClientProperties value) {
      this.kafkaClient = value;
      return this;
    }

    /** See {@link AnchoringConfig#bootstrapServers()}. */
    public Builder bootstrapServers(String value) {
      this.bootstrapServers = value;
      return this;
    }

    /** See {@link AnchoringConfig#groupId()}. */
    public Builder groupId(String value) {
      this.groupId = value;
      return this;
    }

    /** See {@link AnchoringConfig#headersTopic()}. */
    public Builder headersTopic(String value) {
      this.headersTopic = value;
      return this;
    }

    /** See {@link AnchoringConfig#epochsTopic()}. */
    public Builder epochsTopic(String value) {
      this.epochsTopic = value;
      return this;
    }

    /** See {@link AnchoringConfig#deadLettersTopic()}. */
    public Builder deadLettersTopic(String value) {
      this.deadLettersTopic = value;
      return this;
    }

    /** See {@link AnchoringConfig#rpcUrl()}. */
    public Builder rpcUrl(String value) {
      this.rpcUrl = value;
      return this;
    }

    /** See {@link AnchoringConfig#rpcTimeout()}. */
    public Builder rpcTimeout(Duration value) {
      this.rpcTimeout = value;
      return this;
    }

    /** See {@link AnchoringConfig#operatorKeyHex()}. */
    public Builder operatorKeyHex(String value) {
      this.operatorKeyHex = value;
      return this;
    }

    /** See {@link AnchoringConfig#transactions()}. */
    public Builder transactions(TransactionPolicy value) {
      this.transactions = value;
      return this;
    }

    /** See {@link AnchoringConfig#epochs()}. */
    public Builder epochs(EpochPolicy value) {
      this.epochs = value;
      return this;
    }

    /** See {@link AnchoringConfig#pollInterval()}. */
    public Builder pollInterval(Duration value) {
      this.pollInterval = value;
      return this;
    }

    /** Reads and writes other topics under another consumer group (tests, tenants). */
    public Builder topics(String group, String headers, String epochStates) {
      this.groupId = group;
      this.headersTopic = headers;
      this.epochsTopic = epochStates;
      return this;
    }

    /**
     * The validated configuration.
     *
     * @throws IllegalArgumentException if a value is out of range
     */
    public AnchoringConfig build() {
      return new AnchoringConfig(
          bootstrapServers,
          groupId,
          headersTopic,
          epochsTopic,
          deadLettersTopic,
          rpcUrl,
          rpcTimeout,
          operatorKeyHex,
          transactions,
          epochs,
          pollInterval,
          kafkaClient);
    }
  }
}
