package dev.airtrace.core.integrity;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where an epoch root sits on an EVM chain: the proof's {@code anchor} object. Chain values are
 * written as Ethereum JSON-RPC writes them: {@code 0x}-prefixed hex. Immutable; thread-safe.
 *
 * <p>For {@link AnchorState#PENDING} the transaction fields may be {@code null} (not sent yet) or
 * carry the last submitted transaction; {@link AnchorState#INCLUDED} and {@link AnchorState#FINAL}
 * require {@code txHash}, {@code blockNumber}, {@code blockHash} and {@code logIndex}.
 *
 * @param chainId the EIP-155 chain id, {@code > 0}
 * @param contract the anchor contract's address ({@code 0x} + 40 hex; EIP-55 mixed case allowed)
 * @param submitter the operator address expected in the event's {@code submitter} topic
 * @param event the event signature, normally {@link #ANCHORED_EVENT}
 * @param topic0 keccak-256 of {@code event}, {@code 0x} + 64 hex
 * @param txHash the anchoring transaction, {@code 0x} + 64 hex, or {@code null}
 * @param blockNumber the including block's number, or {@code null}
 * @param blockHash the including block's hash, {@code 0x} + 64 hex, or {@code null}
 * @param logIndex the {@code Anchored} log's index within the receipt's logs, or {@code null}
 * @param state how settled the anchor is
 */
public record Anchor(
    long chainId,
    String contract,
    String submitter,
    String event,
    String topic0,
    String txHash,
    Long blockNumber,
    String blockHash,
    Integer logIndex,
    AnchorState state) {
  /** The {@code RootAnchor} contract's event. */
  public static final String ANCHORED_EVENT =
      "Anchored(bytes32,address,uint64,uint64,uint64,uint32)";

  /**
   * keccak-256 of {@link #ANCHORED_EVENT}, the log's {@code topics[0]}. A constant because the JDK
   * has no Keccak ({@code SHA3-256} differs); computed with BouncyCastle's {@code
   * Keccak.Digest256}, and matching anchoring.md's {@code 0xd68d6754…33c0}.
   */
  public static final String ANCHORED_TOPIC0 =
      "0xd68d6754f117ecae3e62907682d815197b2317d36df45d0e048a351c331433c0";

  private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");
  private static final Pattern HASH = Pattern.compile("0x[0-9a-fA-F]{64}");

  public Anchor {
    if (chainId <= 0) {
      throw new IllegalArgumentException("chainId must be > 0 but was " + chainId);
    }
    require("contract", contract, ADDRESS);
    require("submitter", submitter, ADDRESS);
    if (event == null || event.isBlank()) {
      throw new IllegalArgumentException("event must be an event signature");
    }
    require("topic0", topic0, HASH);
    Objects.requireNonNull(state, "state");
    if (txHash != null) {
      require("txHash", txHash, HASH);
    }
    if (blockHash != null) {
      require("blockHash", blockHash, HASH);
    }
    if (blockNumber != null && blockNumber < 0) {
      throw new IllegalArgumentException("blockNumber must be >= 0 but was " + blockNumber);
    }
    if (logIndex != null && logIndex < 0) {
      throw new IllegalArgumentException("logIndex must be >= 0 but was " + logIndex);
    }
    if (state != AnchorState.PENDING
        && (txHash == null || blockNumber == null || blockHash == null || logIndex == null)) {
      throw new IllegalArgumentException(
          "state " + state.wireName() + " needs txHash, blockNumber, blockHash and logIndex");
    }
  }

  /** A pending anchor: where it will go, nothing sent yet. */
  public static Anchor pending(
      long chainId, String contract, String submitter, String event, String topic0) {
    return new Anchor(
        chainId, contract, submitter, event, topic0, null, null, null, null, AnchorState.PENDING);
  }

  /** This anchor at a new state and position (after inclusion, finality or a reorg). */
  public Anchor at(
      AnchorState newState, String txHash, Long blockNumber, String blockHash, Integer logIndex) {
    return new Anchor(
        chainId,
        contract,
        submitter,
        event,
        topic0,
        txHash,
        blockNumber,
        blockHash,
        logIndex,
        newState);
  }

  private static void require(String field, String value, Pattern pattern) {
    if (value == null || !pattern.matcher(value).matches()) {
      throw new IllegalArgumentException(
          field + " must match " + pattern.pattern() + " but was " + value);
    }
  }
}
