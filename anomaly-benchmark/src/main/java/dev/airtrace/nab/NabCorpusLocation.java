package dev.airtrace.nab;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the NAB corpus lives and how to obtain it when it does not.
 *
 * <p>The default is {@code ../shared/data/nab} relative to the repository root. It is found from
 * the repository root, from a module folder or any folder below, by walking up from the working
 * directory; the system property {@value #PROPERTY} or the environment variable {@value #ENV}
 * overrides it. Stateless and thread-safe.
 */
public final class NabCorpusLocation {

  /** System property naming the corpus folder. */
  public static final String PROPERTY = "airtrace.nab.dir";

  /** Environment variable naming the corpus folder. */
  public static final String ENV = "AIRTRACE_NAB_DIR";

  /** The corpus folder relative to the repository root. */
  public static final String RELATIVE_TO_REPO_ROOT = "../shared/data/nab";

  /** Upstream repository the corpus is copied from. */
  public static final String NAB_REPOSITORY = "https://github.com/numenta/NAB";

  /** Upstream commit the corpus is copied from (NAB v1.1, 2024-12-03). */
  public static final String NAB_COMMIT = "ea702d75cc2258d9d7dd35ca8e5e2539d71f3140";

  private NabCorpusLocation() {}

  /**
   * @return the corpus folder: the override if set, else the first {@code ../shared/data/nab} that
   *     exists walking up from the working directory, else the one next to the repository root
   *     (which may not exist; {@link NabCorpus#load(Path)} then says how to obtain it)
   */
  public static Path defaultRoot() {
    return defaultRoot(Path.of(""));
  }

  /**
   * Like {@link #defaultRoot()}, but walking up from {@code start} instead of the working
   * directory: the {@code airtrace nab} command starts from its installation, so the corpus is
   * found wherever the command is run from.
   *
   * @param start the folder to walk up from
   * @return the corpus folder
   */
  public static Path defaultRoot(Path start) {
    String override = System.getProperty(PROPERTY);
    if (override == null || override.isBlank()) {
      override = System.getenv(ENV);
    }
    if (override != null && !override.isBlank()) {
      return Path.of(override).toAbsolutePath().normalize();
    }
    Path from = start.toAbsolutePath().normalize();
    Path repoRoot = null;
    for (Path dir = from; dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(RELATIVE_TO_REPO_ROOT).normalize();
      if (Files.isDirectory(candidate.resolve("data"))) {
        return candidate;
      }
      if (repoRoot == null && Files.exists(dir.resolve("mvnw"))) {
        repoRoot = dir;
      }
    }
    return (repoRoot != null ? repoRoot : from).resolve(RELATIVE_TO_REPO_ROOT).normalize();
  }

  /**
   * @param root the corpus folder that was looked for
   * @return a user-facing explanation of where to put the corpus and where to get it
   */
  public static String howToObtain(Path root) {
    return "Obtain the NAB v1.1 corpus from "
        + NAB_REPOSITORY
        + " at commit "
        + NAB_COMMIT
        + " (git clone "
        + NAB_REPOSITORY
        + ".git && git -C NAB checkout "
        + NAB_COMMIT
        + ") and copy its data/, labels/ and config/ folders into "
        + root
        + ", or point -D"
        + PROPERTY
        + " / $"
        + ENV
        + " at a corpus in NAB layout.";
  }
}
