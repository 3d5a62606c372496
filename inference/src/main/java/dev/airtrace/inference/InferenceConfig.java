package dev.airtrace.inference;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How the process runs models.
 *
 * @param accelerator what the operator asked for
 * @param deviceId the GPU ordinal to use, {@code >= 0}
 * @param strict when {@code true}, a requested accelerator this host lacks is a startup error
 *     instead of a WARN and a CPU fallback ({@link Accelerator#AUTO} never fails: the CPU is always
 *     there)
 * @param intraOpThreads ONNX Runtime intra-op threads per session, {@code >= 1}; 1 on a 2-core edge
 *     box so inference never starves the MQTT and Kafka threads
 * @param planCacheDir where TensorRT plans are cached, keyed by GPU, TensorRT version and model
 *     hash
 */
public record InferenceConfig(
    Accelerator accelerator, int deviceId, boolean strict, int intraOpThreads, Path planCacheDir) {

  /** Default plan cache: under the user's home, outside any jar or model repository. */
  public static final Path DEFAULT_PLAN_CACHE =
      Path.of(System.getProperty("user.home"), ".cache", "airtrace", "tensorrt");

  public InferenceConfig {
    Objects.requireNonNull(accelerator, "accelerator");
    Objects.requireNonNull(planCacheDir, "planCacheDir");
    if (deviceId < 0) {
      throw new IllegalArgumentException("deviceId must be >= 0 but was " + deviceId);
    }
    if (intraOpThreads < 1) {
      throw new IllegalArgumentException("intraOpThreads must be >= 1 but was " + intraOpThreads);
    }
  }

  /** AUTO, device 0, lenient, one intra-op thread, the default plan cache. */
  public static InferenceConfig defaults() {
    return new InferenceConfig(Accelerator.AUTO, 0, false, 1, DEFAULT_PLAN_CACHE);
  }

  /** A builder that starts from {@link #defaults()}. */
  public static Builder builder() {
    return defaults().toBuilder();
  }

  /** The CPU only, one intra-op thread: what tests and the NAB run use for reproducible numbers. */
  public static InferenceConfig cpu() {
    return new InferenceConfig(Accelerator.CPU, 0, true, 1, DEFAULT_PLAN_CACHE);
  }

  /** A builder that starts from this configuration; change what differs, then {@code build()}. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Collects the components of one {@link InferenceConfig}; {@link #build()} validates them. Not
   * thread-safe.
   */
  public static final class Builder {
    private Accelerator accelerator;
    private int deviceId;
    private boolean strict;
    private int intraOpThreads;
    private Path planCacheDir;

    private Builder(InferenceConfig from) {
      this.accelerator = from.accelerator;
      this.deviceId = from.deviceId;
      this.strict = from.strict;
      this.intraOpThreads = from.intraOpThreads;
      this.planCacheDir = from.planCacheDir;
    }

    /** See {@link InferenceConfig#accelerator()}. */
    public Builder accelerator(Accelerator value) {
      this.accelerator = value;
      return this;
    }

    /** See {@link InferenceConfig#deviceId()}. */
    public Builder deviceId(int value) {
      this.deviceId = value;
      return this;
    }

    /** See {@link InferenceConfig#strict()}. */
    public Builder strict(boolean value) {
      this.strict = value;
      return this;
    }

    /** See {@link InferenceConfig#intraOpThreads()}. */
    public Builder intraOpThreads(int value) {
      this.intraOpThreads = value;
      return this;
    }

    /** See {@link InferenceConfig#planCacheDir()}. */
    public Builder planCacheDir(Path value) {
      this.planCacheDir = value;
      return this;
    }

    /**
     * The validated configuration.
     *
     * @throws IllegalArgumentException if a value is out of range
     */
    public InferenceConfig build() {
      return new InferenceConfig(accelerator, deviceId, strict, intraOpThreads, planCacheDir);
    }
  }
}
