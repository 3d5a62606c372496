package dev.airtrace.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Temporary directories and log tails; the file chores every service shares. */
final class ServiceFiles {
  private static final int TAIL_LINES = 40;

  private ServiceFiles() {}

  static Path tempDir(String prefix) {
    try {
      Path dir = Files.createTempDirectory("airtrace-" + prefix + "-");
      Orphans.claim(dir);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("could not create a temporary directory", e);
    }
  }

  static Path mkdirs(Path dir) {
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("could not create " + dir, e);
    }
  }

  static void write(Path file, String content) {
    try {
      Files.writeString(file, content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + file, e);
    }
  }

  /** Deletes a directory tree; best effort, because a leftover temp dir must not fail a test. */
  static void deleteQuietly(Path root) {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths
          .sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException ignored) {
                  // a file still held open by a dying process; the OS cleans /tmp eventually
                }
              });
    } catch (IOException | UncheckedIOException ignored) {
      // same reason as above
    }
  }

  /** The last lines of a log file, formatted for an exception message. */
  static String tail(Path log) {
    if (log == null || !Files.exists(log)) {
      return "(no log file)";
    }
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      List<String> last = lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size());
      return "--- last " + last.size() + " lines of " + log + " ---\n" + String.join("\n", last);
    } catch (IOException | UncheckedIOException e) {
      return "(could not read " + log + ": " + e.getMessage() + ")";
    }
  }
}
