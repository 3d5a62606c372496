package dev.airtrace.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BearerTokenTest {
  private static final String SECRET = "0123456789abcdef0123";

  @Test
  void shouldAdmitTheTokenWithTheBearerSchemeInAnyCase() {
    BearerToken token = BearerToken.of(SECRET);
    assertThat(token.admits("Bearer " + SECRET)).isTrue();
    assertThat(token.admits("bearer " + SECRET)).isTrue();
    assertThat(token.admits(token.authorizationHeader())).isTrue();
  }

  @Test
  void shouldRefuseAMissingWrongOrTruncatedToken() {
    BearerToken token = BearerToken.of(SECRET);
    assertThat(token.admits(null)).isFalse();
    assertThat(token.admits("")).isFalse();
    assertThat(token.admits("Bearer")).isFalse();
    assertThat(token.admits("Bearer " + SECRET.substring(1))).isFalse();
    assertThat(token.admits("Bearer " + SECRET + "x")).isFalse();
    assertThat(token.admits("Basic " + SECRET)).isFalse();
    assertThat(token.admits(SECRET)).isFalse();
  }

  @Test
  void shouldRefuseAShortTokenAndSayHowToMakeOne() {
    assertThatThrownBy(() -> BearerToken.of("short"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 16")
        .hasMessageContaining("openssl rand -hex 32");
  }

  @Test
  void shouldRefuseATokenWithSpaces() {
    assertThatThrownBy(() -> BearerToken.of("0123456789 abcdef"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("without spaces");
  }

  @Test
  void shouldReadTheTokenFromAFileIgnoringTheTrailingNewline(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("token"), SECRET + "\n");
    assertThat(BearerToken.fromFile(file).admits("Bearer " + SECRET)).isTrue();
  }

  @Test
  void shouldNameTheFileWhenItHoldsNoValidToken(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("token"), "\n");
    assertThatThrownBy(() -> BearerToken.fromFile(file)).hasMessageContaining(file.toString());
  }

  @Test
  void shouldNeverPrintTheSecret() {
    assertThat(BearerToken.of(SECRET).toString()).doesNotContain(SECRET);
  }
}
