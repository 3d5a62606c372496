package dev.airtrace.anchoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TransactionPolicyTest {
  private static final String CONTRACT = "0x5FbDB2315678afecb367f032d93F642f64180aa3";

  @Test
  void shouldLowercaseTheContractAndKeepTheNamedDefaults() {
    TransactionPolicy c = TransactionPolicy.defaults(CONTRACT);

    assertThat(c.contract()).isEqualTo(CONTRACT.toLowerCase(java.util.Locale.ROOT));
    assertThat(c.feeBumpPercent()).isEqualTo(TransactionPolicy.DEFAULT_FEE_BUMP_PERCENT);
    assertThat(c.inclusionTimeout()).isEqualTo(TransactionPolicy.DEFAULT_INCLUSION_TIMEOUT);
  }

  @Test
  void shouldRejectAFeeBumpBelowWhatNodesAccept() {
    assertThatThrownBy(
            () ->
                new TransactionPolicy(
                    CONTRACT,
                    TransactionPolicy.DEFAULT_GAS_LIMIT,
                    Duration.ofMinutes(1),
                    9,
                    BigInteger.TEN,
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(2),
                    1))
        .hasMessageContaining("feeBumpPercent");
  }

  @Test
  void shouldRejectABackoffWhoseMaximumIsBelowItsStart() {
    assertThatThrownBy(
            () ->
                TransactionPolicy.builder(CONTRACT)
                    .backoff(Duration.ofSeconds(10), Duration.ofSeconds(1))
                    .build())
        .hasMessageContaining("maxBackoff");
  }

  @Test
  void shouldRejectAMalformedContractAddress() {
    assertThatThrownBy(() -> TransactionPolicy.defaults("0x1234")).hasMessageContaining("contract");
  }
}
