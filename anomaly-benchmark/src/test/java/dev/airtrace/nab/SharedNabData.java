package dev.airtrace.nab;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * The shared NAB v1.1 corpus and Numenta fixture, parsed once per JVM (365k rows). Missing data
 * fails the test when {@code CI=true} and skips it with instructions otherwise.
 */
final class SharedNabData {
  private static NabCorpus corpus;
  private static Map<String, double[]> numentaScores;

  private SharedNabData() {}

  static Path root() {
    Path root = NabCorpusLocation.defaultRoot();
    requirePresent(root, root.resolve("data"));
    return root;
  }

  static synchronized NabCorpus corpus() {
    if (corpus == null) {
      corpus = NabCorpus.load(root());
    }
    return corpus;
  }

  static Path numentaDir() {
    Path dir = root().resolve("reference-results/numenta");
    requirePresent(root(), dir);
    return dir;
  }

  static synchronized Map<String, double[]> numentaScores() {
    if (numentaScores == null) {
      numentaScores = NabResultFiles.read(numentaDir(), "numenta", corpus());
    }
    return numentaScores;
  }

  static JsonNode thresholdsJson() {
    try {
      return new ObjectMapper().readTree(root().resolve("config/thresholds.json").toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void requirePresent(Path root, Path needed) {
    if (Files.exists(needed)) {
      return;
    }
    String message =
        "NAB data missing: "
            + needed
            + " does not exist. "
            + NabCorpusLocation.howToObtain(root)
            + " The conformance fixture (config/thresholds.json and reference-results/, built from"
            + " NAB's results/) is described in shared/data/nab/README.md.";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail(message + " (CI=true: conformance tests must not be skipped)");
    }
    Assumptions.abort(message);
  }
}
