package dev.airtrace.core.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DeadLetterBoundsTest {
  private static DeadLetter bounded(byte[] payload, int max) {
    return DeadLetter.bounded(
        RejectReason.PAYLOAD_TOO_LARGE, "too big", "mqtt:t", payload, "dev-1", "gw-1", 5L, max);
  }

  @Test
  void shouldKeepWholePayloadWhenItFits() {
    DeadLetter d = bounded("abcd".getBytes(StandardCharsets.US_ASCII), 4);

    assertThat(d.payload()).containsExactly('a', 'b', 'c', 'd');
    assertThat(d.truncation()).isNull();
    assertThat(d.originalSize()).isEqualTo(4);
  }

  @Test
  void shouldKeepPrefixWithSizeAndHashOfWholePayload() {
    DeadLetter d = bounded("abcdef".getBytes(StandardCharsets.US_ASCII), 4);

    assertThat(new String(d.payload(), StandardCharsets.US_ASCII)).isEqualTo("abcd");
    assertThat(d.truncation().originalSize()).isEqualTo(6);
    // sha256("abcdef"), from `printf abcdef | sha256sum`
    assertThat(d.truncation().originalSha256())
        .isEqualTo("bef57ec7f53a6d40beb640a780a639c83bc29ac8a9816f1fc6c5c6dcd93c4721");
  }

  @Test
  void shouldNotCutUtf8CharacterInHalf() {
    // "aaa" + "é" (0xC3 0xA9) + "b": a cut at 4 would split the é, so 3 bytes are kept.
    byte[] payload = "aaaéb".getBytes(StandardCharsets.UTF_8);

    DeadLetter d = bounded(payload, 4);

    assertThat(new String(d.payload(), StandardCharsets.UTF_8)).isEqualTo("aaa");
    assertThat(d.truncation().originalSize()).isEqualTo(6);
  }

  @Test
  void shouldKeepSizeAndHashOfWholeInputWhenCutFurther() {
    DeadLetter once = bounded("abcdefgh".getBytes(StandardCharsets.US_ASCII), 6);

    DeadLetter twice = once.boundedTo(4);

    assertThat(twice.payload()).hasSize(4);
    assertThat(twice.truncation()).isEqualTo(once.truncation());
  }

  @Test
  void shouldRefuseTruncationThatIsNotShorterThanPayload() {
    assertThatThrownBy(
            () ->
                new DeadLetter(
                    RejectReason.PAYLOAD_TOO_LARGE,
                    "d",
                    "mqtt:t",
                    new byte[4],
                    null,
                    "gw-1",
                    0,
                    new DeadLetter.Truncation(4, "0".repeat(64))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("kept 4 of 4 bytes");
  }
}
