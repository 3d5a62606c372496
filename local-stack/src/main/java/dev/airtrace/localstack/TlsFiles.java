package dev.airtrace.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throw-away certificate authority for TLS tests, made with the {@code openssl} command (Debian
 * package {@code openssl}) at test time and never committed: {@link #create} writes a CA, {@link
 * #issue} a certificate it signs for {@code localhost} and {@code 127.0.0.1}. Keys are P-256,
 * unencrypted PKCS#8 PEM ({@code BEGIN PRIVATE KEY}), which Kafka's PEM key stores and airtrace's
 * MQTT client read.
 *
 * @param dir where the files live
 * @param caCertificate the CA certificate (PEM), the trust anchor to give clients
 * @param caKey the CA private key (PEM)
 */
public record TlsFiles(Path dir, Path caCertificate, Path caKey) {
  private static final long OPENSSL_TIMEOUT_SECONDS = 60;

  /** A certificate and its private key, PEM files. */
  public record Issued(Path certificate, Path key) {
    /** The certificate file's text. */
    public String certificatePem() {
      return read(certificate);
    }

    /** The key file's text. */
    public String keyPem() {
      return read(key);
    }
  }

  /** Creates a CA named {@code name} valid for a day in {@code dir} ({@code name.crt/.key}). */
  public static TlsFiles create(Path dir, String name) {
    ServiceFiles.mkdirs(dir);
    Path crt = dir.resolve(name + ".crt");
    Path key = dir.resolve(name + ".key");
    openssl(
        dir,
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-keyout",
        key.toString(),
        "-out",
        crt.toString(),
        "-days",
        "1",
        "-subj",
        "/CN=" + name,
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign");
    return new TlsFiles(dir, crt, key);
  }

  /**
   * Issues a certificate for {@code commonName}, valid for a day, with subject alternative names
   * {@code localhost} and {@code 127.0.0.1}, signed by this CA.
   */
  public Issued issue(String commonName) {
    return issue(commonName, 1);
  }

  /**
   * Like {@link #issue}, but the certificate expired a day before it was issued (openssl's {@code
   * -days -1}: notAfter is yesterday), for tests that a peer refuses an expired certificate.
   */
  public Issued issueExpired(String commonName) {
    return issue(commonName, -1);
  }

  private Issued issue(String commonName, int days) {
    Path key = dir.resolve(commonName + ".key");
    Path csr = dir.resolve(commonName + ".csr");
    Path crt = dir.resolve(commonName + ".crt");
    Path ext = dir.resolve(commonName + ".ext");
    ServiceFiles.write(
        ext,
        "subjectAltName=DNS:localhost,IP:127.0.0.1\n"
            + "basicConstraints=critical,CA:FALSE\n"
            + "keyUsage=critical,digitalSignature,keyAgreement\n");
    openssl(
        dir,
        "req",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-keyout",
        key.toString(),
        "-out",
        csr.toString(),
        "-subj",
        "/CN=" + commonName);
    openssl(
        dir,
        "x509",
        "-req",
        "-in",
        csr.toString(),
        "-CA",
        caCertificate.toString(),
        "-CAkey",
        caKey.toString(),
        "-CAcreateserial",
        "-out",
        crt.toString(),
        "-days",
        Integer.toString(days),
        "-extfile",
        ext.toString());
    return new Issued(crt, key);
  }

  /**
   * A TLS context that trusts this CA only, for test infrastructure's own HTTP clients (JDK {@code
   * HttpClient}); the client keeps its hostname verification.
   */
  public SSLContext sslContext() {
    try (InputStream in = Files.newInputStream(caCertificate)) {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry(
          "ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, tmf.getTrustManagers(), null);
      return context;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read CA certificate " + caCertificate, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot trust CA certificate " + caCertificate, e);
    }
  }

  private static void openssl(Path dir, String... args) {
    Path binary = Binaries.require("openssl", "openssl", "(none)");
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(List.of(args));
    try {
      Process p =
          new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(OPENSSL_TIMEOUT_SECONDS, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new ServiceStartException("openssl " + args[0] + " failed: " + out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run openssl", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ServiceStartException("interrupted running openssl", e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
