package dev.airtrace.anchoring.proof;

import static dev.airtrace.anchoring.testdata.BatchHeaders.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airtrace.anchoring.chain.AnchoredEvent;
import dev.airtrace.anchoring.epoch.EpochBuilder;
import dev.airtrace.anchoring.state.EpochRecord;
import dev.airtrace.anchoring.state.Inclusion;
import dev.airtrace.anchoring.state.Submission;
import dev.airtrace.anchoring.testdata.BatchHeaders;
import dev.airtrace.core.integrity.AnchorProof;
import dev.airtrace.core.integrity.AnchorProofJson;
import dev.airtrace.core.integrity.AnchorState;
import dev.airtrace.core.integrity.BatchHeader;
import dev.airtrace.core.integrity.InclusionProof;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProofAssemblerTest {
  private static final String CONTRACT = "0x5fbdb2315678afecb367f032d93f642f64180aa3";
  private static final String SUBMITTER = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";
  private static final String TX = "0x" + "11".repeat(32);
  private static final String BLOCK = "0x" + "22".repeat(32);

  private final ProofAssembler assembler =
      new ProofAssembler(31337, CONTRACT, SUBMITTER, AnchoredEvent.TOPIC0);

  private static List<BatchHeader> fiveHeaders() {
    List<BatchHeader> headers = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      headers.add(header().gateway(i % 2 == 0 ? "gw-a" : "gw-b").seq(i).size(3 + i).signed());
    }
    headers.sort(EpochBuilder.HEADER_ORDER);
    return headers;
  }

  private static EpochRecord finalEpoch(List<BatchHeader> headers) {
    return EpochBuilder.seal(4, headers, 0)
        .submitted(new Submission(BigInteger.TWO, TX, "0x02", BigInteger.TEN, BigInteger.ONE, 0, 0))
        .included(new Inclusion(TX, 99, BLOCK, 0, 5, BigInteger.valueOf(25_500)))
        .finalized();
  }

  @Test
  void shouldGiveEveryHeaderALevelOnePathToTheEpochRoot() {
    List<BatchHeader> headers = fiveHeaders();
    EpochRecord epoch = EpochBuilder.seal(4, headers, 0);

    for (BatchHeader h : headers) {
      InclusionProof path = assembler.epochPath(epoch, h);
      assertThat(path.size()).isEqualTo(5);
      assertThat(path.verifies(h.leafHash(), epoch.rootBytes())).isTrue();
    }
  }

  @Test
  void shouldAssembleAProofThatVerifiesOfflineAndRoundTripsAsJson() {
    List<BatchHeader> headers = fiveHeaders();
    EpochRecord epoch = finalEpoch(headers);
    BatchHeaders source = header().gateway("gw-b").seq(3).size(6);
    BatchHeader h = source.signed();
    byte[] reading = source.leaves().get(4);

    AnchorProof proof = assembler.assemble(reading, 4, source.leafHashes(), h, epoch);

    assertThat(proof.verifyMerkle().isValid()).isTrue();
    assertThat(proof.levels()).hasSize(2);
    assertThat(proof.batch().seq()).isEqualTo(4);
    assertThat(proof.anchor().state()).isEqualTo(AnchorState.FINAL);
    assertThat(proof.anchor().blockNumber()).isEqualTo(99L);
    assertThat(AnchorProofJson.read(AnchorProofJson.write(proof))).isEqualTo(proof);
  }

  @Test
  void shouldReportPendingWithTheStandingTransactionWhileSubmitted() {
    EpochRecord submitted =
        EpochBuilder.seal(1, fiveHeaders(), 0)
            .submitted(
                new Submission(BigInteger.ONE, TX, "0x02", BigInteger.TEN, BigInteger.ONE, 0, 0));

    assertThat(assembler.anchor(submitted).state()).isEqualTo(AnchorState.PENDING);
    assertThat(assembler.anchor(submitted).txHash()).isEqualTo(TX);
  }

  @Test
  void shouldRefuseAHeaderThatDiffersFromTheSealedOne() {
    EpochRecord epoch = EpochBuilder.seal(4, fiveHeaders(), 0);
    BatchHeader forged = header().gateway("gw-a").seq(0).size(99).build();

    assertThatThrownBy(() -> assembler.epochPath(epoch, forged))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("differs");
  }

  @Test
  void shouldRefuseLeafHashesThatDoNotRebuildTheBatchRoot() {
    BatchHeaders source = header().seq(3).size(4);
    List<byte[]> wrong = new ArrayList<>(source.leafHashes());
    wrong.set(2, new byte[32]);

    assertThatThrownBy(() -> ProofAssembler.batchPath(source.build(), wrong, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
