package dev.airtrace.anchoring;

import dev.airtrace.anchoring.epoch.EpochPolicy;
import dev.airtrace.anchoring.kafka.KafkaBatchHeaderSource;
import dev.airtrace.anchoring.kafka.KafkaEpochStore;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything {@link AnchoringRuntime} needs to run the service in production.
 *
 * @param bootstrapServers Kafka {@code bootstrap.servers}
 * @param groupId consumer group for the batch-header topic
 * @param headersTopic the gateways' batch-header topic
 * @param epochsTopic the compacted epoch-state topic this service owns (single writer)
 * @param rpcUrl the chain's JSON-RPC endpoint (http or https)
 * @param rpcTimeout per-call timeout; a slower call counts as an outage
 * @param operatorKeyHex the operator's secp256k1 private key (hex); never logged
 * @param anchorer transaction policy (contract, fees, backoff)
 * @param epochs sealing policy
 * @param pollInterval the loop's longest wait for headers
 */
public record AnchoringSettings(
    String bootstrapServers,
    String groupId,
    String headersTopic,
    String epochsTopic,
    String rpcUrl,
    Duration rpcTimeout,
    String operatorKeyHex,
    AnchorerConfig anchorer,
    EpochPolicy epochs,
    Duration pollInterval) {
  /** Default JSON-RPC call timeout. */
  public static final Duration DEFAULT_RPC_TIMEOUT = Duration.ofSeconds(10);

  /** Validates presence and positivity; the key's format is checked when the signer is built. */
  public AnchoringSettings {
    requireText(bootstrapServers, "bootstrapServers");
    requireText(groupId, "groupId");
    requireText(headersTopic, "headersTopic");
    requireText(epochsTopic, "epochsTopic");
    requireText(rpcUrl, "rpcUrl");
    requireText(operatorKeyHex, "operatorKeyHex");
    Objects.requireNonNull(anchorer, "anchorer");
    Objects.requireNonNull(epochs, "epochs");
    for (Duration d : new Duration[] {rpcTimeout, pollInterval}) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("rpcTimeout and pollInterval must be positive");
      }
    }
  }

  /** The default topics, group, timeouts and policies for {@code contract}. */
  public static AnchoringSettings defaults(
      String bootstrapServers, String rpcUrl, String operatorKeyHex, String contract) {
    return new AnchoringSettings(
        bootstrapServers,
        KafkaBatchHeaderSource.DEFAULT_GROUP,
        KafkaBatchHeaderSource.TOPIC,
        KafkaEpochStore.TOPIC,
        rpcUrl,
        DEFAULT_RPC_TIMEOUT,
        operatorKeyHex,
        AnchorerConfig.defaults(contract),
        EpochPolicy.defaults(),
        AnchoringService.DEFAULT_POLL_INTERVAL);
  }

  /** A copy reading and writing other topics under another consumer group (tests, tenants). */
  public AnchoringSettings withTopics(String group, String headers, String epochStates) {
    return new AnchoringSettings(
        bootstrapServers,
        group,
        headers,
        epochStates,
        rpcUrl,
        rpcTimeout,
        operatorKeyHex,
        anchorer,
        epochs,
        pollInterval);
  }

  /** A copy with other policies and poll interval. */
  public AnchoringSettings withPolicies(
      AnchorerConfig anchorerConfig, EpochPolicy epochPolicy, Duration poll) {
    return new AnchoringSettings(
        bootstrapServers,
        groupId,
        headersTopic,
        epochsTopic,
        rpcUrl,
        rpcTimeout,
        operatorKeyHex,
        anchorerConfig,
        epochPolicy,
        poll);
  }

  /** Like the generated one, but without the private key. */
  @Override
  public String toString() {
    return "AnchoringSettings[bootstrapServers="
        + bootstrapServers
        + ", groupId="
        + groupId
        + ", headersTopic="
        + headersTopic
        + ", epochsTopic="
        + epochsTopic
        + ", rpcUrl="
        + rpcUrl
        + ", rpcTimeout="
        + rpcTimeout
        + ", operatorKeyHex=<redacted>, anchorer="
        + anchorer
        + ", epochs="
        + epochs
        + ", pollInterval="
        + pollInterval
        + "]";
  }

  private static void requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
  }
}
