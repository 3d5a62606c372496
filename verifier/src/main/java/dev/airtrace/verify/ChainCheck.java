package dev.airtrace.verify;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Steps 2 to 4 of anchoring.md §3.5 against one JSON-RPC endpoint: chain id, the anchor's receipt
 * and log, the block's place in the canonical chain, and finality.
 *
 * <p>Two kinds of failure are told apart. <b>Content</b> failures (wrong chain, reverted
 * transaction, log from another contract or submitter, other root/seq/timestamps/size) are fixed by
 * the transaction hash itself and are {@link Verdict#INVALID} at once. <b>Position</b> failures
 * (receipt missing, receipt in another block, another block hash at that height) are what a reorg
 * does: they are {@link Verdict#CANNOT_DECIDE} while the claimed height is above the node's {@code
 * finalized} block, because the chain may still settle with the anchor there, and {@link
 * Verdict#INVALID} once that height is final. Any unusable answer is {@link Verdict#CANNOT_DECIDE}.
 * Stateless and thread-safe.
 */
final class ChainCheck {
  private static final String FINALIZED = "finalized";

  private ChainCheck() {}

  static Outcome check(JsonRpcClient rpc, AnchorClaim claim) {
    try {
      return checkOrThrow(rpc, claim);
    } catch (NodeUnavailableException e) {
      return Outcome.cannotDecide(e.getMessage());
    }
  }

  private static Outcome checkOrThrow(JsonRpcClient rpc, AnchorClaim claim)
      throws NodeUnavailableException {
    // 2. the chain
    long chainId = quantity(rpc.call("eth_chainId"), "eth_chainId");
    if (chainId != claim.chainId()) {
      return Outcome.invalid(
          "node serves chain " + chainId + " but the proof is for chain " + claim.chainId());
    }

    // 3. the receipt and its log
    JsonNode receipt = rpc.call("eth_getTransactionReceipt", claim.txHash());
    if (receipt == null || receipt.isNull()) {
      return position(rpc, claim, "transaction " + claim.txHash() + " is not on chain");
    }
    if (!"0x1".equals(text(receipt, "status"))) {
      return Outcome.invalid(
          "transaction " + claim.txHash() + " failed (status " + text(receipt, "status") + ")");
    }
    long receiptBlock = quantity(receipt.get("blockNumber"), "receipt.blockNumber");
    String receiptHash = text(receipt, "blockHash");
    if (receiptBlock != claim.blockNumber() || !claim.blockHash().equals(receiptHash)) {
      return position(
          rpc,
          claim,
          "transaction is in block " + receiptBlock + " " + receiptHash + ", not the proof's");
    }
    JsonNode log = findLog(receipt, claim.logIndex());
    if (log == null) {
      return Outcome.invalid("transaction has no log at index " + claim.logIndex());
    }
    Outcome logOutcome = checkLog(log, claim);
    if (logOutcome != null) {
      return logOutcome;
    }

    // 4. canonical and final
    JsonNode block = rpc.call("eth_getBlockByNumber", hex(claim.blockNumber()), false);
    String canonical = block == null || block.isNull() ? null : text(block, "hash");
    if (!claim.blockHash().equals(canonical)) {
      return position(
          rpc,
          claim,
          "block " + claim.blockNumber() + " is " + canonical + " on the canonical chain");
    }
    long finalized = finalized(rpc);
    if (finalized < claim.blockNumber()) {
      return Outcome.cannotDecide(
          "not final yet: anchored in block "
              + claim.blockNumber()
              + ", finalized block is "
              + finalized);
    }
    return Outcome.valid(
        "anchored in final block "
            + claim.blockNumber()
            + " of chain "
            + claim.chainId()
            + " by "
            + claim.submitter());
  }

  /** A reorg-shaped failure: undecided until the claimed height is final, invalid after. */
  private static Outcome position(JsonRpcClient rpc, AnchorClaim claim, String problem)
      throws NodeUnavailableException {
    long finalized = finalized(rpc);
    if (finalized >= claim.blockNumber()) {
      return Outcome.invalid(
          problem + " (height " + claim.blockNumber() + " is final: finalized " + finalized + ")");
    }
    return Outcome.cannotDecide(
        problem
            + " (height "
            + claim.blockNumber()
            + " is not final yet: finalized "
            + finalized
            + "; a reorg may be in progress, fetch the proof again later)");
  }

  private static Outcome checkLog(JsonNode log, AnchorClaim claim) throws NodeUnavailableException {
    String address = text(log, "address");
    if (!claim.contract().equals(address)) {
      return Outcome.invalid("log was emitted by " + address + ", not by " + claim.contract());
    }
    List<String> expected =
        List.of(claim.topic0(), "0x" + claim.root(), word(claim.submitter()), word(claim.seq()));
    List<String> actual = new ArrayList<>();
    JsonNode topics = log.get("topics");
    if (topics != null && topics.isArray()) {
      topics.forEach(t -> actual.add(t.asText().toLowerCase(Locale.ROOT)));
    }
    String[] names = {"topic0 (event)", "root", "submitter", "seq"};
    if (actual.size() != expected.size()) {
      return Outcome.invalid("log has " + actual.size() + " topics, expected 4 (Anchored)");
    }
    for (int i = 0; i < expected.size(); i++) {
      if (!expected.get(i).equals(actual.get(i))) {
        return Outcome.invalid(
            "log " + names[i] + " is " + actual.get(i) + ", proof says " + expected.get(i));
      }
    }
    String data = text(log, "data");
    if (data == null || data.length() != 2 + 3 * 64 || !data.startsWith("0x")) {
      return Outcome.invalid("log data is not three ABI words (firstTs, lastTs, leafCount)");
    }
    BigInteger firstTs = new BigInteger(data.substring(2, 66), 16);
    BigInteger lastTs = new BigInteger(data.substring(66, 130), 16);
    BigInteger leafCount = new BigInteger(data.substring(130, 194), 16);
    if (!firstTs.equals(BigInteger.valueOf(claim.firstTs()))
        || !lastTs.equals(BigInteger.valueOf(claim.lastTs()))
        || !leafCount.equals(BigInteger.valueOf(claim.size()))) {
      return Outcome.invalid(
          "log data says firstTs="
              + firstTs
              + " lastTs="
              + lastTs
              + " leafCount="
              + leafCount
              + ", proof says "
              + claim.firstTs()
              + " "
              + claim.lastTs()
              + " "
              + claim.size());
    }
    return null;
  }

  /** {@code logs[logIndex]}: the position in the receipt's logs (anchoring.md §3.5 step 3). */
  private static JsonNode findLog(JsonNode receipt, long logIndex) throws NodeUnavailableException {
    JsonNode logs = receipt.get("logs");
    if (logs == null || !logs.isArray()) {
      throw new NodeUnavailableException("receipt without a logs array");
    }
    return logIndex < logs.size() ? logs.get((int) logIndex) : null;
  }

  private static long finalized(JsonRpcClient rpc) throws NodeUnavailableException {
    JsonNode block = rpc.call("eth_getBlockByNumber", FINALIZED, false);
    if (block == null || block.isNull()) {
      throw new NodeUnavailableException(
          rpc.endpoint() + " reports no finalized block, so finality cannot be judged");
    }
    return quantity(block.get("number"), "finalized.number");
  }

  /** A 20-byte address left-padded to a 32-byte topic. */
  private static String word(String address) {
    return "0x" + "0".repeat(24) + address.substring(2);
  }

  /** A uint64 as a 32-byte topic (two's complement not needed: seq is non-negative). */
  private static String word(long value) {
    String hex = Long.toHexString(value);
    return "0x" + "0".repeat(64 - hex.length()) + hex;
  }

  static String hex(long value) {
    return "0x" + Long.toHexString(value);
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText().toLowerCase(Locale.ROOT);
  }

  static long quantity(JsonNode node, String what) throws NodeUnavailableException {
    String text = node == null || node.isNull() ? "" : node.asText();
    if (!text.startsWith("0x") || text.length() < 3 || text.length() > 18) {
      throw new NodeUnavailableException("malformed quantity in " + what + ": '" + text + "'");
    }
    try {
      return Long.parseLong(text.substring(2), 16);
    } catch (NumberFormatException e) {
      throw new NodeUnavailableException("malformed quantity in " + what + ": '" + text + "'", e);
    }
  }
}
