package dev.airtrace.localstack;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Finds native executables on {@code PATH} and in the sbin directories Debian installs to. */
final class Binaries {
  private static final List<String> EXTRA_DIRS =
      List.of("/usr/sbin", "/usr/local/sbin", "/sbin", "/usr/local/bin", "/usr/bin");

  private Binaries() {}

  /**
   * Returns the path of {@code name}, or throws with a message that says how to get it.
   *
   * @param packages the Debian packages that provide the binary, e.g. {@code "mosquitto
   *     mosquitto-clients"}
   * @param envVar the environment variable that points tests at an external instance instead
   */
  static Path require(String name, String packages, String envVar) {
    for (Path dir : searchDirs()) {
      Path candidate = dir.resolve(name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new ServiceStartException(
        "'"
            + name
            + "' was not found on PATH or in "
            + EXTRA_DIRS
            + ". Install it with `apt-get install -y "
            + packages
            + "` (scripts/test.sh installs it for you), or set "
            + envVar
            + " to use an already running instance.");
  }

  private static List<Path> searchDirs() {
    List<Path> dirs = new ArrayList<>();
    String path = System.getenv("PATH");
    if (path != null) {
      for (String entry : path.split(File.pathSeparator)) {
        if (!entry.isBlank()) {
          dirs.add(Path.of(entry));
        }
      }
    }
    EXTRA_DIRS.forEach(d -> dirs.add(Path.of(d)));
    return dirs;
  }
}
