package dev.airtrace.gateway.quality;

import dev.airtrace.quality.QcConfig;
import java.util.Objects;

/**
 * Whether the gateway runs the QARTOD-style QC tests on every reading, and with which limits.
 * Immutable.
 *
 * @param enabled {@code true} (the default): every reading on the readings topic carries its QC
 *     flags; {@code false}: no flags (every value then counts as not evaluated downstream)
 * @param qc limits per quantity and per-device overrides (default {@link QcConfig#defaults()}: the
 *     documented defaults of docs/quality.md for every quantity, no overrides)
 */
public record QualityConfig(boolean enabled, QcConfig qc) {
  public QualityConfig {
    Objects.requireNonNull(qc, "qc");
  }

  /** QC on with {@link QcConfig#defaults()}. */
  public static QualityConfig defaults() {
    return new QualityConfig(true, QcConfig.defaults());
  }

  /** QC off: readings carry no flags. */
  public static QualityConfig disabled() {
    return new QualityConfig(false, QcConfig.defaults());
  }

  /** A builder that starts from {@link #defaults()}. */
  public static Builder builder() {
    return defaults().toBuilder();
  }

  /** A builder that starts from this configuration; change what differs, then {@code build()}. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Collects the components of one {@link QualityConfig}; {@link #build()} validates them. Not
   * thread-safe.
   */
  public static final class Builder {
    private boolean enabled;
    private QcConfig qc;

    private Builder(QualityConfig from) {
      this.enabled = from.enabled;
      this.qc = from.qc;
    }

    /** See {@link QualityConfig#enabled()}. */
    public Builder enabled(boolean value) {
      this.enabled = value;
      return this;
    }

    /** See {@link QualityConfig#qc()}. */
    public Builder qc(QcConfig value) {
      this.qc = value;
      return this;
    }

    /** The validated configuration. */
    public QualityConfig build() {
      return new QualityConfig(enabled, qc);
    }
  }
}
