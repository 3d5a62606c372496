package dev.airtrace.localstack;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BinariesTest {

  @Test
  void shouldNameThePackageAndTestScriptWhenBinaryIsMissing() {
    assertThatThrownBy(
            () -> Binaries.require("airtrace-no-such-binary", "mosquitto mosquitto-clients", "X"))
        .isInstanceOf(ServiceStartException.class)
        .hasMessageContaining("apt-get install -y mosquitto mosquitto-clients")
        .hasMessageContaining("scripts/test.sh")
        .hasMessageContaining("set X");
  }
}
