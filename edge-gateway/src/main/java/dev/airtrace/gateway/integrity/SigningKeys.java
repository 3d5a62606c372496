package dev.airtrace.gateway.integrity;

import dev.airtrace.core.integrity.Ed25519;
import dev.airtrace.core.integrity.KeyFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * The gateway's Ed25519 signing key: loaded from a PKCS#8 PEM file, created in one on the first
 * start ({@link #loadOrCreate}), or generated for one run. Immutable.
 *
 * @param privateKey signs batch headers
 * @param publicKey the matching public key, or empty if it could not be derived from a loaded key
 *     (operators can always publish it with {@code openssl pkey -pubout})
 */
public record SigningKeys(PrivateKey privateKey, Optional<PublicKey> publicKey) {
  public SigningKeys {
    Objects.requireNonNull(privateKey, "privateKey");
    Objects.requireNonNull(publicKey, "publicKey");
  }

  /**
   * The configured key, or a freshly generated pair if {@code pemFile} is {@code null}.
   *
   * @throws UncheckedIOException if the file cannot be read
   * @throws dev.airtrace.core.integrity.KeyFormatException if it holds no Ed25519 PKCS#8 key
   */
  public static SigningKeys load(Path pemFile) {
    if (pemFile == null) {
      KeyPair pair = Ed25519.generate();
      return new SigningKeys(pair.getPrivate(), Optional.of(pair.getPublic()));
    }
    try {
      String pem = Files.readString(pemFile, StandardCharsets.US_ASCII);
      PrivateKey key = Ed25519.privateKeyFromPem(pem);
      return new SigningKeys(key, derivePublic(key));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the gateway signing key " + pemFile, e);
    }
  }

  /**
   * The key in {@code pemFile}, created there first when the file does not exist: a new Ed25519
   * pair whose private key is written as PKCS#8 PEM readable by the owner only ({@link
   * KeyFiles#createPrivate}). The gateway's own key when none is configured: made on the first
   * start, the same on every later one, so auditors can pin its public key.
   *
   * @throws UncheckedIOException if the file cannot be read or written
   * @throws dev.airtrace.core.integrity.KeyFormatException if an existing file holds no Ed25519
   *     PKCS#8 key
   */
  public static SigningKeys loadOrCreate(Path pemFile) {
    if (!Files.exists(pemFile)) {
      KeyPair pair = Ed25519.generate();
      try {
        KeyFiles.createPrivate(pemFile, Ed25519.privateKeyToPem(pair.getPrivate()));
        return new SigningKeys(pair.getPrivate(), Optional.of(pair.getPublic()));
      } catch (FileAlreadyExistsException e) {
        // Another process created it first: use that key, as every later start will.
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create the gateway signing key " + pemFile, e);
      }
    }
    return load(pemFile);
  }

  /** The public key as base64 of its 32 raw bytes, as the gateway logs it, or {@code "unknown"}. */
  public String publicKeyBase64() {
    return publicKey.map(Ed25519::publicKeyToBase64).orElse("unknown");
  }

  /**
   * The JDK has no "public key of this private key" call, but its key generator derives the pair
   * from 32 random bytes, the RFC 8032 seed: feeding it the loaded key's seed gives the same pair.
   * The result is checked with a signature, so a provider that draws its seed differently yields
   * empty rather than a wrong key.
   */
  private static Optional<PublicKey> derivePublic(PrivateKey key) {
    byte[] der = key.getEncoded();
    if (der == null || der.length < Ed25519.KEY_LENGTH) {
      return Optional.empty();
    }
    byte[] seed = Arrays.copyOfRange(der, der.length - Ed25519.KEY_LENGTH, der.length);
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
      generator.initialize(NamedParameterSpec.ED25519, new SeedRandom(seed));
      PublicKey candidate = generator.generateKeyPair().getPublic();
      byte[] probe = "airtrace-gateway-key-check".getBytes(StandardCharsets.US_ASCII);
      return Ed25519.verify(candidate, probe, Ed25519.sign(key, probe))
          ? Optional.of(candidate)
          : Optional.empty();
    } catch (GeneralSecurityException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Hands out one fixed seed; used only to rebuild a key pair from its seed. */
  private static final class SeedRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private final byte[] seed;

    SeedRandom(byte[] seed) {
      this.seed = seed.clone();
    }

    @Override
    public void nextBytes(byte[] bytes) {
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = seed[i % seed.length];
      }
    }
  }
}
