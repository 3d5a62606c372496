package dev.airtrace.core.codec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextsTest {
  @Test
  void shouldQuoteAndEscapeControlCharacters() {
    assertThat(Texts.quote("a\"b\\c\n")).isEqualTo("\"a\\\"b\\\\c\\u000a\"");
  }

  @Test
  void shouldTruncateLongValuesAndSayHowLongTheyWere() {
    assertThat(Texts.quote("x".repeat(100)))
        .isEqualTo("\"" + "x".repeat(Texts.MAX_EXCERPT) + "\"… (100 chars)");
  }

  @Test
  void shouldNotSplitSurrogatePairWhenTruncating() {
    String value = "x".repeat(Texts.MAX_EXCERPT - 1) + "😀" + "tail";

    String quoted = Texts.quote(value);

    assertThat(quoted).startsWith("\"" + "x".repeat(Texts.MAX_EXCERPT - 1) + "\"…");
    assertThat(quoted.chars().noneMatch(c -> Character.isSurrogate((char) c))).isTrue();
  }

  @Test
  void shouldRenderNullAsWord() {
    assertThat(Texts.quote(null)).isEqualTo("null");
  }
}
