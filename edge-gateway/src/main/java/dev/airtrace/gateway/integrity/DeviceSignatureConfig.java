package dev.airtrace.gateway.integrity;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Device-signature checking. Immutable.
 *
 * @param policy what to do with signatures (default {@link #DEFAULT_POLICY})
 * @param deviceKeysFile the provisioning file ({@link DeviceKeys#load}), or {@code null} for no
 *     provisioned keys (then {@link DeviceSignaturePolicy#REQUIRE} rejects every device)
 */
public record DeviceSignatureConfig(DeviceSignaturePolicy policy, Path deviceKeysFile) {
  /**
   * Default policy: devices with a provisioned key must sign, devices without one may ({@link
   * DeviceSignaturePolicy#REQUIRE_IF_PROVISIONED}).
   */
  public static final DeviceSignaturePolicy DEFAULT_POLICY =
      DeviceSignaturePolicy.REQUIRE_IF_PROVISIONED;

  public DeviceSignatureConfig {
    Objects.requireNonNull(policy, "policy");
  }

  /** The default policy, no keys. */
  public static DeviceSignatureConfig defaults() {
    return new DeviceSignatureConfig(DEFAULT_POLICY, null);
  }

  /** A builder that starts from {@link #defaults()}. */
  public static Builder builder() {
    return defaults().toBuilder();
  }

  /** The keys this configuration names (none without a file). */
  public DeviceKeys loadKeys() {
    return deviceKeysFile == null ? DeviceKeys.none() : DeviceKeys.load(deviceKeysFile);
  }

  /** A builder that starts from this configuration; change what differs, then {@code build()}. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Collects the components of one {@link DeviceSignatureConfig}; {@link #build()} validates them.
   * Not thread-safe.
   */
  public static final class Builder {
    private DeviceSignaturePolicy policy;
    private Path deviceKeysFile;

    private Builder(DeviceSignatureConfig from) {
      this.policy = from.policy;
      this.deviceKeysFile = from.deviceKeysFile;
    }

    /** See {@link DeviceSignatureConfig#policy()}. */
    public Builder policy(DeviceSignaturePolicy value) {
      this.policy = value;
      return this;
    }

    /** See {@link DeviceSignatureConfig#deviceKeysFile()}. */
    public Builder deviceKeysFile(Path value) {
      this.deviceKeysFile = value;
      return this;
    }

    /**
     * The validated configuration.
     *
     * @throws IllegalArgumentException if a value is out of range
     */
    public DeviceSignatureConfig build() {
      return new DeviceSignatureConfig(policy, deviceKeysFile);
    }
  }
}
