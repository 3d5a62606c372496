package dev.airtrace.anchoring.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class FeesTest {
  private static Fees fees(long max, long tip) {
    return new Fees(BigInteger.valueOf(max), BigInteger.valueOf(tip));
  }

  @Test
  void shouldRaiseBothFieldsByThePercentRoundingUp() {
    assertThat(fees(1001, 11).bumpedBy(10)).isEqualTo(fees(1102, 13));
  }

  @Test
  void shouldRaiseByAtLeastOneWeiEvenFromZero() {
    assertThat(fees(0, 0).bumpedBy(10)).isEqualTo(fees(1, 1));
  }

  @Test
  void shouldCapTheTipAtTheCeilingToo() {
    assertThat(fees(500, 400).cappedAt(BigInteger.valueOf(300))).isEqualTo(fees(300, 300));
  }

  @Test
  void shouldRejectATipAboveTheCap() {
    assertThatThrownBy(() -> fees(10, 11)).isInstanceOf(IllegalArgumentException.class);
  }
}
