package dev.airtrace.anomaly;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the committed model repository from the module folder or the repository root. */
final class RepositoryLocation {
  private RepositoryLocation() {}

  static Path models() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path p = dir; p != null; p = p.getParent()) {
      Path candidate = p.resolve("models/repository");
      if (Files.isDirectory(candidate.resolve("anomaly-ae"))) {
        return candidate;
      }
    }
    throw new IllegalStateException("models/repository/anomaly-ae not found above " + dir);
  }
}
