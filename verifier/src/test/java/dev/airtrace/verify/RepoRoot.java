package dev.airtrace.verify;

import java.nio.file.Files;
import java.nio.file.Path;

/** The checkout's root: the first directory at or above the working directory with package.json. */
final class RepoRoot {
  private RepoRoot() {}

  static Path find() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("package.json"))
          && Files.isDirectory(dir.resolve("contracts"))) {
        return dir;
      }
    }
    throw new IllegalStateException("no package.json + contracts/ at or above the working dir");
  }

  static Path artifact() {
    return find().resolve("contracts/RootAnchor.json");
  }
}
