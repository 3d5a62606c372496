package dev.airtrace.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a secret (password, token) from a file or an environment variable, never from the command
 * line, where {@code ps} would show it. A file option wins over the variable; a file's trailing
 * line break is not part of the secret (as {@code echo secret > file} writes one).
 */
final class Secrets {
  private Secrets() {}

  /**
   * The secret in {@code file} when given, else in {@code variable}, else empty.
   *
   * @throws UncheckedIOException naming the file when it cannot be read
   * @throws IllegalArgumentException when the file or variable is empty
   */
  static Optional<String> read(Path file, String variable, Map<String, String> env) {
    if (file != null) {
      String content;
      try {
        content = Files.readString(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read secret file " + file + ": " + e, e);
      }
      String secret = content.replaceFirst("\\r?\\n\\z", "");
      if (secret.isEmpty()) {
        throw new IllegalArgumentException("secret file " + file + " is empty");
      }
      return Optional.of(secret);
    }
    String value = env.get(variable);
    if (value == null) {
      return Optional.empty();
    }
    if (value.isEmpty()) {
      throw new IllegalArgumentException(variable + " is set but empty");
    }
    return Optional.of(value);
  }
}
