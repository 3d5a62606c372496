package dev.airtrace.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where this {@code airtrace} installation lives, so that default paths (the model repository, the
 * NAB corpus) do not depend on the directory a command is started from.
 *
 * <p>The home is {@code $AIRTRACE_HOME} when set; otherwise the first folder at or above the
 * running {@code airtrace.jar} (or the {@code cli} module's classes) that holds {@code
 * models/repository} — the repository root for {@code cli/target/airtrace.jar}; otherwise the
 * working directory, as before. Commands name it in option defaults as {@code
 * ${sys:airtrace.home:-.}} (picocli interpolation), which {@link #publish} sets. Stateless.
 */
final class Installation {
  /** The environment variable that overrides the home. */
  static final String HOME_ENV = "AIRTRACE_HOME";

  /** The system property option defaults read the home from. */
  static final String HOME_PROPERTY = "airtrace.home";

  /** The model repository below the home. */
  static final Path MODELS = Path.of("models", "repository");

  private Installation() {}

  /** The installation's home, found as described in the class comment. */
  static Path home(Map<String, String> env) {
    String fromEnv = env.get(HOME_ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return Path.of(fromEnv).toAbsolutePath().normalize();
    }
    return codeLocation().flatMap(Installation::holdingModels).orElse(Path.of("").toAbsolutePath());
  }

  /** Sets {@value #HOME_PROPERTY} for option defaults, unless the JVM was given one. */
  static void publish(Map<String, String> env) {
    if (System.getProperty(HOME_PROPERTY) == null) {
      System.setProperty(HOME_PROPERTY, home(env).toString());
    }
  }

  /** The first folder at or above {@code start} that holds {@code models/repository}. */
  static Optional<Path> holdingModels(Path start) {
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve(MODELS))) {
        return Optional.of(dir);
      }
    }
    return Optional.empty();
  }

  private static Optional<Path> codeLocation() {
    try {
      var source = Installation.class.getProtectionDomain().getCodeSource();
      if (source == null) {
        return Optional.empty();
      }
      return Optional.of(Path.of(source.getLocation().toURI()).toAbsolutePath().normalize());
    } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
