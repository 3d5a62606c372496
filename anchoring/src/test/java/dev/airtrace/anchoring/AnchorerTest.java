package dev.airtrace.anchoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airtrace.anchoring.epoch.EpochBuilder;
import dev.airtrace.anchoring.state.EpochRecord;
import dev.airtrace.anchoring.state.EpochState;
import dev.airtrace.anchoring.testdata.BatchHeaders;
import dev.airtrace.anchoring.testdata.FakeChain;
import dev.airtrace.anchoring.testdata.FakeSigner;
import dev.airtrace.anchoring.testdata.InMemoryEpochStore;
import dev.airtrace.anchoring.testdata.MutableClock;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class AnchorerTest {
  private static final String CONTRACT = "0x5fbdb2315678afecb367f032d93f642f64180aa3";
  private static final Duration T = Duration.ofMinutes(3);

  private final FakeChain chain = new FakeChain();
  private final FakeSigner signer = new FakeSigner();
  private final InMemoryEpochStore store = new InMemoryEpochStore();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private TransactionPolicy config =
      TransactionPolicy.builder(CONTRACT)
          .inclusionTimeout(T)
          .backoff(Duration.ofSeconds(1), Duration.ofSeconds(8))
          .build();

  private Anchorer newAnchorer() {
    return new Anchorer(chain, signer, store, config, clock);
  }

  private static EpochRecord epoch(long seq) {
    return EpochBuilder.seal(
        seq,
        List.of(
            BatchHeaders.header().gateway("gw-a").seq(seq).build(),
            BatchHeaders.header().gateway("gw-b").seq(seq).build()),
        0);
  }

  private static void sealNext(Anchorer anchorer) {
    anchorer.accept(epoch(anchorer.nextEpochSeq()));
  }

  private static EpochState state(Anchorer a, long seq) {
    return a.epoch(seq).orElseThrow().state();
  }

  @Test
  void shouldSubmitOneTransactionPerEpochAndFinalizeOnceBelowTheFinalizedBlock() {
    Anchorer anchorer = newAnchorer();
    sealNext(anchorer);
    sealNext(anchorer);

    anchorer.tick();
    assertThat(state(anchorer, 0)).isEqualTo(EpochState.SUBMITTED);
    assertThat(chain.acceptedRaw()).hasSize(2);
    assertThat(chain.acceptedRaw().stream().map(FakeChain::nonceOf))
        .containsExactly(BigInteger.ZERO, BigInteger.ONE);

    chain.mine();
    anchorer.tick();
    EpochRecord included = anchorer.epoch(0).orElseThrow();
    assertThat(included.state()).isEqualTo(EpochState.INCLUDED);
    assertThat(included.inclusion().blockNumber()).isEqualTo(1);
    assertThat(anchorer.epoch(1).orElseThrow().inclusion().logIndex()).isZero();

    chain.mine(FakeChain.FINALITY_DEPTH - 1);
    anchorer.tick();
    assertThat(state(anchorer, 0)).isEqualTo(EpochState.INCLUDED);

    chain.mine();
    anchorer.tick();
    assertThat(state(anchorer, 0)).isEqualTo(EpochState.FINAL);
    assertThat(state(anchorer, 1)).isEqualTo(EpochState.FINAL);
    assertThat(chain.acceptedRaw()).hasSize(2);
    assertThat(anchorer.gasUsed()).containsOnlyKeys(0L, 1L);
  }

  @Test
  void shouldPersistTheSignedTransactionBeforeBroadcastingIt() {
    Anchorer anchorer = newAnchorer();
    sealNext(anchorer);

    anchorer.tick();

    EpochRecord submitted =
        store.writes().stream()
            .filter(r -> r.state() == EpochState.SUBMITTED)
            .findFirst()
            .orElseThrow();
    assertThat(chain.acceptedRaw()).containsExactly(submitted.submission().rawTx());
  }

  @Test
  void shouldReplaceWithSameNonceAndHigherFeesWhenNotIncludedWithinTimeout() {
    Anchorer anchorer = newAnchorer();
    sealNext(anchorer);
    anchorer.tick();
    EpochRecord first = anchorer.epoch(0).orElseThrow();
    chain.setBaseFee(first.submission().maxFeePerGas().add(BigInteger.ONE)); // stuck

    chain.mine();
    clock.advance(T.minusSeconds(1));
    anchorer.tick();
    assertThat(chain.acceptedRaw()).hasSize(1);

    clock.advance(Duration.ofSeconds(1));
    anchorer.tick();

    EpochRecord bumped = anchorer.epoch(0).orElseThrow();
    assertThat(bumped.state()).isEqualTo(EpochState.SUBMITTED);
    assertThat(bumped.submission().nonce()).isEqualTo(first.submission().nonce());
    assertThat(bumped.submission().maxFeePerGas())
        .isGreaterThanOrEqualTo(percentOf(first.submission().maxFeePerGas(), 110));
    assertThat(bumped.submission().maxPriorityFeePerGas())
        .isGreaterThanOrEqualTo(percentOf(first.submission().maxPriorityFeePerGas(), 110));
    assertThat(bumped.priorTxHashes()).containsExactly(first.submission().txHash());
    assertThat(chain.acceptedRaw()).hasSize(2);

    chain.mine();
    anchorer.tick();
    EpochRecord included = anchorer.epoch(0).orElseThrow();
    assertThat(included.state()).isEqualTo(EpochState.INCLUDED);
    assertThat(included.inclusion().txHash()).isEqualTo(bumped.submission().txHash());
  }

  @Test
  void shouldRebroadcastUnchangedWhenTheFeeCeilingLeavesNoRoomForABump() {
    BigInteger quote = chain.feeQuote().maxFeePerGas();
    config = config.toBuilder().maxFeeCeiling(quote.add(BigInteger.ONE)).build();
    Anchorer anchorer = newAnchorer();
    sealNext(anchorer);
    anchorer.tick();
    EpochRecord first = anchorer.epoch(0).orElseThrow();
    chain.setBaseFee(quote.multiply(BigInteger.TEN)); // stuck for good

    clock.advance(T);
    anchorer.tick();

    EpochRecord after = anchorer.epoch(0).orElseThrow();
    assertThat(after.submission().txHash()).isEqualTo(first.submission().txHash());
    assertThat(after.submission().maxFeePerGas()).isLessThanOrEqualTo(config.maxFeeCeiling());
    assertThat(after.submission().lastBroadcastAtMs()).isEqualTo(clock.millis());
    assertThat(new HashSet<>(chain.acceptedHashes())).hasSize(1);
  }

  @Test
  void shouldGoBackToSubmittedAndReanchorWhenAReorgDropsTheBlock() {
    Anchorer anchorer = newAnchorer();
    sealNext(anchorer);
    anchorer.tick();
    chain.mine();
    anchorer.tick();
    EpochRecord included = anchorer.epoch(0).orElseThrow();
    assertThat(included.state()).isEqualTo(EpochState.INCLUDED);

    chain.reorg(1);
    anchorer.tick();

    EpochRecord back = anchorer.epoch(0).orElseThrow();
    assertThat(back.state()).isEqualTo(EpochState.SUBMITTED);
    assertThat(back.submission().txHash()).isEqualTo(included.submission().txHash());
    assertThat(store.writes().stream().map(EpochRecord::state))
        .containsSubsequence(EpochState.INCLUDED, EpochState.SUBMITTED);

    chain.mine();
    anchorer.tick();
    EpochRecord again = anchorer.epoch(0).orElseThrow();
    assertThat(again.state()).isEqualTo(EpochState.INCLUDED);
    assertThat(again.inclusion().blockHash()).isNotEqualTo(included.inclusion().blockHash());
    assertThat(chain.minedHashes()).containsExactly(included.submission().txHash());
  }

  @Test
  void shouldNotFinalizeAnEpochWhoseBlockWasReorgedBeforeFinality() {
    Anchorer anchorer = newAnchorer();
    sealNext(anchorer);
    anchorer.tick();
    chain.mine();
    anchorer.tick();
    chain.mine(FakeChain.FINALITY_DEPTH - 1);
    chain.reorg(FakeChain.FINALITY_DEPTH);
    chain.mine(FakeChain.FINALITY_DEPTH); // the old height is now below finalized, but on a fork

    anchorer.tick();

    assertThat(state(anchorer, 0)).isEqualTo(EpochState.SUBMITTED);
  }

  @Test
  void shouldBackOffWhileTheChainIsDownAndAnchorTheBacklogWhenItReturns() {
    Anchorer anchorer = newAnchorer();
    chain.setDown(true);
    for (int i = 0; i < 3; i++) {
      sealNext(anchorer);
      anchorer.tick();
      clock.advance(Duration.ofMillis(500));
    }
    assertThat(anchorer.consecutiveFailures()).isBetween(1, 2);
    int callsWhileBackingOff = chain.calls();
    anchorer.tick(); // inside the backoff window: no call at all
    assertThat(chain.calls()).isEqualTo(callsWhileBackingOff);
    for (int i = 0; i < 10; i++) {
      clock.advance(Duration.ofSeconds(1));
      anchorer.tick();
    }
    // waits 1, 2, 4, 8, 8 s: far fewer attempts than ticks
    assertThat(anchorer.consecutiveFailures()).isLessThan(8);
    assertThat(anchorer.epochs()).allMatch(e -> e.state() == EpochState.SEALED);

    chain.setDown(false);
    clock.advance(Duration.ofSeconds(8));
    anchorer.tick();
    chain.mine();
    anchorer.tick();

    assertThat(anchorer.consecutiveFailures()).isZero();
    assertThat(anchorer.epochs()).allMatch(e -> e.state() == EpochState.INCLUDED);
    assertThat(chain.acceptedRaw()).hasSize(3);
    assertThat(chain.acceptedRaw().stream().map(FakeChain::nonceOf).collect(Collectors.toSet()))
        .hasSize(3);
  }

  @Test
  void shouldResendThePersistedTransactionAfterARestartInsteadOfASecondOne() {
    Anchorer before = newAnchorer();
    sealNext(before);
    before.tick();
    EpochRecord submitted = before.epoch(0).orElseThrow();

    Anchorer after = newAnchorer(); // same store: a restart
    after.tick();
    chain.mine();
    after.tick();

    assertThat(new HashSet<>(chain.acceptedHashes()))
        .containsExactly(submitted.submission().txHash());
    EpochRecord included = after.epoch(0).orElseThrow();
    assertThat(included.state()).isEqualTo(EpochState.INCLUDED);
    assertThat(included.inclusion().txHash()).isEqualTo(submitted.submission().txHash());
    assertThat(chain.minedHashes()).hasSize(1);
  }

  @Test
  void shouldBroadcastThePersistedBytesWhenTheProcessDiedBeforeSendingThem() {
    Anchorer before = newAnchorer();
    sealNext(before);
    chain.setRejectSends(true); // the broadcast after the store write never reaches the node
    before.tick();
    EpochRecord persisted = before.epoch(0).orElseThrow();
    assertThat(persisted.state()).isEqualTo(EpochState.SUBMITTED);
    assertThat(chain.acceptedRaw()).isEmpty();
    chain.setRejectSends(false);

    Anchorer after = newAnchorer();
    after.tick();

    assertThat(chain.acceptedRaw()).containsExactly(persisted.submission().rawTx());
    chain.mine();
    after.tick();
    assertThat(state(after, 0)).isEqualTo(EpochState.INCLUDED);
  }

  @Test
  void shouldResignWithAFreshNonceWhenAnotherTransactionTookTheNonce() {
    Anchorer anchorer = newAnchorer();
    sealNext(anchorer);
    anchorer.tick();
    EpochRecord first = anchorer.epoch(0).orElseThrow();
    chain.mineForeignTransactionAtNextNonce();

    anchorer.tick();
    EpochRecord resigned = anchorer.epoch(0).orElseThrow();
    assertThat(resigned.submission().nonce())
        .isEqualTo(first.submission().nonce().add(BigInteger.ONE));
    chain.mine();
    anchorer.tick();

    assertThat(state(anchorer, 0)).isEqualTo(EpochState.INCLUDED);
    assertThat(chain.minedHashes()).containsExactly(resigned.submission().txHash());
  }

  @Test
  void shouldKeepLaterEpochsSealedWhileMaxInFlightAreUnmined() {
    config =
        new TransactionPolicy(
            CONTRACT,
            TransactionPolicy.DEFAULT_GAS_LIMIT,
            T,
            TransactionPolicy.DEFAULT_FEE_BUMP_PERCENT,
            TransactionPolicy.DEFAULT_MAX_FEE_CEILING,
            Duration.ofSeconds(1),
            Duration.ofSeconds(8),
            2);
    Anchorer anchorer = newAnchorer();
    for (int i = 0; i < 3; i++) {
      sealNext(anchorer);
    }

    anchorer.tick();

    assertThat(anchorer.epochs().stream().map(EpochRecord::state))
        .containsExactly(EpochState.SUBMITTED, EpochState.SUBMITTED, EpochState.SEALED);
  }

  @Test
  void shouldForgetOldFinalEpochsInMemoryButKeepNumberingOn() {
    config =
        new TransactionPolicy(
            CONTRACT,
            TransactionPolicy.DEFAULT_GAS_LIMIT,
            T,
            TransactionPolicy.DEFAULT_FEE_BUMP_PERCENT,
            TransactionPolicy.DEFAULT_MAX_FEE_CEILING,
            Duration.ofSeconds(1),
            Duration.ofSeconds(8),
            1000);
    Anchorer anchorer = newAnchorer();
    int total = Anchorer.RETAINED_FINAL_EPOCHS + 10;
    for (int i = 0; i < total; i++) {
      sealNext(anchorer);
    }
    anchorer.tick();
    chain.mine();
    anchorer.tick();
    chain.mine(FakeChain.FINALITY_DEPTH);
    anchorer.tick();

    assertThat(anchorer.epochs()).hasSize(Anchorer.RETAINED_FINAL_EPOCHS);
    assertThat(anchorer.epoch(0)).isEmpty();
    assertThat(anchorer.nextEpochSeq()).isEqualTo(total);
    assertThat(newAnchorer().epochs()).hasSize(Anchorer.RETAINED_FINAL_EPOCHS);
    assertThat(store.loadAll()).hasSize(total);
  }

  private static BigInteger percentOf(BigInteger v, int percent) {
    return v.multiply(BigInteger.valueOf(percent)).divide(BigInteger.valueOf(100));
  }
}
