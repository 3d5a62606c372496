package dev.airtrace.anchoring.chain;

import java.math.BigInteger;
import java.util.Optional;

/**
 * The JSON-RPC calls the anchorer needs from one EVM node. Every method is one round trip (two for
 * {@link #feeQuote()}) and throws {@link ChainUnavailableException} when the node cannot be reached
 * and {@link ChainRejectedException} when it answers with an error.
 *
 * <p>Obtain the web3j implementation from {@link Chains#connect}. The caller owns it and closes it.
 * Implementations are thread-safe.
 */
public interface ChainClient extends AutoCloseable {
  /** {@code eth_chainId}. */
  long chainId();

  /** {@code eth_getTransactionCount(address, "pending")}: the next nonce including the mempool. */
  BigInteger pendingNonce(String address);

  /** {@code eth_getTransactionCount(address, "latest")}: how many of its transactions are mined. */
  BigInteger minedNonce(String address);

  /**
   * What a new type-2 transaction should offer now: {@code maxFeePerGas = 2 × baseFee + tip} (room
   * for six full blocks of base-fee rises) with {@code tip = eth_maxPriorityFeePerGas}.
   */
  Fees feeQuote();

  /**
   * {@code eth_sendRawTransaction}; returns the hash the node reports.
   *
   * @throws ChainRejectedException with {@link ChainRejectedException#isAlreadyKnown()} or {@link
   *     ChainRejectedException#isNonceTooLow()} for the cases the caller must tell apart
   */
  String sendRawTransaction(String rawHex);

  /**
   * {@code eth_getTransactionReceipt}; empty while pending or when unknown (e.g. after a reorg).
   */
  Optional<TxReceipt> receipt(String txHash);

  /** {@code eth_getBlockByNumber(number, false)}; empty when the chain is shorter. */
  Optional<BlockRef> block(long number);

  /** {@code eth_getBlockByNumber(tag, false)}; empty when the node does not know the tag yet. */
  Optional<BlockRef> block(BlockTag tag);

  /** {@code eth_blockNumber}. */
  long headNumber();

  /** Releases the HTTP client. */
  @Override
  void close();
}
