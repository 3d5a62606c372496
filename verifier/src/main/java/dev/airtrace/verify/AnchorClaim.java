package dev.airtrace.verify;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a proof says about its on-chain anchor, normalised for comparison with JSON-RPC answers:
 * chain values are lowercase {@code 0x} hex, {@code root} is lowercase hex without {@code 0x}
 * (anchoring.md §3.4).
 *
 * @param logIndex the log's position in the receipt's {@code logs} array (anchoring.md §3.5: {@code
 *     logs[logIndex]}), not the block-wide {@code logIndex} field of the log; both are 0 when the
 *     anchor transaction is the block's first emitter
 * @param size the number of leaves in the anchored tree, on chain as {@code leafCount}
 */
record AnchorClaim(
    long chainId,
    String contract,
    String submitter,
    String topic0,
    String txHash,
    long blockNumber,
    String blockHash,
    long logIndex,
    String root,
    long seq,
    long firstTs,
    long lastTs,
    long size) {
  private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-f]{40}");
  private static final Pattern WORD = Pattern.compile("0x[0-9a-f]{64}");
  private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

  AnchorClaim {
    contract = lower(contract);
    submitter = lower(submitter);
    topic0 = lower(topic0);
    txHash = lower(txHash);
    blockHash = lower(blockHash);
    root = lower(root);
    require(ADDRESS, contract, "contract");
    require(ADDRESS, submitter, "submitter");
    require(WORD, topic0, "topic0");
    require(WORD, txHash, "txHash");
    require(WORD, blockHash, "blockHash");
    require(HASH, root, "batch.root");
    if (chainId <= 0 || blockNumber < 0 || logIndex < 0 || seq < 0 || size < 1) {
      throw new IllegalArgumentException(
          "chainId must be > 0, blockNumber/logIndex/seq >= 0 and size >= 1");
    }
  }

  private static String lower(String value) {
    return value == null ? null : value.toLowerCase(Locale.ROOT);
  }

  private static void require(Pattern pattern, String value, String name) {
    if (value == null || !pattern.matcher(value).matches()) {
      throw new IllegalArgumentException(name + " must match " + pattern + ", was " + value);
    }
  }
}
