package dev.airtrace.anchoring;

import static dev.airtrace.anchoring.testdata.BatchHeaders.header;
import static dev.airtrace.anchoring.testdata.Integration.atMost;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.airtrace.anchoring.chain.AnchoredEvent;
import dev.airtrace.anchoring.chain.TxReceipt;
import dev.airtrace.anchoring.epoch.EpochBuilder;
import dev.airtrace.anchoring.state.EpochRecord;
import dev.airtrace.anchoring.state.EpochState;
import dev.airtrace.anchoring.testdata.BatchHeaders;
import dev.airtrace.core.deadletter.DeadLetter;
import dev.airtrace.core.deadletter.RejectReason;
import dev.airtrace.core.integrity.AnchorProof;
import dev.airtrace.core.integrity.AnchorProofJson;
import dev.airtrace.core.integrity.AnchorState;
import dev.airtrace.core.integrity.BatchHeader;
import dev.airtrace.localstack.AnvilService;
import dev.airtrace.topics.gateway.BatchHeaderJson;
import dev.airtrace.verify.Verdict;
import dev.airtrace.verify.VerificationResult;
import dev.airtrace.verify.Verifier;
import dev.airtrace.verify.VerifierConfig;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The anchoring service against a real anvil chain (the committed RootAnchor bytecode deployed) and
 * the real Kafka broker: one transaction per epoch, the Anchored log on chain, reorg, outage and
 * restart.
 */
@Timeout(180)
class AnchoringRuntimeIT {
  private static final Duration WAIT = atMost(Duration.ofSeconds(60));
  private static final Duration LONG_T = Duration.ofMinutes(10);

  private AnchoringFixture f;

  @BeforeEach
  void setUp() {
    f = new AnchoringFixture();
  }

  @AfterEach
  void tearDown() {
    if (f != null) {
      f.close();
    }
  }

  /** Three headers per epoch, in the order they are produced. */
  private static List<BatchHeader> headers(int epochs, int firstSeq) {
    List<BatchHeader> all = new ArrayList<>();
    for (int i = 0; i < epochs * 3; i++) {
      String gw = i % 2 == 0 ? "gw-b" : "gw-a";
      all.add(header().gateway(gw).seq(firstSeq + i).size(2 + i % 5).signed());
    }
    return all;
  }

  /** The produced headers that {@code e} sealed, in epoch order (rebuilt independently). */
  private static List<BatchHeader> headersOf(EpochRecord e, List<BatchHeader> produced) {
    List<String> keys = e.leaves().stream().map(l -> l.key()).toList();
    return produced.stream()
        .filter(h -> keys.contains(EpochBuilder.key(h)))
        .sorted(EpochBuilder.HEADER_ORDER)
        .toList();
  }

  private BigInteger anchorTransactionsMined() {
    return f.chain.minedNonce(f.signer.address()).subtract(BigInteger.ONE); // minus the deploy
  }

  @Test
  void shouldAnchorEachEpochWithOneTransactionWhoseLogCarriesTheEpochRoot() {
    List<BatchHeader> produced = headers(2, 0);
    f.start(3, LONG_T);

    f.produceAll(produced);

    await().atMost(WAIT).until(() -> f.allIn(EpochState.INCLUDED, 2));
    assertThat(f.epochs().stream().flatMap(e -> e.leaves().stream()).map(l -> l.key()))
        .containsExactlyInAnyOrderElementsOf(produced.stream().map(EpochBuilder::key).toList());
    for (EpochRecord e : f.epochs()) {
      EpochRecord expected = EpochBuilder.seal(e.seq(), headersOf(e, produced), 0);
      assertThat(e.root()).isEqualTo(expected.root());
      TxReceipt receipt = f.chain.receipt(e.inclusion().txHash()).orElseThrow();
      assertThat(receipt.success()).isTrue();
      AnchoredEvent event =
          AnchoredEvent.decode(receipt.logs().get((int) e.inclusion().logIndex()), f.contract)
              .orElseThrow();
      assertThat(event.root()).isEqualTo(expected.root());
      assertThat(event.seq()).isEqualTo(e.seq());
      assertThat(event.leafCount()).isEqualTo(3);
      assertThat(event.firstTs()).isEqualTo(expected.firstTs());
      assertThat(event.lastTs()).isEqualTo(expected.lastTs());
      assertThat(event.submitter()).isEqualTo(f.signer.address());
      // Reported in docs/anchoring.md; RootAnchor costs 25.4k-25.6k gas under Prague rules.
      System.out.println(
          "GAS anchor epoch "
              + e.seq()
              + " gasUsed="
              + receipt.gasUsed()
              + " tx="
              + receipt.txHash());
      assertThat(receipt.gasUsed())
          .isBetween(BigInteger.valueOf(25_000), BigInteger.valueOf(26_000));
    }
    System.out.println("GAS deploy gasUsed=" + f.deployReceipt.gasUsed());
    assertThat(anchorTransactionsMined()).isEqualTo(BigInteger.TWO);

    f.anvil.mine(AnvilService.FINALITY_DEPTH);

    await().atMost(WAIT).until(() -> f.allIn(EpochState.FINAL, 2));
    assertThat(f.storedEpochs()).extracting(EpochRecord::state).containsOnly(EpochState.FINAL);
    assertThat(anchorTransactionsMined()).isEqualTo(BigInteger.TWO);
    assertProofOfOneReadingIsFinalAndVerifiesOffline(produced.get(4));
  }

  private void assertProofOfOneReadingIsFinalAndVerifiesOffline(BatchHeader h) {
    BatchHeaders batch = header().gateway(h.gatewayId().value()).seq(h.seq()).size((int) h.size());
    EpochRecord epoch = f.epochOf(h).orElseThrow();
    int index = (int) h.size() - 1;

    AnchorProof proof =
        f.proofs().assemble(batch.leaves().get(index), index, batch.leafHashes(), h, epoch);

    assertThat(proof.verifyMerkle().isValid()).isTrue();
    assertThat(proof.anchor().state()).isEqualTo(AnchorState.FINAL);
    assertThat(proof.anchor().chainId()).isEqualTo(AnvilService.CHAIN_ID);
    assertThat(proof.anchor().blockHash()).isEqualTo(epoch.inclusion().blockHash());
    System.out.println("PROOF bytes=" + AnchorProofJson.write(proof).length);

    VerificationResult verdict =
        Verifier.create(
                VerifierConfig.builder(URI.create(f.anvil.rpcUrl()))
                    .trusting(AnvilService.CHAIN_ID, f.contract, f.signer.address())
                    .build())
            .verify(proof);
    assertThat(verdict.verdict()).as(verdict.reason()).isEqualTo(Verdict.VALID);
  }

  @Test
  void shouldDeadLetterCorruptAndConflictingHeadersOnKafkaAndAnchorTheGoodOnes() {
    BatchHeader first = header().gateway("gw-a").seq(0).size(2).signed();
    BatchHeader conflicting = header().gateway("gw-a").seq(0).size(3).signed();
    BatchHeader second = header().gateway("gw-a").seq(1).size(2).signed();
    byte[] corrupt = "{\"gateway\":\"gw-a\",\"seq\":".getBytes(StandardCharsets.UTF_8);
    f.start(2, LONG_T);

    f.produceRaw("gw-a:9", corrupt);
    f.produce(first);
    f.produce(conflicting);
    f.produce(second);

    await().atMost(WAIT).until(() -> f.allIn(EpochState.INCLUDED, 1));
    assertThat(f.epochs().get(0).leaves())
        .extracting(l -> l.leafHash())
        .contains(HexFormat.of().formatHex(first.leafHash()));
    await().atMost(WAIT).until(() -> f.deadLetters().size() == 2);
    List<Map.Entry<String, DeadLetter>> dead = f.deadLetters();
    assertThat(dead).extracting(Map.Entry::getKey).containsExactly("gw-a:9", "gw-a:0");
    assertThat(dead.get(0).getValue().reason()).isEqualTo(RejectReason.UNDECODABLE_RECORD);
    assertThat(dead.get(0).getValue().payload()).isEqualTo(corrupt);
    assertThat(dead.get(0).getValue().source()).isEqualTo("kafka:" + f.headersTopic + "/0/0");
    assertThat(dead.get(1).getValue().reason()).isEqualTo(RejectReason.CONFLICTING_BATCH_HEADER);
    assertThat(dead.get(1).getValue().payload()).isEqualTo(BatchHeaderJson.encode(conflicting));
    assertThat(dead.get(1).getValue().source()).isEqualTo("kafka:" + f.headersTopic + "/0/2");
  }

  @Test
  void shouldReanchorAnEpochWhoseBlockAReorgRemoved() {
    f.start(3, LONG_T);
    f.produceAll(headers(1, 0));
    await().atMost(WAIT).until(() -> f.allIn(EpochState.INCLUDED, 1));
    EpochRecord before = f.epoch(0).orElseThrow();
    long depth = f.anvil.blockNumber() - before.inclusion().blockNumber() + 1;

    f.anvil.reorg((int) depth);

    await()
        .atMost(WAIT)
        .until(
            () ->
                f.epoch(0)
                    .filter(e -> e.state() == EpochState.INCLUDED)
                    .filter(e -> !e.inclusion().blockHash().equals(before.inclusion().blockHash()))
                    .isPresent());
    EpochRecord after = f.epoch(0).orElseThrow();
    assertThat(after.inclusion().txHash()).isEqualTo(before.submission().txHash());
    TxReceipt receipt = f.chain.receipt(after.inclusion().txHash()).orElseThrow();
    assertThat(receipt.blockHash()).isEqualTo(after.inclusion().blockHash());
    assertThat(anchorTransactionsMined()).isEqualTo(BigInteger.ONE);

    f.anvil.mine(AnvilService.FINALITY_DEPTH);
    await().atMost(WAIT).until(() -> f.allIn(EpochState.FINAL, 1));
  }

  @Test
  void shouldAnchorTheBacklogSealedWhileTheNodeWasDownWhenItReturns() {
    f.start(3, LONG_T);
    f.produceAll(headers(1, 0));
    await().atMost(WAIT).until(() -> f.allIn(EpochState.INCLUDED, 1));

    f.anvil.stop();
    f.produceAll(headers(2, 100));
    await().atMost(WAIT).until(() -> f.epochs().size() == 3);
    await()
        .during(Duration.ofSeconds(3))
        .atMost(WAIT)
        .until(
            () ->
                f.epochs().stream()
                    .filter(e -> e.seq() > 0)
                    .allMatch(e -> e.state() == EpochState.SEALED));

    f.anvil.restart();

    await().atMost(WAIT).until(() -> f.allIn(EpochState.INCLUDED, 3));
    assertThat(f.epochs().stream().map(e -> e.inclusion().txHash()).collect(Collectors.toSet()))
        .hasSize(3);
    assertThat(anchorTransactionsMined()).isEqualTo(BigInteger.valueOf(3));
  }

  @Test
  void shouldNotSendASecondTransactionForAnEpochSubmittedBeforeARestart() {
    f.anvil.call("evm_setAutomine", false);
    f.start(3, LONG_T);
    f.produceAll(headers(1, 0));
    await().atMost(WAIT).until(() -> f.allIn(EpochState.SUBMITTED, 1));
    EpochRecord submitted = f.epoch(0).orElseThrow();

    f.stopService();
    f.start(3, LONG_T);
    assertThat(f.epochs()).extracting(EpochRecord::state).containsExactly(EpochState.SUBMITTED);
    await()
        .during(Duration.ofSeconds(2))
        .atMost(WAIT)
        .until(() -> f.allIn(EpochState.SUBMITTED, 1));
    // Nothing beyond the deploy and the one persisted transaction is waiting in the mempool.
    assertThat(f.chain.pendingNonce(f.signer.address())).isEqualTo(BigInteger.TWO);

    f.anvil.mine(1);

    await().atMost(WAIT).until(() -> f.allIn(EpochState.INCLUDED, 1));
    assertThat(f.epoch(0).orElseThrow().inclusion().txHash())
        .isEqualTo(submitted.submission().txHash());
    assertThat(anchorTransactionsMined()).isEqualTo(BigInteger.ONE);
  }

  @Test
  void shouldSealAfterARestartTheHeadersThatWereStillOpenWhenItStopped() {
    List<BatchHeader> produced = headers(2, 0);
    f.start(3, LONG_T);
    f.produceAll(produced.subList(0, 4));
    await().atMost(WAIT).until(() -> f.epochs().size() == 1);

    f.stopService(); // one header is consumed but in no stored epoch
    f.start(3, LONG_T);
    f.produceAll(produced.subList(4, 6));

    await().atMost(WAIT).until(() -> f.allIn(EpochState.INCLUDED, 2));
    assertThat(f.epochs().stream().flatMap(e -> e.leaves().stream()).map(l -> l.key()))
        .containsExactlyInAnyOrderElementsOf(produced.stream().map(EpochBuilder::key).toList());
  }

  @Test
  void shouldReplaceAStuckTransactionWithHigherFeesAndTheSameNonce() {
    f.anvil.call("evm_setAutomine", false);
    f.start(3, Duration.ofSeconds(2));
    f.produceAll(headers(1, 0));
    await().atMost(WAIT).until(() -> f.allIn(EpochState.SUBMITTED, 1));
    EpochRecord first = f.epoch(0).orElseThrow();

    await().atMost(WAIT).until(() -> !f.epoch(0).orElseThrow().priorTxHashes().isEmpty());
    EpochRecord bumped = f.epoch(0).orElseThrow();
    f.anvil.mine(1);

    await().atMost(WAIT).until(() -> f.allIn(EpochState.INCLUDED, 1));
    EpochRecord included = f.epoch(0).orElseThrow();
    assertThat(bumped.submission().nonce()).isEqualTo(first.submission().nonce());
    assertThat(bumped.submission().maxFeePerGas())
        .isGreaterThanOrEqualTo(
            first
                .submission()
                .maxFeePerGas()
                .multiply(BigInteger.valueOf(110))
                .divide(BigInteger.valueOf(100)));
    assertThat(included.inclusion().txHash()).isNotEqualTo(first.submission().txHash());
    assertThat(f.chain.receipt(first.submission().txHash())).isEmpty();
    assertThat(anchorTransactionsMined()).isEqualTo(BigInteger.ONE);
  }
}
