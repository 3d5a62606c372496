package dev.airtrace.inference;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which models a {@link ModelRepository} serves and how it watches for new versions.
 *
 * @param root the repository directory, laid out {@code <root>/<name>/<version>/model.json}
 * @param models the model names to serve; each must have a loadable version at startup
 * @param pinned model name → the version to serve instead of the highest; a pinned model never
 *     moves on its own
 * @param rescanInterval how often the directory is rescanned for new versions; {@link
 *     Duration#ZERO} turns periodic rescans off ({@link ModelRepository#reload()} still works)
 * @param goldenTolerance the largest absolute difference from the golden outputs a version may show
 *     before it is refused
 */
public record RepositoryConfig(
    Path root,
    List<String> models,
    Map<String, Long> pinned,
    Duration rescanInterval,
    double goldenTolerance) {

  /** The committed repository, relative to the working directory. */
  public static final Path DEFAULT_ROOT = Path.of("models", "repository");

  /** Two seconds: a dropped version is serving within a few seconds, and a scan is a few stats. */
  public static final Duration DEFAULT_RESCAN_INTERVAL = Duration.ofSeconds(2);

  /** Golden outputs must match within 1e-4 on any backend (GPU kernels differ from the CPU's). */
  public static final double DEFAULT_GOLDEN_TOLERANCE = 1e-4;

  public RepositoryConfig {
    Objects.requireNonNull(root, "root");
    models = List.copyOf(models);
    pinned = Map.copyOf(pinned);
    Objects.requireNonNull(rescanInterval, "rescanInterval");
    if (models.isEmpty()) {
      throw new IllegalArgumentException("name at least one model to serve");
    }
    if (models.stream().distinct().count() != models.size()) {
      throw new IllegalArgumentException("model names repeat: " + models);
    }
    for (Map.Entry<String, Long> p : pinned.entrySet()) {
      if (!models.contains(p.getKey())) {
        throw new IllegalArgumentException("pinned model " + p.getKey() + " is not served");
      }
      if (p.getValue() < 1) {
        throw new IllegalArgumentException(p.getKey() + ": pinned version must be >= 1");
      }
    }
    if (rescanInterval.isNegative()) {
      throw new IllegalArgumentException("rescanInterval must be >= 0 but was " + rescanInterval);
    }
    if (!(goldenTolerance >= 0)) {
      throw new IllegalArgumentException("goldenTolerance must be >= 0 but was " + goldenTolerance);
    }
  }

  /** Serves {@code models} from {@code root}: highest versions, default rescan and tolerance. */
  public static RepositoryConfig of(Path root, String... models) {
    return new RepositoryConfig(
        root, List.of(models), Map.of(), DEFAULT_RESCAN_INTERVAL, DEFAULT_GOLDEN_TOLERANCE);
  }

  /** A builder that starts from {@link #of(Path, String...)}. */
  public static Builder builder(Path root, String... models) {
    return of(root, models).toBuilder();
  }

  /** A builder that starts from this configuration; change what differs, then {@code build()}. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Collects the components of one {@link RepositoryConfig}; {@link #build()} validates them. Not
   * thread-safe.
   */
  public static final class Builder {
    private Path root;
    private List<String> models;
    private Map<String, Long> pinned;
    private Duration rescanInterval;
    private double goldenTolerance;

    private Builder(RepositoryConfig from) {
      this.root = from.root;
      this.models = from.models;
      this.pinned = from.pinned;
      this.rescanInterval = from.rescanInterval;
      this.goldenTolerance = from.goldenTolerance;
    }

    /** See {@link RepositoryConfig#root()}. */
    public Builder root(Path value) {
      this.root = value;
      return this;
    }

    /** See {@link RepositoryConfig#models()}. */
    public Builder models(List<String> value) {
      this.models = value;
      return this;
    }

    /** See {@link RepositoryConfig#pinned()}. */
    public Builder pinned(Map<String, Long> value) {
      this.pinned = value;
      return this;
    }

    /** See {@link RepositoryConfig#rescanInterval()}. */
    public Builder rescanInterval(Duration value) {
      this.rescanInterval = value;
      return this;
    }

    /** See {@link RepositoryConfig#goldenTolerance()}. */
    public Builder goldenTolerance(double value) {
      this.goldenTolerance = value;
      return this;
    }

    /** Serves {@code model} at {@code version} instead of its highest version. */
    public Builder pin(String model, long version) {
      Map<String, Long> p = new HashMap<>(pinned);
      p.put(model, version);
      this.pinned = p;
      return this;
    }

    /**
     * The validated configuration.
     *
     * @throws IllegalArgumentException if a value is out of range
     */
    public RepositoryConfig build() {
      return new RepositoryConfig(root, models, pinned, rescanInterval, goldenTolerance);
    }
  }
}
