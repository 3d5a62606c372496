package dev.airtrace.anchoring.testdata;

import dev.airtrace.anchoring.chain.AnchoredEvent;
import dev.airtrace.anchoring.chain.BlockRef;
import dev.airtrace.anchoring.chain.BlockTag;
import dev.airtrace.anchoring.chain.ChainClient;
import dev.airtrace.anchoring.chain.ChainRejectedException;
import dev.airtrace.anchoring.chain.ChainUnavailableException;
import dev.airtrace.anchoring.chain.Fees;
import dev.airtrace.anchoring.chain.LogEntry;
import dev.airtrace.anchoring.chain.TxReceipt;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An in-memory chain for one sender ({@link FakeSigner#ADDRESS}) with a mempool, explicit {@link
 * #mine()}, same-nonce replacement (10 % rule), {@link #reorg(int)} that drops transactions like
 * {@code anvil_reorg(depth, [])}, a {@code finalized} tag {@link #FINALITY_DEPTH} behind the head,
 * and an outage switch. Only for unit tests of the anchorer.
 */
public final class FakeChain implements ChainClient {
  public static final long CHAIN_ID = 31337;
  public static final int FINALITY_DEPTH = 4;

  private record Block(long number, String hash, List<String> txs) {}

  private final List<Block> blocks = new ArrayList<>();
  private final Map<BigInteger, String> pool = new LinkedHashMap<>(); // nonce -> raw
  private final Map<String, TxReceipt> receipts = new LinkedHashMap<>();
  private final List<String> accepted = new ArrayList<>(); // every accepted send, raw
  private BigInteger baseFee = BigInteger.valueOf(1_000_000_000L);
  private BigInteger tip = BigInteger.valueOf(1_000_000_000L);
  private boolean down;
  private boolean rejectSends;
  private int calls;
  private int reorgs;

  public FakeChain() {
    blocks.add(new Block(0, hash("genesis"), List.of()));
  }

  // --- test controls ---

  public synchronized void setDown(boolean isDown) {
    this.down = isDown;
  }

  /** While set, only {@code eth_sendRawTransaction} fails as if the node were unreachable. */
  public synchronized void setRejectSends(boolean reject) {
    this.rejectSends = reject;
  }

  public synchronized void setBaseFee(BigInteger fee) {
    this.baseFee = fee;
  }

  /** Mines one block with the pooled transactions that pay the base fee, in nonce order. */
  public synchronized void mine() {
    long number = blocks.size();
    String blockHash = hash("block " + number + " reorgs " + reorgs);
    List<String> included = new ArrayList<>();
    BigInteger next = minedCount();
    while (pool.containsKey(next)) {
      String raw = pool.get(next);
      FakeSigner.Decoded d = FakeSigner.Decoded.of(raw);
      if (d.maxFee().compareTo(baseFee) < 0) {
        break;
      }
      pool.remove(next);
      String txHash = FakeSigner.encode(textOf(raw)).txHash();
      included.add(raw);
      receipts.put(txHash, receipt(txHash, number, blockHash, d, included.size() - 1));
      next = next.add(BigInteger.ONE);
    }
    blocks.add(new Block(number, blockHash, included));
  }

  public synchronized void mine(int n) {
    for (int i = 0; i < n; i++) {
      mine();
    }
  }

  /** Replaces the last {@code depth} blocks with empty ones; their transactions vanish. */
  public synchronized void reorg(int depth) {
    reorgs++;
    for (int i = 0; i < depth; i++) {
      Block dropped = blocks.remove(blocks.size() - 1);
      for (String raw : dropped.txs()) {
        receipts.remove(FakeSigner.encode(textOf(raw)).txHash());
      }
    }
    for (int i = 0; i < depth; i++) {
      long number = blocks.size();
      blocks.add(new Block(number, hash("block " + number + " reorgs " + reorgs), List.of()));
    }
  }

  /** Makes {@code raw}'s nonce used by a foreign transaction (someone else used the key). */
  public synchronized void mineForeignTransactionAtNextNonce() {
    BigInteger nonce = minedCount();
    pool.remove(nonce);
    long number = blocks.size();
    blocks.add(new Block(number, hash("foreign " + number), List.of("foreign:" + nonce)));
  }

  /** Every raw transaction the chain accepted (rebroadcasts of known ones excluded). */
  public synchronized List<String> acceptedRaw() {
    return List.copyOf(accepted);
  }

  /** Hashes of the accepted transactions. */
  public synchronized List<String> acceptedHashes() {
    List<String> hashes = new ArrayList<>();
    accepted.forEach(r -> hashes.add(FakeSigner.encode(textOf(r)).txHash()));
    return hashes;
  }

  /** Hashes of transactions in canonical blocks. */
  public synchronized List<String> minedHashes() {
    List<String> hashes = new ArrayList<>();
    for (Block b : blocks) {
      for (String raw : b.txs()) {
        if (!raw.startsWith("foreign:")) {
          hashes.add(FakeSigner.encode(textOf(raw)).txHash());
        }
      }
    }
    return hashes;
  }

  /** Decoded nonce of an accepted raw transaction. */
  public static BigInteger nonceOf(String raw) {
    return FakeSigner.Decoded.of(raw).nonce();
  }

  /** Decoded maxFeePerGas of an accepted raw transaction. */
  public static BigInteger maxFeeOf(String raw) {
    return FakeSigner.Decoded.of(raw).maxFee();
  }

  /** Number of RPC calls that reached the node (or tried to, while down). */
  public synchronized int calls() {
    return calls;
  }

  // --- ChainClient ---

  @Override
  public synchronized long chainId() {
    enter();
    return CHAIN_ID;
  }

  @Override
  public synchronized BigInteger pendingNonce(String address) {
    enter();
    BigInteger n = minedCount();
    while (pool.containsKey(n)) {
      n = n.add(BigInteger.ONE);
    }
    return n;
  }

  @Override
  public synchronized BigInteger minedNonce(String address) {
    enter();
    return minedCount();
  }

  @Override
  public synchronized Fees feeQuote() {
    enter();
    return new Fees(baseFee.shiftLeft(1).add(tip), tip);
  }

  @Override
  public synchronized String sendRawTransaction(String rawHex) {
    enter();
    if (rejectSends) {
      throw new ChainUnavailableException("connection reset (fake)", null);
    }
    FakeSigner.Decoded d = FakeSigner.Decoded.of(rawHex);
    String txHash = FakeSigner.encode(textOf(rawHex)).txHash();
    if (d.nonce().compareTo(minedCount()) < 0) {
      throw new ChainRejectedException("eth_sendRawTransaction", -32003, "nonce too low");
    }
    String existing = pool.get(d.nonce());
    if (rawHex.equals(existing)) {
      throw new ChainRejectedException("eth_sendRawTransaction", -32000, "already known");
    }
    if (existing != null) {
      FakeSigner.Decoded old = FakeSigner.Decoded.of(existing);
      BigInteger minFee =
          old.maxFee().multiply(BigInteger.valueOf(110)).divide(BigInteger.valueOf(100));
      BigInteger minTip =
          old.tip().multiply(BigInteger.valueOf(110)).divide(BigInteger.valueOf(100));
      if (d.maxFee().compareTo(minFee) < 0 || d.tip().compareTo(minTip) < 0) {
        throw new ChainRejectedException(
            "eth_sendRawTransaction", -32000, "replacement transaction underpriced");
      }
    }
    pool.put(d.nonce(), rawHex);
    accepted.add(rawHex);
    return txHash;
  }

  @Override
  public synchronized Optional<TxReceipt> receipt(String txHash) {
    enter();
    return Optional.ofNullable(receipts.get(txHash));
  }

  @Override
  public synchronized Optional<BlockRef> block(long number) {
    enter();
    return number < blocks.size() ? Optional.of(ref(blocks.get((int) number))) : Optional.empty();
  }

  @Override
  public synchronized Optional<BlockRef> block(BlockTag tag) {
    enter();
    long head = blocks.size() - 1;
    long n =
        switch (tag) {
          case LATEST -> head;
          case SAFE -> Math.max(0, head - FINALITY_DEPTH / 2);
          case FINALIZED -> Math.max(0, head - FINALITY_DEPTH);
        };
    return Optional.of(ref(blocks.get((int) n)));
  }

  @Override
  public synchronized long headNumber() {
    enter();
    return blocks.size() - 1;
  }

  @Override
  public synchronized void close() {}

  // --- internals ---

  private void enter() {
    calls++;
    if (down) {
      throw new ChainUnavailableException("connection refused (fake outage)", null);
    }
  }

  private BigInteger minedCount() {
    long n = 0;
    for (Block b : blocks) {
      n += b.txs().size();
    }
    return BigInteger.valueOf(n);
  }

  private BlockRef ref(Block b) {
    return new BlockRef(b.number(), b.hash(), baseFee);
  }

  private TxReceipt receipt(
      String txHash, long number, String blockHash, FakeSigner.Decoded d, int logIndex) {
    String seqTopic = "0x" + String.format("%064x", d.seq());
    String submitterTopic = "0x" + "0".repeat(24) + FakeSigner.ADDRESS.substring(2);
    String data =
        "0x"
            + String.format("%064x", d.firstTs())
            + String.format("%064x", d.lastTs())
            + String.format("%064x", d.leafCount());
    LogEntry log =
        new LogEntry(
            d.contract(),
            List.of(AnchoredEvent.TOPIC0, "0x" + d.root(), submitterTopic, seqTopic),
            data,
            logIndex);
    return new TxReceipt(
        txHash, number, blockHash, true, BigInteger.valueOf(25_500), null, List.of(log));
  }

  private static String textOf(String raw) {
    return new String(HexFormat.of().parseHex(raw.substring(2)), StandardCharsets.UTF_8);
  }

  private static String hash(String text) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return "0x" + HexFormat.of().formatHex(h);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
