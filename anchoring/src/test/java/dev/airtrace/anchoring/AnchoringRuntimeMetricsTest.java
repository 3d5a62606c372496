package dev.airtrace.anchoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airtrace.anchoring.state.EpochRecord;
import dev.airtrace.anchoring.state.Inclusion;
import dev.airtrace.anchoring.state.LeafRef;
import dev.airtrace.anchoring.state.Submission;
import java.math.BigInteger;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The backlog and last-final-epoch numbers the anchoring service exports, on hand-made epochs. */
class AnchoringRuntimeMetricsTest {
  private static final String TX = "0x" + "11".repeat(32);
  private static final String BLOCK = "0x" + "22".repeat(32);

  private static EpochRecord sealed(long seq, int leaves) {
    List<LeafRef> refs =
        IntStream.range(0, leaves)
            .mapToObj(i -> new LeafRef("gw-" + seq, i, String.format("%064x", i)))
            .toList();
    return EpochRecord.sealed(seq, "ab".repeat(32), 0, 1, refs, 2);
  }

  private static EpochRecord submitted(long seq, int leaves) {
    return sealed(seq, leaves)
        .submitted(
            new Submission(BigInteger.TWO, TX, "0x02", BigInteger.TEN, BigInteger.ONE, 0, 0));
  }

  private static EpochRecord finalised(long seq, int leaves) {
    return submitted(seq, leaves)
        .included(new Inclusion(TX, 99, BLOCK, 0, 5, BigInteger.valueOf(25_500)))
        .finalized();
  }

  @Test
  void shouldCountOpenHeadersAndTheLeavesOfEveryEpochNotYetFinal() {
    List<EpochRecord> epochs =
        List.of(finalised(0, 7), finalised(1, 2), submitted(2, 3), sealed(3, 4));

    // 5 open + 3 (submitted) + 4 (sealed); the final epochs' 9 headers are done
    assertThat(AnchoringRuntime.backlog(5, epochs)).isEqualTo(12);
  }

  @Test
  void shouldReportTheNewestFinalEpochOrMinusOneBeforeTheFirst() {
    assertThat(AnchoringRuntime.lastFinalEpoch(List.of(finalised(0, 1), finalised(1, 1))))
        .isEqualTo(1);
    assertThat(AnchoringRuntime.lastFinalEpoch(List.of(sealed(0, 1), submitted(1, 1))))
        .isEqualTo(-1);
    assertThat(AnchoringRuntime.lastFinalEpoch(List.of())).isEqualTo(-1);
  }
}
