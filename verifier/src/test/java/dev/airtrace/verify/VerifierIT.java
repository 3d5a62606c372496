package dev.airtrace.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airtrace.core.integrity.Anchor;
import dev.airtrace.core.integrity.AnchorProof;
import dev.airtrace.localstack.AnvilService;
import dev.airtrace.localstack.FreePorts;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The verifier against a real anvil chain with the committed RootAnchor contract: each test anchors
 * its own epoch root (built with core's MerkleTree over signed batch headers of reading leaves) and
 * assembles the proof by hand.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class VerifierIT {
  private static final Logger LOG = LoggerFactory.getLogger(VerifierIT.class);
  private static final AtomicLong EPOCHS = new AtomicLong();
  // Private chain: these tests reorg and stop it.
  private static AnvilService anvil;
  private static RootAnchorContract contract;
  private static Verifier verifier;

  @BeforeAll
  static void deploy() throws Exception {
    anvil = AnvilService.launch();
    contract = RootAnchorContract.deploy(anvil);
    verifier = Verifier.create(VerifierConfig.of(URI.create(anvil.rpcUrl())));
  }

  @AfterAll
  static void stop() {
    if (anvil != null) {
      anvil.close();
    }
  }

  /** Anchors a fresh epoch and returns the proof of one of its readings (state included). */
  private static AnchorProof anchoredProof() {
    ProofFixture fixture = ProofFixture.epoch(EPOCHS.incrementAndGet());
    JsonNode receipt = contract.anchor(fixture.epoch);
    assertThat(receipt.get("status").asText()).isEqualTo("0x1");
    return fixture.proof(contract.anchorOf(receipt));
  }

  private static void finalizeAll() {
    anvil.mine(AnvilService.FINALITY_DEPTH + 1);
  }

  @Test
  void shouldNotDecideUntilTheBlockIsFinalThenBeValid() {
    AnchorProof proof = anchoredProof();

    VerificationResult early = verifier.verify(proof);
    assertThat(early.verdict()).as(early.line()).isEqualTo(Verdict.CANNOT_DECIDE);
    assertThat(early.reason()).contains("not final yet");

    finalizeAll();
    VerificationResult late = verifier.verify(proof);
    assertThat(late.verdict()).as(late.line()).isEqualTo(Verdict.VALID);
    assertThat(late.reason()).contains("final block " + proof.anchor().blockNumber());
  }

  @Test
  void shouldBeInvalidWhenOneLeafByteChanged() {
    AnchorProof proof = anchoredProof();
    finalizeAll();

    VerificationResult result = verifier.verify(ProofFixture.withChangedLeafByte(proof));

    assertThat(result.verdict()).as(result.line()).isEqualTo(Verdict.INVALID);
    assertThat(result.endpoints()).isEmpty(); // decided offline
  }

  @Test
  void shouldBeInvalidWhenProofNamesAnotherContract() {
    AnchorProof proof = anchoredProof();
    finalizeAll();

    VerificationResult result =
        verifier.verify(proof.withAnchor(naming(proof.anchor(), anvil.accounts().get(2), null)));

    assertThat(result.verdict()).as(result.line()).isEqualTo(Verdict.INVALID);
    assertThat(result.reason()).contains("log was emitted by " + contract.address);
  }

  @Test
  void shouldBeInvalidWhenProofNamesAnotherSubmitter() {
    AnchorProof proof = anchoredProof();
    finalizeAll();

    VerificationResult result =
        verifier.verify(proof.withAnchor(naming(proof.anchor(), null, anvil.accounts().get(1))));

    assertThat(result.verdict()).as(result.line()).isEqualTo(Verdict.INVALID);
    assertThat(result.reason()).contains("log submitter");
  }

  @Test
  void shouldBeInvalidWhenProofNamesAnotherChain() {
    AnchorProof proof = anchoredProof();
    finalizeAll();

    VerificationResult result = verifier.verify(proof.withAnchor(onChain(proof.anchor(), 1L)));

    assertThat(result.verdict()).as(result.line()).isEqualTo(Verdict.INVALID);
    assertThat(result.reason()).contains("node serves chain 31337 but the proof is for chain 1");
  }

  @Test
  void shouldBeInvalidWhenTheEpochFieldsDifferFromTheLog() {
    ProofFixture fixture = ProofFixture.epoch(EPOCHS.incrementAndGet());
    JsonNode receipt = contract.anchor(fixture.epoch);
    finalizeAll();
    // the same root and paths, but the proof claims another epoch number than the log's
    AnchorProof proof = fixture.proof(contract.anchorOf(receipt));
    AnchorProof otherSeq =
        new AnchorProof(
            proof.leaf(),
            proof.levels(),
            new dev.airtrace.core.integrity.EpochBatch(
                fixture.epoch.seq() + 1000,
                fixture.epoch.root(),
                fixture.epoch.size(),
                fixture.epoch.firstTs(),
                fixture.epoch.lastTs()),
            proof.gatewayBatch(),
            proof.epochLeaf(),
            proof.anchor());

    VerificationResult result = verifier.verify(otherSeq);

    assertThat(result.verdict()).as(result.line()).isEqualTo(Verdict.INVALID);
    assertThat(result.reason()).contains("log seq");
  }

  @Test
  void shouldNotDecideAfterAReorgDropsTheAnchorThenBeInvalidOnceThatHeightIsFinal() {
    AnchorProof proof = anchoredProof(); // its block is the chain head

    anvil.reorg(1);
    VerificationResult during = verifier.verify(proof);
    assertThat(during.verdict()).as(during.line()).isEqualTo(Verdict.CANNOT_DECIDE);
    assertThat(during.reason()).contains("is not on chain").contains("not final yet");

    finalizeAll();
    VerificationResult after = verifier.verify(proof);
    assertThat(after.verdict()).as(after.line()).isEqualTo(Verdict.INVALID);
    assertThat(after.reason()).contains("is final");
  }

  @Test
  void shouldNotDecideWhileTheNodeIsDown() {
    AnchorProof proof = anchoredProof();
    finalizeAll();

    anvil.stop();
    try {
      VerificationResult result = verifier.verify(proof);
      assertThat(result.verdict()).as(result.line()).isEqualTo(Verdict.CANNOT_DECIDE);
      assertThat(result.reason()).contains("unreachable");
    } finally {
      anvil.restart();
    }
    assertThat(verifier.verify(proof).verdict()).isEqualTo(Verdict.VALID);
  }

  @Test
  void shouldRequireTwoEndpointsToAgree() {
    AnchorProof proof = anchoredProof();
    finalizeAll();
    URI live = URI.create(anvil.rpcUrl());
    URI dead = URI.create("http://127.0.0.1:" + FreePorts.pick());

    VerificationResult both = Verifier.create(VerifierConfig.of(live, live)).verify(proof);
    VerificationResult oneDown = Verifier.create(VerifierConfig.of(live, dead)).verify(proof);

    assertThat(both.verdict()).as(both.line()).isEqualTo(Verdict.VALID);
    assertThat(both.endpoints()).hasSize(2);
    assertThat(oneDown.verdict()).as(oneDown.line()).isEqualTo(Verdict.CANNOT_DECIDE);
    assertThat(oneDown.reason()).contains("endpoints disagree");
  }

  @Test
  void shouldBeValidThroughTheCommandWithTrustedOperatorValues() throws Exception {
    AnchorProof proof = anchoredProof();
    finalizeAll();
    java.nio.file.Path file = java.nio.file.Files.createTempFile("proof", ".json");
    try {
      java.nio.file.Files.write(file, dev.airtrace.core.integrity.AnchorProofJson.write(proof));
      java.io.StringWriter out = new java.io.StringWriter();
      picocli.CommandLine cl = new picocli.CommandLine(new VerifyCommand());
      cl.setOut(new java.io.PrintWriter(out));

      int exit =
          cl.execute(
              file.toString(),
              "--rpc",
              anvil.rpcUrl(),
              "--chain-id",
              "31337",
              "--contract",
              contract.address,
              "--submitter",
              contract.submitter,
              "--json");

      assertThat(exit).as(out.toString()).isZero();
      assertThat(out.toString()).contains("\"verdict\":\"VALID\"");
      LOG.info("proof size: {} bytes", java.nio.file.Files.size(file));
    } finally {
      java.nio.file.Files.deleteIfExists(file);
    }
  }

  /** Median offline and total verification time of a final proof over N runs, logged. */
  @Test
  void shouldMeasureVerificationTime() {
    ProofFixture fixture = ProofFixture.epoch(EPOCHS.incrementAndGet());
    JsonNode receipt = contract.anchor(fixture.epoch);
    AnchorProof proof = fixture.proof(contract.anchorOf(receipt));
    LOG.info(
        "gas per anchor (RootAnchor.anchor, hardfork {}): {}",
        AnvilService.HARDFORK,
        AnvilService.quantity(receipt.get("gasUsed")));
    finalizeAll();
    int runs = 51;
    List<Long> offline = new ArrayList<>();
    List<Long> total = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      VerificationResult result = verifier.verify(proof);
      assertThat(result.verdict()).isEqualTo(Verdict.VALID);
      offline.add(result.offline().toNanos());
      total.add(result.total().toNanos());
    }
    Collections.sort(offline);
    Collections.sort(total);
    LOG.info(
        "verification time over {} runs (anvil on loopback): offline median {} us, total median"
            + " {} us (min {} us, max {} us)",
        runs,
        offline.get(runs / 2) / 1_000,
        total.get(runs / 2) / 1_000,
        total.get(0) / 1_000,
        total.get(runs - 1) / 1_000);
    assertThat(total.get(runs / 2)).isGreaterThanOrEqualTo(offline.get(runs / 2));
  }

  private static Anchor onChain(Anchor a, long chainId) {
    return new Anchor(
        chainId,
        a.contract(),
        a.submitter(),
        a.event(),
        a.topic0(),
        a.txHash(),
        a.blockNumber(),
        a.blockHash(),
        a.logIndex(),
        a.state());
  }

  /** {@code a} naming another contract and/or submitter ({@code null} keeps it). */
  private static Anchor naming(Anchor a, String contract, String submitter) {
    return new Anchor(
        a.chainId(),
        contract == null ? a.contract() : contract,
        submitter == null ? a.submitter() : submitter,
        a.event(),
        a.topic0(),
        a.txHash(),
        a.blockNumber(),
        a.blockHash(),
        a.logIndex(),
        a.state());
  }
}
