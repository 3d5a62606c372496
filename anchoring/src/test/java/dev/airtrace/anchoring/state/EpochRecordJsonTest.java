package dev.airtrace.anchoring.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airtrace.anchoring.epoch.EpochBuilder;
import dev.airtrace.anchoring.testdata.BatchHeaders;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class EpochRecordJsonTest {
  private static final String HASH_A = "0x" + "ab".repeat(32);
  private static final String HASH_B = "0x" + "cd".repeat(32);

  private static EpochRecord sealed() {
    return EpochBuilder.seal(
        3,
        List.of(
            BatchHeaders.header().gateway("gw-1").seq(4).build(),
            BatchHeaders.header().gateway("gw-2").seq(9).build()),
        1234);
  }

  private static Submission submission(String hash) {
    return new Submission(
        BigInteger.valueOf(5),
        hash,
        "0x02f8",
        BigInteger.valueOf(3_000_000_000L),
        BigInteger.ONE,
        10,
        20);
  }

  @Test
  void shouldRoundTripEveryState() {
    EpochRecord sealed = sealed();
    EpochRecord submitted = sealed.submitted(submission(HASH_A)).submitted(submission(HASH_B));
    EpochRecord included =
        submitted.included(new Inclusion(HASH_A, 17, HASH_B, 0, 3, BigInteger.valueOf(25_454)));
    EpochRecord fin = included.finalized();

    for (EpochRecord r : List.of(sealed, submitted, included, fin)) {
      assertThat(EpochRecordJson.read(EpochRecordJson.write(r))).isEqualTo(r);
    }
    assertThat(submitted.priorTxHashes()).containsExactly(HASH_A);
  }

  @Test
  void shouldRejectUnknownMembers() {
    String json = new String(EpochRecordJson.write(sealed()), StandardCharsets.UTF_8);
    String extra = json.replaceFirst("\\{", "{\"surprise\":1,");

    assertThatThrownBy(() -> EpochRecordJson.read(extra.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldRejectARecordWhoseFieldsDoNotFitItsState() {
    EpochRecord s = sealed();
    assertThatThrownBy(
            () ->
                new EpochRecord(
                    s.seq(),
                    s.root(),
                    s.firstTs(),
                    s.lastTs(),
                    s.leaves(),
                    s.sealedAtMs(),
                    EpochState.INCLUDED,
                    submission(HASH_A),
                    null,
                    List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldRefuseToFinalizeAnEpochThatIsNotIncluded() {
    assertThatThrownBy(() -> sealed().submitted(submission(HASH_A)).finalized())
        .isInstanceOf(IllegalStateException.class);
  }
}
