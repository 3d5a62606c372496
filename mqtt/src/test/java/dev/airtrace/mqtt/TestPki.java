package dev.airtrace.mqtt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemGenerationException;

/**
 * Certificates for TLS tests, generated at test time (never committed): a CA, and leaf certificates
 * it signs, valid now or already expired, written as PEM files. P-256 keys, SHA256withECDSA; keys
 * are written as unencrypted PKCS#8, as {@code openssl genpkey} does.
 */
final class TestPki {
  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

  /** A key pair with its certificate. */
  record Issued(KeyPair keys, X509Certificate certificate) {
    /** Writes the certificate and key as {@code name.crt} and {@code name.key} in {@code dir}. */
    PemFiles written(Path dir, String name) {
      Path crt = dir.resolve(name + ".crt");
      Path key = dir.resolve(name + ".key");
      pem(crt, certificate);
      try {
        pem(key, new JcaPKCS8Generator(keys.getPrivate(), null).generate());
      } catch (PemGenerationException e) {
        throw new IllegalStateException(e);
      }
      return new PemFiles(crt, key);
    }
  }

  /** Where {@link Issued#written} put a certificate and its key. */
  record PemFiles(Path certificate, Path key) {}

  private TestPki() {}

  /** A self-signed CA certificate valid from an hour ago for a day. */
  static Issued ca(String commonName) {
    KeyPair keys = keyPair();
    Instant now = Instant.now();
    return new Issued(
        keys,
        sign(
            new X500Name("CN=" + commonName),
            keys,
            new X500Name("CN=" + commonName),
            keys,
            now.minus(Duration.ofHours(1)),
            now.plus(Duration.ofDays(1)),
            true,
            null));
  }

  /** A leaf certificate signed by {@code ca}, valid from an hour ago for a day. */
  static Issued leaf(Issued ca, String commonName, String... dnsNamesAndIps) {
    Instant now = Instant.now();
    return leaf(
        ca,
        commonName,
        now.minus(Duration.ofHours(1)),
        now.plus(Duration.ofDays(1)),
        dnsNamesAndIps);
  }

  /** A leaf certificate signed by {@code ca} that expired an hour ago. */
  static Issued expiredLeaf(Issued ca, String commonName) {
    Instant now = Instant.now();
    return leaf(ca, commonName, now.minus(Duration.ofDays(2)), now.minus(Duration.ofHours(1)));
  }

  private static Issued leaf(
      Issued ca, String commonName, Instant from, Instant until, String... names) {
    KeyPair keys = keyPair();
    GeneralNames san = null;
    if (names.length > 0) {
      GeneralName[] general = new GeneralName[names.length];
      for (int i = 0; i < names.length; i++) {
        boolean ip = names[i].matches("[0-9.]+");
        general[i] = new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, names[i]);
      }
      san = new GeneralNames(general);
    }
    X500Name issuer = new X500Name(ca.certificate().getSubjectX500Principal().getName());
    return new Issued(
        keys,
        sign(issuer, ca.keys(), new X500Name("CN=" + commonName), keys, from, until, false, san));
  }

  private static X509Certificate sign(
      X500Name issuer,
      KeyPair issuerKeys,
      X500Name subject,
      KeyPair subjectKeys,
      Instant from,
      Instant until,
      boolean isCa,
      GeneralNames san) {
    try {
      JcaX509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              issuer,
              BigInteger.valueOf(SERIAL.incrementAndGet()),
              Date.from(from),
              Date.from(until),
              subject,
              subjectKeys.getPublic());
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
      b.addExtension(
          Extension.keyUsage,
          true,
          new KeyUsage(
              isCa
                  ? KeyUsage.keyCertSign | KeyUsage.cRLSign
                  : KeyUsage.digitalSignature | KeyUsage.keyAgreement));
      if (san != null) {
        b.addExtension(Extension.subjectAlternativeName, false, san);
      }
      return new JcaX509CertificateConverter()
          .getCertificate(
              b.build(
                  new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new IllegalStateException("cannot issue a test certificate for " + subject, e);
    }
  }

  private static KeyPair keyPair() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void pem(Path file, Object object) {
    try (Writer w = java.nio.file.Files.newBufferedWriter(file, StandardCharsets.US_ASCII);
        JcaPEMWriter pem = new JcaPEMWriter(w)) {
      pem.writeObject(object);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
