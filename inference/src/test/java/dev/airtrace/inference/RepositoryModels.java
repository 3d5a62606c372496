package dev.airtrace.inference;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Discovers the committed models under models/repository (every name, every version). */
final class RepositoryModels {
  private RepositoryModels() {}

  /** The committed repository: the surefire property, else relative to the module directory. */
  static Path root() {
    return Path.of(System.getProperty("airtrace.models.repository", "../models/repository"));
  }

  /** Every {@code <name>/<version>/model.json}, sorted by name then version. */
  static List<Path> sidecars() throws IOException {
    if (!Files.isDirectory(root())) {
      return List.of();
    }
    try (Stream<Path> files = Files.find(root(), 3, (p, a) -> p.endsWith("model.json"))) {
      return files
          .filter(p -> p.getParent().getFileName().toString().matches("[1-9][0-9]*"))
          .sorted(Comparator.naturalOrder())
          .toList();
    }
  }

  /** The highest version of each model. */
  static List<ModelManifest> latest() throws IOException {
    List<ModelManifest> latest = new ArrayList<>();
    for (Path sidecar : sidecars()) {
      ModelManifest m = ModelManifest.read(sidecar);
      if (!latest.isEmpty() && latest.get(latest.size() - 1).name().equals(m.name())) {
        if (latest.get(latest.size() - 1).version() < m.version()) {
          latest.set(latest.size() - 1, m);
        }
      } else {
        latest.add(m);
      }
    }
    return latest;
  }
}
