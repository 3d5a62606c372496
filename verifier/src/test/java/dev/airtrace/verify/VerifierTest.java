package dev.airtrace.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airtrace.core.integrity.Anchor;
import dev.airtrace.core.integrity.AnchorProof;
import dev.airtrace.core.integrity.AnchorState;
import dev.airtrace.core.integrity.Ed25519;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Everything the verifier decides before it goes online. */
class VerifierTest {
  private final ProofFixture fixture = ProofFixture.epoch(3);
  private final Verifier offline = Verifier.create(VerifierConfig.of());

  @Test
  void shouldNotDecideWhenMerkleIsValidButNoEndpointIsGiven() {
    VerificationResult result = offline.verify(fixture.proofWithMadeUpAnchor());

    assertThat(result.verdict()).isEqualTo(Verdict.CANNOT_DECIDE);
    assertThat(result.reason()).contains("no --rpc");
    assertThat(result.endpoints()).isEmpty();
  }

  @Test
  void shouldBeInvalidWhenOneLeafByteChanged() {
    AnchorProof tampered = ProofFixture.withChangedLeafByte(fixture.proofWithMadeUpAnchor());

    VerificationResult result = offline.verify(tampered);

    assertThat(result.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(result.reason()).startsWith("Merkle part:").contains("level 0");
  }

  @Test
  void shouldCheckGatewaySignatureWhenKeyIsGiven() {
    AnchorProof proof = fixture.proofWithMadeUpAnchor();

    assertThat(offline.verify(proof, fixture.gatewayKey.getPublic()).verdict())
        .isEqualTo(Verdict.CANNOT_DECIDE);
    assertThat(offline.verify(proof, Ed25519.generate().getPublic()).verdict())
        .isEqualTo(Verdict.INVALID);
  }

  @Test
  void shouldBeInvalidWhenProofNamesAnotherSubmitterThanTheTrustedOne() {
    Verifier trusting =
        Verifier.create(
            VerifierConfig.builder().trusting(null, null, "0x" + "11".repeat(20)).build());

    VerificationResult result = trusting.verify(fixture.proofWithMadeUpAnchor());

    assertThat(result.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(result.reason()).contains("submitter");
  }

  @Test
  void shouldBeInvalidWhenProofNamesAnotherChainOrContractThanTheTrustedOnes() {
    AnchorProof proof = fixture.proofWithMadeUpAnchor();

    assertThat(
            Verifier.create(VerifierConfig.builder().trusting(1L, null, null).build())
                .verify(proof)
                .reason())
        .contains("chain 1");
    assertThat(
            Verifier.create(
                    VerifierConfig.builder().trusting(null, "0x" + "22".repeat(20), null).build())
                .verify(proof)
                .verdict())
        .isEqualTo(Verdict.INVALID);
  }

  @Test
  void shouldAcceptTrustedValuesInAnyCase() {
    Verifier trusting =
        Verifier.create(
            VerifierConfig.builder()
                .trusting(
                    31337L,
                    ProofFixture.CONTRACT.toUpperCase().replace("0X", "0x"),
                    ProofFixture.SUBMITTER)
                .build());

    assertThat(trusting.verify(fixture.proofWithMadeUpAnchor()).verdict())
        .isEqualTo(Verdict.CANNOT_DECIDE); // offline part and trust passed; no endpoint
  }

  @Test
  void shouldBeInvalidWhenTopic0IsNotRootAnchorsEvent() {
    Anchor a = fixture.proofWithMadeUpAnchor().anchor();
    Anchor other =
        new Anchor(
            a.chainId(),
            a.contract(),
            a.submitter(),
            a.event(),
            "0x" + "00".repeat(32),
            a.txHash(),
            a.blockNumber(),
            a.blockHash(),
            a.logIndex(),
            a.state());

    VerificationResult result = offline.verify(fixture.proof(other));

    assertThat(result.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(result.reason()).contains("not RootAnchor's");
  }

  @Test
  void shouldNotDecideWhileTheEpochIsPending() {
    Anchor pending =
        Anchor.pending(
            31337,
            ProofFixture.CONTRACT,
            ProofFixture.SUBMITTER,
            Anchor.ANCHORED_EVENT,
            Verifier.ANCHORED_TOPIC0);
    Verifier online = Verifier.create(VerifierConfig.of(URI.create("http://127.0.0.1:9")));

    VerificationResult result = online.verify(fixture.proof(pending));

    assertThat(result.verdict()).isEqualTo(Verdict.CANNOT_DECIDE);
    assertThat(result.reason()).contains("not anchored yet");
    assertThat(pending.state()).isEqualTo(AnchorState.PENDING);
  }

  @Test
  void shouldRequireEveryEndpointToAgree() {
    URI a = URI.create("http://a.example");
    URI b = URI.create("http://b.example");
    var valid = new VerificationResult.EndpointResult(a, Verdict.VALID, "final");
    var validToo = new VerificationResult.EndpointResult(b, Verdict.VALID, "final");
    var invalid = new VerificationResult.EndpointResult(b, Verdict.INVALID, "no receipt");
    var invalidToo = new VerificationResult.EndpointResult(a, Verdict.INVALID, "no receipt");
    var down = new VerificationResult.EndpointResult(b, Verdict.CANNOT_DECIDE, "refused");

    assertThat(Verifier.combine(List.of(valid, validToo)).verdict()).isEqualTo(Verdict.VALID);
    assertThat(Verifier.combine(List.of(invalidToo, invalid)).verdict()).isEqualTo(Verdict.INVALID);
    assertThat(Verifier.combine(List.of(valid, invalid)).verdict())
        .isEqualTo(Verdict.CANNOT_DECIDE);
    assertThat(Verifier.combine(List.of(valid, down)).reason()).contains("endpoints disagree");
  }

  @Test
  void shouldWriteOneLineReasonAndParsableJson() throws Exception {
    VerificationResult result =
        new VerificationResult(
            Verdict.INVALID,
            "first\nsecond",
            List.of(
                new VerificationResult.EndpointResult(
                    URI.create("http://x"), Verdict.INVALID, "x")),
            java.time.Duration.ofMillis(1),
            java.time.Duration.ofMillis(20));

    assertThat(result.line()).isEqualTo("INVALID: first second");
    var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(result.toJson());
    assertThat(json.get("exitCode").asInt()).isEqualTo(1);
    assertThat(json.get("endpoints").get(0).get("rpc").asText()).isEqualTo("http://x");
    assertThat(json.get("timing").get("offlineMicros").asLong()).isEqualTo(1000);
  }
}
