package dev.airtrace.anchoring.chain;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import org.web3j.crypto.Hash;

/**
 * A decoded {@code Anchored(bytes32 indexed root, address indexed submitter, uint64 indexed seq,
 * uint64 firstTs, uint64 lastTs, uint32 leafCount)} log.
 *
 * @param root epoch root, lowercase hex without {@code 0x}
 * @param submitter the sender, {@code 0x} lowercase
 */
public record AnchoredEvent(
    String root, String submitter, long seq, long firstTs, long lastTs, long leafCount) {
  /** The event signature as the proof format names it. */
  public static final String SIGNATURE = "Anchored(bytes32,address,uint64,uint64,uint64,uint32)";

  /** Keccak-256 of {@link #SIGNATURE}, {@code 0x} hex: topic 0 of every anchor log. */
  public static final String TOPIC0 = Hash.sha3String(SIGNATURE);

  /**
   * Decodes {@code log} when it was emitted by {@code contract} and is an {@code Anchored} event.
   */
  public static Optional<AnchoredEvent> decode(LogEntry log, String contract) {
    if (!log.address().equalsIgnoreCase(contract)
        || log.topics().size() != 4
        || !log.topics().get(0).equalsIgnoreCase(TOPIC0)) {
      return Optional.empty();
    }
    byte[] data = Hex.decode(log.data());
    if (data.length != 96) {
      return Optional.empty();
    }
    String rootTopic = log.topics().get(1).substring(2).toLowerCase(Locale.ROOT);
    String submitter = "0x" + log.topics().get(2).substring(26).toLowerCase(Locale.ROOT);
    long seq = word(Hex.decode(log.topics().get(3)), 0);
    return Optional.of(
        new AnchoredEvent(
            rootTopic, submitter, seq, word(data, 0), word(data, 32), word(data, 64)));
  }

  /** The root as bytes. */
  public byte[] rootBytes() {
    return HexFormat.of().parseHex(root);
  }

  private static long word(byte[] bytes, int offset) {
    byte[] slice = new byte[32];
    System.arraycopy(bytes, offset, slice, 0, 32);
    return new BigInteger(1, slice).longValueExact();
  }
}
