package dev.airtrace.core.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Reads PEM certificate files (a CA bundle, a certificate chain) and builds a trust manager that
 * trusts exactly the CAs of a bundle, as {@code curl --cacert} or mosquitto's {@code cafile} do.
 * Hostname verification is not this class's business: the HTTP or MQTT client that uses the trust
 * manager keeps its own (on by default in both).
 *
 * <p>Every failure (missing file, no certificate in it, broken PEM) is an {@link
 * IllegalArgumentException} whose message names the file, so callers can fail at start with one
 * line. Stateless and thread-safe.
 */
public final class PemTrust {
  private PemTrust() {}

  /**
   * The X.509 certificates in a PEM (or DER) file, in file order.
   *
   * @param what what the file is for, used in error messages (e.g. "InfluxDB CA")
   * @throws IllegalArgumentException when the file cannot be read or holds no X.509 certificate
   */
  public static List<X509Certificate> certificates(Path file, String what) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + what + " file " + file + ": " + e, e);
    }
    try {
      Collection<? extends Certificate> certs =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(bytes));
      if (certs.isEmpty()) {
        throw new IllegalArgumentException(what + " file " + file + " holds no PEM certificate");
      }
      List<X509Certificate> out = new ArrayList<>(certs.size());
      for (Certificate c : certs) {
        if (!(c instanceof X509Certificate x509)) {
          throw new IllegalArgumentException(
              what + " file " + file + " holds a non-X.509 certificate");
        }
        out.add(x509);
      }
      return List.copyOf(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          what + " file " + file + " is not a PEM certificate file: " + e.getMessage(), e);
    }
  }

  /**
   * A trust manager that trusts the CA certificates in {@code caFile} and nothing else (not the
   * JVM's default trust store).
   *
   * @throws IllegalArgumentException as {@link #certificates}
   */
  public static X509TrustManager trustManager(Path caFile, String what) {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      try {
        trust.load(null, null);
      } catch (IOException e) {
        throw new UncheckedIOException(e); // cannot happen without a stream
      }
      int i = 0;
      for (X509Certificate c : certificates(caFile, what)) {
        trust.setCertificateEntry("ca-" + i++, c);
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      for (TrustManager tm : tmf.getTrustManagers()) {
        if (tm instanceof X509TrustManager x509) {
          return x509;
        }
      }
      throw new IllegalStateException("the JDK's TrustManagerFactory made no X509TrustManager");
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "cannot build a trust store from " + what + " file " + caFile + ": " + e.getMessage(), e);
    }
  }
}
