package dev.airtrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileNotFoundException;
import java.io.UncheckedIOException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class ErrorHandlersTest {
  @Test
  void shouldJoinTheMessagesAlongTheCauseChain() {
    Exception e =
        new UncheckedIOException(
            "cannot read the gateway signing key k.pem",
            new FileNotFoundException("k.pem (No such file or directory)"));

    assertThat(ErrorHandlers.describe(e))
        .isEqualTo("cannot read the gateway signing key k.pem: k.pem (No such file or directory)");
  }

  @Test
  void shouldSkipWrappersThatOnlyRepeatTheirCause() {
    Exception e =
        new IllegalStateException(
            "Kafka did not answer",
            new ExecutionException(new IllegalArgumentException("Timed out waiting")));

    assertThat(ErrorHandlers.describe(e)).isEqualTo("Kafka did not answer: Timed out waiting");
  }

  @Test
  void shouldNameACauseWithoutMessageByItsClassAndKeepOneLine() {
    Exception e = new IllegalStateException("first\nsecond", new NullPointerException());

    assertThat(ErrorHandlers.describe(e)).isEqualTo("first second: NullPointerException");
  }
}
