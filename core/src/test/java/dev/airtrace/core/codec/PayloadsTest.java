package dev.airtrace.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airtrace.core.deadletter.RejectReason;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PayloadsTest {
  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void shouldTakeOnlyBytesFromOneToSevenFFAsPlainAscii() {
    assertThat(Payloads.plainAscii(bytes("{\"a\":\"x~\"}"))).isTrue();
    assertThat(Payloads.plainAscii(new byte[] {'{', 0, '}'})).isFalse();
    assertThat(Payloads.plainAscii(bytes("{\"a\":\"µ\"}"))).isFalse();
  }

  @Test
  void shouldParseAsciiAndNonAsciiPayloadsToTheSameValues() {
    assertThat(
            Payloads.parse(bytes("{\"site\":\"Zurich\",\"v\":1.5}"), 1_000).get("v").doubleValue())
        .isEqualTo(1.5);
    assertThat(
            Payloads.parse(bytes("{\"site\":\"Zürich\",\"v\":1.5}"), 1_000).get("site").textValue())
        .isEqualTo("Zürich");
    assertThat(Payloads.parse(bytes("\uFEFF{\"v\":2}"), 1_000).get("v").intValue()).isEqualTo(2);
  }

  @Test
  void shouldRejectUtf16AndInvalidUtf8AsMalformed() {
    byte[] utf16 = "{\"v\":1}".getBytes(StandardCharsets.UTF_16LE);
    byte[] invalid = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}'};

    for (byte[] payload : new byte[][] {utf16, invalid, bytes("{\"v\":")}) {
      assertThatThrownBy(() -> Payloads.parse(payload, 1_000))
          .isInstanceOfSatisfying(
              CodecException.class,
              e -> assertThat(e.reason()).isEqualTo(RejectReason.MALFORMED_PAYLOAD));
    }
  }
}
