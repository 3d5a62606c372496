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
  /** Default policy: verify signatures that are present, accept unsigned payloads. */
  public static final DeviceSignaturePolicy DEFAULT_POLICY =
      DeviceSignaturePolicy.ACCEPT_IF_PRESENT;

  public DeviceSignatureConfig {
    Objects.requireNonNull(policy, "policy");
  }

  /** The default policy, no keys. */
  public static DeviceSignatureConfig defaults() {
    return new DeviceSignatureConfig(DEFAULT_POLICY, null);
  }

  /** The keys this configuration names (none without a file). */
  public DeviceKeys loadKeys() {
    return deviceKeysFile == null ? DeviceKeys.none() : DeviceKeys.load(deviceKeysFile);
  }
}
