package dev.airtrace.processor;

import dev.airtrace.core.deadletter.DeadLetter;

/**
 * The outcome of a step that either passes a value on or rejects the input: exactly one of {@code
 * value} and {@code deadLetter} is set. Lives only between a processor and the {@code split} that
 * follows it, so it needs no serde. Immutable.
 */
record Routed<T>(T value, DeadLetter deadLetter) {
  Routed {
    if ((value == null) == (deadLetter == null)) {
      throw new IllegalArgumentException("exactly one of value and deadLetter must be set");
    }
  }

  static <T> Routed<T> accept(T value) {
    return new Routed<>(value, null);
  }

  static <T> Routed<T> reject(DeadLetter deadLetter) {
    return new Routed<>(null, deadLetter);
  }

  boolean rejected() {
    return deadLetter != null;
  }
}
