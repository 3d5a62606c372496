package dev.airtrace.gateway.integrity;

import dev.airtrace.core.DeviceId;
import dev.airtrace.core.integrity.Ed25519;
import dev.airtrace.core.integrity.KeyFormatException;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * Provisioned device public keys. Immutable and thread-safe.
 *
 * <p>File format: a Java properties file, one line per device, {@code deviceId = base64 of the 32
 * raw Ed25519 public key bytes} ({@code dev-001 = 11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=}); a
 * value may instead name a PEM file ({@code dev-002 = @keys/dev-002.pub.pem}, resolved against the
 * properties file's directory) holding an X.509 {@code PUBLIC KEY}.
 */
public final class DeviceKeys {
  private final Map<DeviceId, PublicKey> keys;

  private DeviceKeys(Map<DeviceId, PublicKey> keys) {
    this.keys = Map.copyOf(keys);
  }

  /** Keys from a map (tests, programmatic provisioning). */
  public static DeviceKeys of(Map<DeviceId, PublicKey> keys) {
    return new DeviceKeys(Objects.requireNonNull(keys, "keys"));
  }

  /** No keys. */
  public static DeviceKeys none() {
    return new DeviceKeys(Map.of());
  }

  /**
   * Loads a provisioning file (format above).
   *
   * @throws UncheckedIOException if a file cannot be read
   * @throws KeyFormatException naming the device whose key is malformed
   * @throws IllegalArgumentException for an invalid device id
   */
  public static DeviceKeys load(Path file) {
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read device keys from " + file, e);
    }
    Map<DeviceId, PublicKey> keys = new HashMap<>();
    for (String name : p.stringPropertyNames()) {
      String value = p.getProperty(name).strip();
      try {
        keys.put(new DeviceId(name), parse(file, value));
      } catch (KeyFormatException e) {
        throw new KeyFormatException("device " + name + " in " + file + ": " + e.getMessage(), e);
      }
    }
    return new DeviceKeys(keys);
  }

  private static PublicKey parse(Path file, String value) {
    if (!value.startsWith("@")) {
      return Ed25519.publicKeyFromBase64(value);
    }
    Path pem = file.toAbsolutePath().getParent().resolve(value.substring(1));
    try {
      return Ed25519.publicKeyFromPem(Files.readString(pem, StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read device key file " + pem, e);
    }
  }

  /** The device's key, if provisioned. */
  public Optional<PublicKey> get(DeviceId device) {
    return Optional.ofNullable(keys.get(device));
  }

  /** How many devices have keys. */
  public int size() {
    return keys.size();
  }
}
