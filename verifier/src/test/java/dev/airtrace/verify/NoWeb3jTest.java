package dev.airtrace.verify;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The verifier must stay auditable and light: JDK HTTP + Jackson + airtrace-core, no Ethereum
 * library. No class imports one (an ArchUnit rule in architecture-tests); this test checks what
 * only this module's own class path can show: that none arrives transitively either.
 */
class NoWeb3jTest {
  @Test
  void shouldNotHaveWeb3jOnTheClasspath() {
    assertThatThrownBy(() -> Class.forName("org.web3j.protocol.Web3j"))
        .isInstanceOf(ClassNotFoundException.class);
  }
}
