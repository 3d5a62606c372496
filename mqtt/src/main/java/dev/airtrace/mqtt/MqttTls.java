package dev.airtrace.mqtt;

import dev.airtrace.core.tls.PemTrust;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS settings of an MQTT connection, from PEM files as mosquitto and most brokers use them: the CA
 * certificate(s) that sign the broker's certificate, and for mutual TLS the client's certificate
 * (chain) and its private key. Built with JDK APIs only.
 *
 * <p>The private key must be unencrypted PKCS#8 ({@code -----BEGIN PRIVATE KEY-----}, what {@code
 * openssl genpkey} and OpenSSL 3 write); an RSA or EC key in the older format converts with {@code
 * openssl pkcs8 -topk8 -nocrypt -in old.key -out client.key}. Files are read and checked when the
 * value is built, so a wrong path or a broken file fails at start, not at the first connect.
 *
 * <p>Immutable and thread-safe; {@link #toString()} names files only.
 *
 * @param caFile PEM file with the CA certificate(s) to trust, or {@code null} for the JVM's default
 *     trust store
 * @param certificateFile PEM file with the client certificate (first) and any intermediates, or
 *     {@code null} for no client certificate; set together with {@code privateKeyFile}
 * @param privateKeyFile PEM file with the client's PKCS#8 private key, or {@code null}
 */
public record MqttTls(Path caFile, Path certificateFile, Path privateKeyFile) {

  private static final Pattern PEM =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([^-]+)-----END \\1-----");

  private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "Ed25519", "Ed448");

  private static final char[] NO_PASSWORD = new char[0];

  public MqttTls {
    if ((certificateFile == null) != (privateKeyFile == null)) {
      throw new IllegalArgumentException(
          "a client certificate needs its private key and a key its certificate (got certificate "
              + certificateFile
              + ", key "
              + privateKeyFile
              + ")");
    }
    if (caFile == null && certificateFile == null) {
      throw new IllegalArgumentException(
          "MqttTls needs a CA file, a client certificate or both; for the JVM's default trust"
              + " store alone use an ssl:// URI without MqttTls");
    }
    // Parse everything now: a wrong path or a broken file is a start-up error, not a retry loop.
    socketFactory(caFile, certificateFile, privateKeyFile);
  }

  /** Trust only the CAs in {@code caFile} (server authentication, no client certificate). */
  public static MqttTls trusting(Path caFile) {
    return new MqttTls(caFile, null, null);
  }

  /** Whether a client certificate is presented (mutual TLS). */
  public boolean mutual() {
    return certificateFile != null;
  }

  /**
   * Why the client certificate cannot be accepted at {@code now} (expired, or not yet valid), or
   * empty when it is valid or there is none. A broker refuses such a certificate during the TLS
   * handshake, which a TLS 1.3 client sees only as a closed connection; checking it here gives a
   * clear reason instead.
   */
  Optional<String> clientCertificateProblem(Instant now) {
    if (certificateFile == null) {
      return Optional.empty();
    }
    X509Certificate leaf = (X509Certificate) certificates(certificateFile).get(0);
    Date at = Date.from(now);
    if (at.after(leaf.getNotAfter())) {
      return Optional.of(
          "client certificate "
              + certificateFile
              + " expired on "
              + leaf.getNotAfter().toInstant());
    }
    if (at.before(leaf.getNotBefore())) {
      return Optional.of(
          "client certificate "
              + certificateFile
              + " is not valid before "
              + leaf.getNotBefore().toInstant());
    }
    return Optional.empty();
  }

  /** A socket factory for Paho's {@code ssl://} connections with these settings. */
  SSLSocketFactory socketFactory() {
    return socketFactory(caFile, certificateFile, privateKeyFile);
  }

  private static SSLSocketFactory socketFactory(Path ca, Path cert, Path key) {
    try {
      TrustManager[] trustManagers;
      if (ca == null) {
        TrustManagerFactory tmf =
            TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init((KeyStore) null); // the JVM's default trust store
        trustManagers = tmf.getTrustManagers();
      } else {
        trustManagers = new TrustManager[] {PemTrust.trustManager(ca, "MQTT TLS certificate")};
      }
      KeyManagerFactory kmf = null;
      if (cert != null) {
        List<Certificate> chain = certificates(cert);
        KeyStore identity = emptyStore();
        identity.setKeyEntry(
            "client", privateKey(key), NO_PASSWORD, chain.toArray(new Certificate[0]));
        kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(identity, NO_PASSWORD);
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf == null ? null : kmf.getKeyManagers(), trustManagers, null);
      return context.getSocketFactory();
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot set up MQTT TLS: " + e.getMessage(), e);
    }
  }

  private static KeyStore emptyStore() throws GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try {
      store.load(null, null);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // cannot happen without a stream
    }
    return store;
  }

  private static List<Certificate> certificates(Path file) {
    return List.copyOf(PemTrust.certificates(file, "MQTT TLS certificate"));
  }

  private static PrivateKey privateKey(Path file) {
    String pem = new String(read(file, "private key"), StandardCharsets.US_ASCII);
    Matcher m = PEM.matcher(pem);
    if (!m.find()) {
      throw new IllegalArgumentException(file + " holds no PEM block");
    }
    if (!m.group(1).equals("PRIVATE KEY")) {
      throw new IllegalArgumentException(
          file
              + " holds a '"
              + m.group(1)
              + "'; an unencrypted PKCS#8 'PRIVATE KEY' is needed (convert: openssl pkcs8"
              + " -topk8 -nocrypt -in "
              + file.getFileName()
              + ")");
    }
    byte[] der = Base64.getMimeDecoder().decode(m.group(2));
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    for (String algorithm : KEY_ALGORITHMS) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (InvalidKeySpecException | java.security.NoSuchAlgorithmException e) {
        // try the next algorithm
      }
    }
    throw new IllegalArgumentException(
        file + " holds no RSA, EC or EdDSA private key the JDK can read");
  }

  private static byte[] read(Path file, String what) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read MQTT TLS " + what + " file " + file + ": " + e, e);
    }
  }
}
