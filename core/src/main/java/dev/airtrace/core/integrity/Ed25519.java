package dev.airtrace.core.integrity;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * Ed25519 (RFC 8032) with the JDK's own provider: key generation, signing, verification and the
 * three key encodings airtrace exchanges — a public key as 32 raw bytes in base64 (device
 * provisioning lists), as X.509 SubjectPublicKeyInfo PEM ({@code openssl pkey -pubout}), and a
 * private key as PKCS#8 PEM ({@code openssl genpkey -algorithm ed25519}).
 *
 * <p>Stateless and thread-safe (a fresh {@link Signature} per call). Malformed keys raise {@link
 * KeyFormatException} with a message that says what was wrong; a malformed <em>signature</em> is
 * just an invalid one ({@link #verify} answers {@code false}).
 */
public final class Ed25519 {
  /** Length of a raw public key and of a private seed. */
  public static final int KEY_LENGTH = 32;

  /** Length of a signature. */
  public static final int SIGNATURE_LENGTH = 64;

  private static final String ALGORITHM = "Ed25519";

  /**
   * DER of SubjectPublicKeyInfo{AlgorithmIdentifier{1.3.101.112}, BIT STRING(32 bytes)} before the
   * key.
   */
  private static final byte[] SPKI_PREFIX = hex("302a300506032b6570032100");

  /**
   * DER of PKCS#8 v1 PrivateKeyInfo{0, {1.3.101.112}, OCTET STRING{OCTET STRING(32)}} before the
   * seed.
   */
  private static final byte[] PKCS8_PREFIX = hex("302e020100300506032b657004220420");

  private static final String PUBLIC_PEM = "PUBLIC KEY";
  private static final String PRIVATE_PEM = "PRIVATE KEY";

  private Ed25519() {}

  /** A new random key pair. */
  public static KeyPair generate() {
    try {
      return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JDK has no Ed25519", e);
    }
  }

  /** The 64-byte signature of {@code message}. */
  public static byte[] sign(PrivateKey key, byte[] message) {
    Objects.requireNonNull(message, "message");
    try {
      Signature s = Signature.getInstance(ALGORITHM);
      s.initSign(requireEd25519(key));
      s.update(message);
      return s.sign();
    } catch (InvalidKeyException e) {
      throw new KeyFormatException("not an Ed25519 private key: " + e.getMessage(), e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 signing failed", e);
    }
  }

  /**
   * Whether {@code signature} is a valid signature of {@code message} by {@code key}. A signature
   * of the wrong length or with a non-canonical encoding is invalid, not an error.
   *
   * @throws KeyFormatException if {@code key} is not an Ed25519 public key
   */
  public static boolean verify(PublicKey key, byte[] message, byte[] signature) {
    Objects.requireNonNull(message, "message");
    if (signature == null || signature.length != SIGNATURE_LENGTH) {
      return false;
    }
    try {
      Signature s = Signature.getInstance(ALGORITHM);
      s.initVerify(requireEd25519(key));
      s.update(message);
      return s.verify(signature);
    } catch (InvalidKeyException e) {
      throw new KeyFormatException("not an Ed25519 public key: " + e.getMessage(), e);
    } catch (SignatureException e) {
      return false;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 verification failed", e);
    }
  }

  /** The 32 raw bytes of a public key (RFC 8032 encoding). */
  public static byte[] rawPublicKey(PublicKey key) {
    byte[] der = requireEd25519(key).getEncoded();
    if (der == null
        || der.length != SPKI_PREFIX.length + KEY_LENGTH
        || !Arrays.equals(der, 0, SPKI_PREFIX.length, SPKI_PREFIX, 0, SPKI_PREFIX.length)) {
      throw new KeyFormatException("public key is not an X.509-encoded Ed25519 key");
    }
    return Arrays.copyOfRange(der, SPKI_PREFIX.length, der.length);
  }

  /** A public key from its 32 raw bytes. */
  public static PublicKey publicKeyFromRaw(byte[] raw) {
    if (raw == null || raw.length != KEY_LENGTH) {
      throw new KeyFormatException(
          "an Ed25519 public key is 32 bytes but got " + (raw == null ? "null" : raw.length));
    }
    return publicKeyFromSpki(concat(SPKI_PREFIX, raw));
  }

  /** The public key as base64 (RFC 4648 §4, padded) of its 32 raw bytes. */
  public static String publicKeyToBase64(PublicKey key) {
    return Base64.getEncoder().encodeToString(rawPublicKey(key));
  }

  /** A public key from base64 of its 32 raw bytes. */
  public static PublicKey publicKeyFromBase64(String base64) {
    return publicKeyFromRaw(decodeBase64("public key", base64));
  }

  /** The public key as X.509 SubjectPublicKeyInfo PEM ({@code -----BEGIN PUBLIC KEY-----}). */
  public static String publicKeyToPem(PublicKey key) {
    return pem(PUBLIC_PEM, concat(SPKI_PREFIX, rawPublicKey(key)));
  }

  /** A public key from X.509 SubjectPublicKeyInfo PEM. */
  public static PublicKey publicKeyFromPem(String pem) {
    return publicKeyFromSpki(unpem(PUBLIC_PEM, pem));
  }

  /** The private key as PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}). */
  public static String privateKeyToPem(PrivateKey key) {
    byte[] der = requireEd25519(key).getEncoded();
    if (der == null) {
      throw new KeyFormatException("private key cannot be exported (no PKCS#8 encoding)");
    }
    return pem(PRIVATE_PEM, der);
  }

  /** A private key from PKCS#8 PEM. */
  public static PrivateKey privateKeyFromPem(String pem) {
    return privateKeyFromPkcs8(unpem(PRIVATE_PEM, pem));
  }

  /** A private key from its 32-byte RFC 8032 seed (the form test vectors publish). */
  public static PrivateKey privateKeyFromSeed(byte[] seed) {
    if (seed == null || seed.length != KEY_LENGTH) {
      throw new KeyFormatException(
          "an Ed25519 private seed is 32 bytes but got " + (seed == null ? "null" : seed.length));
    }
    return privateKeyFromPkcs8(concat(PKCS8_PREFIX, seed));
  }

  private static PublicKey publicKeyFromSpki(byte[] der) {
    try {
      return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
    } catch (InvalidKeySpecException e) {
      throw new KeyFormatException("not an Ed25519 public key: " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JDK has no Ed25519", e);
    }
  }

  private static PrivateKey privateKeyFromPkcs8(byte[] der) {
    try {
      return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (InvalidKeySpecException e) {
      throw new KeyFormatException("not an Ed25519 private key: " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JDK has no Ed25519", e);
    }
  }

  private static <K extends Key> K requireEd25519(K key) {
    Objects.requireNonNull(key, "key");
    String alg = key.getAlgorithm();
    if (!"EdDSA".equals(alg) && !ALGORITHM.equals(alg)) {
      throw new KeyFormatException("expected an Ed25519 key but got a " + alg + " key");
    }
    return key;
  }

  private static String pem(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }

  private static byte[] unpem(String type, String pem) {
    Objects.requireNonNull(pem, "pem");
    String begin = "-----BEGIN " + type + "-----";
    String end = "-----END " + type + "-----";
    int b = pem.indexOf(begin);
    int e = pem.indexOf(end);
    if (b < 0 || e < b) {
      throw new KeyFormatException("expected a PEM block '" + begin + "' ... '" + end + "'");
    }
    String body = pem.substring(b + begin.length(), e).replaceAll("\\s", "");
    return decodeBase64(type, body);
  }

  private static byte[] decodeBase64(String what, String base64) {
    Objects.requireNonNull(base64, what);
    try {
      return Base64.getDecoder().decode(base64.strip());
    } catch (IllegalArgumentException e) {
      throw new KeyFormatException(what + " is not valid base64: " + e.getMessage(), e);
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static byte[] hex(String s) {
    return java.util.HexFormat.of().parseHex(s);
  }
}
