package dev.airtrace.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CloseablesTest {
  private final List<String> closed = new ArrayList<>();

  private AutoCloseable resource(String name) {
    return () -> closed.add(name);
  }

  private AutoCloseable failing(String name, Exception failure) {
    return () -> {
      closed.add(name);
      throw failure;
    };
  }

  @Test
  void shouldCloseEveryResourceInOrder() {
    Closeables.closeAll(resource("a"), null, resource("b"), resource("c"));

    assertThat(closed).containsExactly("a", "b", "c");
  }

  @Test
  void shouldKeepClosingAfterFailureAndThrowFirstWithLaterSuppressed() {
    IllegalStateException first = new IllegalStateException("first");
    IllegalArgumentException second = new IllegalArgumentException("second");

    assertThatThrownBy(
            () ->
                Closeables.closeAll(
                    failing("a", first), resource("b"), failing("c", second), resource("d")))
        .isSameAs(first);

    assertThat(closed).containsExactly("a", "b", "c", "d");
    assertThat(first.getSuppressed()).containsExactly(second);
  }

  @Test
  void shouldWrapCheckedCloseFailure() {
    IOException io = new IOException("disk gone");

    assertThatThrownBy(() -> Closeables.closeAll(List.of(failing("a", io))))
        .isInstanceOf(UncheckedIOException.class)
        .hasCause(io);
  }

  @Test
  void shouldKeepInterruptStatusWhenCloseIsInterrupted() {
    try {
      assertThatThrownBy(() -> Closeables.closeAll(failing("a", new InterruptedException())))
          .isInstanceOf(IllegalStateException.class)
          .hasCauseInstanceOf(InterruptedException.class);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void shouldCloseEverythingAfterConstructorFailureAndReturnPrimary() {
    RuntimeException primary = new RuntimeException("constructor failed");
    IllegalStateException closing = new IllegalStateException("close failed");

    RuntimeException thrown =
        Closeables.closeOnFailure(primary, resource("b"), null, failing("a", closing));

    assertThat(thrown).isSameAs(primary);
    assertThat(closed).containsExactly("b", "a");
    assertThat(primary.getSuppressed()).containsExactly(closing);
  }
}
