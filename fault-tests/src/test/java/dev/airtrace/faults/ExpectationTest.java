package dev.airtrace.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ExpectationTest {
  @Test
  void shouldCountEveryPlannedReadingAndRejectAsPublished() {
    Expectation e =
        new Expectation()
            .reading(new ReadingKey("d1", 0, 1_000))
            .reading(new ReadingKey("d1", 0, 61_000)) // the same seq after a counter reset
            .deadLetter("{".getBytes(StandardCharsets.UTF_8), "malformed");

    assertThat(e.published()).isEqualTo(3);
    assertThat(e.readings()).hasSize(2);
    // SHA-256 of "{", lower-case hex.
    assertThat(e.deadLetters())
        .containsOnlyKeys("021fb596db81e6d02bf3d2586ee3981fe519f275c0ac9ca76bbcf2ebb4097d96");
  }

  @Test
  void shouldRefuseAPlanThatNamesTheSameReadingOrBytesTwice() {
    Expectation e = new Expectation().reading(new ReadingKey("d1", 5, 1_000));
    assertThatThrownBy(() -> e.reading(new ReadingKey("d1", 5, 1_000)))
        .isInstanceOf(IllegalArgumentException.class);
    e.deadLetter(new byte[] {1}, "a");
    assertThatThrownBy(() -> e.deadLetter(new byte[] {1}, "b"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
