package dev.airtrace.anchoring;

import dev.airtrace.anchoring.chain.AnchorCall;
import dev.airtrace.anchoring.chain.AnchorSigner;
import dev.airtrace.anchoring.chain.AnchoredEvent;
import dev.airtrace.anchoring.chain.BlockRef;
import dev.airtrace.anchoring.chain.BlockTag;
import dev.airtrace.anchoring.chain.ChainClient;
import dev.airtrace.anchoring.chain.ChainException;
import dev.airtrace.anchoring.chain.ChainRejectedException;
import dev.airtrace.anchoring.chain.Fees;
import dev.airtrace.anchoring.chain.LogEntry;
import dev.airtrace.anchoring.chain.SignedTransaction;
import dev.airtrace.anchoring.chain.TxReceipt;
import dev.airtrace.anchoring.state.EpochRecord;
import dev.airtrace.anchoring.state.EpochState;
import dev.airtrace.anchoring.state.EpochStore;
import dev.airtrace.anchoring.state.Inclusion;
import dev.airtrace.anchoring.state.LeafRef;
import dev.airtrace.anchoring.state.Submission;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-epoch state machine: SEALED → SUBMITTED → INCLUDED → FINAL, one transaction per epoch.
 * Each {@link #tick()} reads the chain once per open epoch and performs the transitions that are
 * due; every new state is written to the {@link EpochStore} <em>before</em> the chain is asked to
 * act on it, so a restart resends the persisted signed bytes (same nonce, same hash) instead of a
 * second transaction.
 *
 * <ul>
 *   <li><b>Fee bump:</b> a SUBMITTED transaction not mined {@link
 *       TransactionPolicy#inclusionTimeout()} after its last broadcast is re-signed with the same
 *       nonce and fees raised by {@link TransactionPolicy#feeBumpPercent()} (and at least the
 *       node's current quote), capped at {@link TransactionPolicy#maxFeeCeiling()}. Earlier
 *       variants stay candidates: any of them may be mined.
 *   <li><b>Nonce taken:</b> when the account's mined nonce passed ours and none of our variants has
 *       a receipt, another transaction used the nonce; the epoch is re-signed with a fresh one.
 *   <li><b>Reorg:</b> INCLUDED epochs re-check their receipt and the canonical hash at their block;
 *       if either changed they go back to SUBMITTED and the transaction is broadcast again.
 *   <li><b>Outage:</b> any {@link ChainException} ends the tick and postpones the next one with
 *       exponential backoff; sealing goes on meanwhile and the backlog is sent when the node is
 *       back.
 * </ul>
 *
 * <p>Not thread-safe: one thread (the {@link AnchoringLoop} loop, or a test) calls every method.
 */
public final class Anchorer {
  /**
   * FINAL epochs kept in memory (for duplicate detection and {@link #epoch(long)}); older ones live
   * only in the store, so memory does not grow with the service's age.
   */
  public static final int RETAINED_FINAL_EPOCHS = 256;

  private static final Logger LOG = LoggerFactory.getLogger(Anchorer.class);

  private final ChainClient chain;
  private final AnchorSigner signer;
  private final EpochStore store;
  private final TransactionPolicy config;
  private final Clock clock;
  private final NavigableMap<Long, EpochRecord> epochs = new TreeMap<>();

  /** Leaf key (gatewayId:seq) → leaf hash (hex) of every header in a retained sealed epoch. */
  private final Map<String, String> sealedLeafKeys = new HashMap<>();

  /** SUBMITTED epochs whose current bytes the node may not have (restart, failed broadcast). */
  private final Set<Long> unsent = new HashSet<>();

  private Long chainId; // null until the node first answered
  private BigInteger nextNonce; // null until the node first answered
  private long nextAttemptAtMs;
  private Duration backoff;
  private int consecutiveFailures;

  /**
   * Loads every persisted epoch from {@code store}; the caller keeps ownership of all arguments.
   */
  public Anchorer(
      ChainClient chain,
      AnchorSigner signer,
      EpochStore store,
      TransactionPolicy config,
      Clock clock) {
    this.chain = chain;
    this.signer = signer;
    this.store = store;
    this.config = config;
    this.clock = clock;
    this.backoff = config.initialBackoff();
    for (EpochRecord r : store.loadAll()) {
      remember(r);
      if (r.state() == EpochState.SUBMITTED) {
        unsent.add(r.seq());
      }
    }
    forgetOldFinalEpochs();
    if (!epochs.isEmpty()) {
      LOG.info(
          "resumed {} epochs ({} not final) from the store",
          epochs.size(),
          epochs.values().stream().filter(e -> e.state() != EpochState.FINAL).count());
    }
  }

  /** The seq the next sealed epoch gets: one past the highest stored, 0 for none. */
  public long nextEpochSeq() {
    return epochs.isEmpty() ? 0 : epochs.lastKey() + 1;
  }

  /**
   * Whether the header with Kafka key {@code gatewayId:seq} is in a sealed epoch that is not final
   * or among the last {@value #RETAINED_FINAL_EPOCHS} final ones (redelivery after a restart only
   * concerns the newest epochs).
   */
  public boolean isSealed(String leafKey) {
    return sealedLeafKeys.containsKey(leafKey);
  }

  /**
   * The leaf hash (hex) under which the header with key {@code gatewayId:seq} was sealed, if it is
   * in an epoch {@link #isSealed} knows; lets the loop tell a redelivery from a conflicting header.
   */
  public Optional<String> sealedLeafHash(String leafKey) {
    return Optional.ofNullable(sealedLeafKeys.get(leafKey));
  }

  /** Persists a newly SEALED epoch; it is submitted by a later {@link #tick()}. */
  public void accept(EpochRecord sealed) {
    if (sealed.state() != EpochState.SEALED) {
      throw new IllegalArgumentException("expected a SEALED epoch, got " + sealed.state());
    }
    if (sealed.seq() != nextEpochSeq()) {
      throw new IllegalArgumentException(
          "epoch seq " + sealed.seq() + " is not the next one (" + nextEpochSeq() + ")");
    }
    save(sealed);
    LOG.info(
        "sealed epoch {} root {} over {} batch headers",
        sealed.seq(),
        sealed.root(),
        sealed.leafCount());
  }

  /**
   * The latest record of epoch {@code seq}; empty for unknown epochs and for FINAL ones older than
   * the last {@value #RETAINED_FINAL_EPOCHS} (read those from the store).
   */
  public Optional<EpochRecord> epoch(long seq) {
    return Optional.ofNullable(epochs.get(seq));
  }

  /** Every epoch's latest record, in seq order (a copy). */
  public List<EpochRecord> epochs() {
    return List.copyOf(epochs.values());
  }

  /** Number of RPC failures in a row; 0 while the node answers. */
  public int consecutiveFailures() {
    return consecutiveFailures;
  }

  /**
   * Performs every transition that is due now. Returns without touching the chain while a backoff
   * after an RPC failure is running.
   */
  public void tick() {
    long now = clock.millis();
    if (now < nextAttemptAtMs) {
      return;
    }
    try {
      step(now);
      if (consecutiveFailures > 0) {
        LOG.info("chain reachable again after {} failed attempts", consecutiveFailures);
      }
      consecutiveFailures = 0;
      backoff = config.initialBackoff();
      nextAttemptAtMs = 0;
    } catch (ChainException e) {
      consecutiveFailures++;
      nextAttemptAtMs = now + backoff.toMillis();
      if (consecutiveFailures == 1) {
        LOG.warn("chain call failed, retrying with backoff from {}: {}", backoff, e.getMessage());
      } else {
        LOG.debug("chain call failed ({} in a row): {}", consecutiveFailures, e.getMessage());
      }
      Duration doubled = backoff.multipliedBy(2);
      backoff = doubled.compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : doubled;
    }
  }

  private void step(long now) {
    if (epochs.values().stream().allMatch(e -> e.state() == EpochState.FINAL)) {
      return;
    }
    connect();
    long finalized = chain.block(BlockTag.FINALIZED).map(BlockRef::number).orElse(-1L);
    boolean anySubmitted =
        epochs.values().stream().anyMatch(e -> e.state() == EpochState.SUBMITTED);
    BigInteger mined = anySubmitted ? chain.minedNonce(signer.address()) : BigInteger.ZERO;
    int inFlight =
        (int) epochs.values().stream().filter(e -> e.state() == EpochState.SUBMITTED).count();
    for (EpochRecord e : new ArrayList<>(epochs.values())) {
      switch (e.state()) {
        case SEALED -> {
          if (inFlight < config.maxInFlight()) {
            submitFirst(e, now);
            inFlight++;
          }
        }
        case SUBMITTED -> checkSubmitted(e, now, mined);
        case INCLUDED -> checkIncluded(e, now, finalized);
        case FINAL -> {}
      }
    }
  }

  private void connect() {
    if (chainId == null) {
      chainId = chain.chainId();
    }
    if (nextNonce == null) {
      BigInteger persisted =
          epochs.values().stream()
              .filter(e -> e.submission() != null)
              .map(e -> e.submission().nonce().add(BigInteger.ONE))
              .max(BigInteger::compareTo)
              .orElse(BigInteger.ZERO);
      nextNonce = chain.pendingNonce(signer.address()).max(persisted);
      LOG.info("anchoring on chain {} from {} at nonce {}", chainId, signer.address(), nextNonce);
    }
  }

  private void submitFirst(EpochRecord e, long now) {
    Fees fees = chain.feeQuote().cappedAt(config.maxFeeCeiling());
    BigInteger nonce = nextNonce;
    EpochRecord next = e.submitted(sign(e, nonce, fees, now));
    nextNonce = nonce.add(BigInteger.ONE);
    save(next);
    unsent.add(next.seq());
    LOG.info(
        "epoch {} submitted as {} (nonce {}, maxFee {} wei)",
        e.seq(),
        next.submission().txHash(),
        nonce,
        fees.maxFeePerGas());
    broadcast(next, now);
  }

  private void checkSubmitted(EpochRecord e, long now, BigInteger mined) {
    for (String hash : e.candidateTxHashes()) {
      Optional<TxReceipt> receipt = chain.receipt(hash);
      if (receipt.isPresent()) {
        onMined(e, receipt.get(), now);
        return;
      }
    }
    Submission s = e.submission();
    if (mined.compareTo(s.nonce()) > 0) {
      // Read before the receipts: a variant of ours mined by then would have shown a receipt.
      LOG.warn(
          "epoch {}: nonce {} was used by another transaction; re-signing with nonce {}",
          e.seq(),
          s.nonce(),
          nextNonce);
      resignWithFreshNonce(e, now);
      return;
    }
    if (unsent.contains(e.seq())) {
      broadcast(e, now);
      return;
    }
    if (now - s.lastBroadcastAtMs() >= config.inclusionTimeout().toMillis()) {
      bumpOrRebroadcast(e, now);
    }
  }

  private void onMined(EpochRecord e, TxReceipt receipt, long now) {
    if (!receipt.success()) {
      LOG.error(
          "epoch {}: transaction {} reverted in block {}; re-signing with a fresh nonce",
          e.seq(),
          receipt.txHash(),
          receipt.blockNumber());
      resignWithFreshNonce(e, now);
      return;
    }
    int position = -1;
    List<LogEntry> logs = receipt.logs();
    for (int i = 0; i < logs.size() && position < 0; i++) {
      boolean ours =
          AnchoredEvent.decode(logs.get(i), config.contract())
              .filter(ev -> ev.seq() == e.seq() && ev.root().equals(e.root()))
              .isPresent();
      if (ours) {
        position = i;
      }
    }
    if (position < 0) {
      throw new IllegalStateException(
          "epoch " + e.seq() + ": receipt " + receipt.txHash() + " has no matching Anchored log");
    }
    Inclusion where =
        new Inclusion(
            receipt.txHash(),
            receipt.blockNumber(),
            receipt.blockHash(),
            position,
            logs.get(position).logIndex(),
            receipt.gasUsed());
    save(e.included(where));
    unsent.remove(e.seq());
    LOG.info(
        "epoch {} included in block {} ({}), log {}, gas used {}",
        e.seq(),
        where.blockNumber(),
        where.blockHash(),
        where.logIndex(),
        where.gasUsed());
  }

  private void checkIncluded(EpochRecord e, long now, long finalized) {
    Inclusion where = e.inclusion();
    Optional<TxReceipt> receipt = chain.receipt(where.txHash());
    Optional<BlockRef> block = chain.block(where.blockNumber());
    boolean canonical =
        receipt.map(r -> r.blockHash().equals(where.blockHash())).orElse(false)
            && block.map(b -> b.hash().equals(where.blockHash())).orElse(false);
    if (!canonical) {
      EpochRecord back = e.reorgedOut(now);
      save(back);
      unsent.add(back.seq());
      LOG.warn(
          "epoch {}: block {} ({}) is no longer canonical; back to SUBMITTED, rebroadcasting {}",
          e.seq(),
          where.blockNumber(),
          where.blockHash(),
          back.submission().txHash());
      broadcast(back, now);
      return;
    }
    if (where.blockNumber() <= finalized) {
      save(e.finalized());
      LOG.info(
          "epoch {} final (block {} <= finalized {})", e.seq(), where.blockNumber(), finalized);
      forgetOldFinalEpochs();
    }
  }

  private void bumpOrRebroadcast(EpochRecord e, long now) {
    Submission s = e.submission();
    Fees old = new Fees(s.maxFeePerGas(), s.maxPriorityFeePerGas());
    Fees wanted = old.bumpedBy(config.feeBumpPercent()).max(chain.feeQuote());
    Fees capped = wanted.cappedAt(config.maxFeeCeiling());
    Fees minimum = old.bumpedBy(TransactionPolicy.MIN_FEE_BUMP_PERCENT);
    if (capped.covers(minimum)) {
      EpochRecord next = e.submitted(sign(e, s.nonce(), capped, now));
      save(next);
      LOG.warn(
          "epoch {}: {} not mined after {}; replaced by {} (maxFee {} -> {} wei)",
          e.seq(),
          s.txHash(),
          config.inclusionTimeout(),
          next.submission().txHash(),
          old.maxFeePerGas(),
          capped.maxFeePerGas());
      unsent.add(next.seq());
      broadcast(next, now);
    } else {
      LOG.warn(
          "epoch {}: {} not mined and the fee ceiling {} wei leaves no room for a 10% bump;"
              + " rebroadcasting unchanged",
          e.seq(), s.txHash(), config.maxFeeCeiling());
      unsent.add(e.seq());
      broadcast(e, now);
    }
  }

  private void resignWithFreshNonce(EpochRecord e, long now) {
    Fees fees = chain.feeQuote().cappedAt(config.maxFeeCeiling());
    BigInteger nonce = nextNonce;
    EpochRecord next = e.submitted(sign(e, nonce, fees, now));
    nextNonce = nonce.add(BigInteger.ONE);
    save(next);
    unsent.add(next.seq());
    broadcast(next, now);
  }

  private Submission sign(EpochRecord e, BigInteger nonce, Fees fees, long now) {
    AnchorCall call =
        new AnchorCall(e.rootBytes(), e.seq(), e.firstTs(), e.lastTs(), e.leafCount());
    SignedTransaction tx =
        signer.signAnchor(chainId, config.contract(), call, nonce, fees, config.gasLimit());
    return new Submission(
        nonce,
        tx.txHash(),
        tx.rawHex(),
        fees.maxFeePerGas(),
        fees.maxPriorityFeePerGas(),
        now,
        now);
  }

  /**
   * Sends the standing bytes; on success records the broadcast time. A node that already holds
   * them, or whose nonce moved on, is not an error here: the next tick's receipt check decides.
   */
  private void broadcast(EpochRecord e, long now) {
    Submission s = e.submission();
    try {
      chain.sendRawTransaction(s.rawTx());
    } catch (ChainRejectedException r) {
      if (r.isAlreadyKnown() || r.isNonceTooLow()) {
        LOG.debug("epoch {}: rebroadcast of {}: {}", e.seq(), s.txHash(), r.rpcMessage());
      } else {
        LOG.warn("epoch {}: node rejected {}: {}", e.seq(), s.txHash(), r.rpcMessage());
        return; // stays unsent; retried next tick
      }
    }
    unsent.remove(e.seq());
    if (s.lastBroadcastAtMs() != now) {
      save(e.submitted(s.rebroadcastAt(now)));
    }
  }

  private void save(EpochRecord r) {
    store.put(r);
    remember(r);
  }

  private void remember(EpochRecord r) {
    epochs.put(r.seq(), r);
    for (LeafRef leaf : r.leaves()) {
      sealedLeafKeys.put(leaf.key(), leaf.leafHash());
    }
  }

  private void forgetOldFinalEpochs() {
    long finals = epochs.values().stream().filter(e -> e.state() == EpochState.FINAL).count();
    Iterator<Map.Entry<Long, EpochRecord>> it = epochs.entrySet().iterator();
    // Never drop the highest epoch: nextEpochSeq() counts on from it.
    while (finals > RETAINED_FINAL_EPOCHS && it.hasNext()) {
      EpochRecord e = it.next().getValue();
      if (e.state() == EpochState.FINAL && e.seq() != epochs.lastKey()) {
        it.remove();
        e.leaves().forEach(l -> sealedLeafKeys.remove(l.key()));
        finals--;
      }
    }
  }

  /** Gas used per included epoch, for reports: epoch seq → receipt gasUsed. */
  public Map<Long, BigInteger> gasUsed() {
    Map<Long, BigInteger> gas = new TreeMap<>();
    epochs.values().stream()
        .filter(e -> e.inclusion() != null)
        .forEach(e -> gas.put(e.seq(), e.inclusion().gasUsed()));
    return gas;
  }
}
