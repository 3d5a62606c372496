package dev.airtrace.serving.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The server certificate chain and private key the OIP endpoint presents over TLS, from a PKCS#12
 * key store ({@code openssl pkcs12 -export -in cert.pem -inkey key.pem -out server.p12} turns a PEM
 * pair into one). The password is kept only to open the store; {@link #toString()} never shows it.
 * Immutable.
 */
public final class TlsKeyStore {
  private final Path file;
  private final char[] password;

  private TlsKeyStore(Path file, char[] password) {
    this.file = Objects.requireNonNull(file, "file");
    this.password = password.clone();
  }

  /** A PKCS#12 store at {@code file}, opened with {@code password}. */
  public static TlsKeyStore pkcs12(Path file, char[] password) {
    return new TlsKeyStore(file, Objects.requireNonNull(password, "password"));
  }

  /** The key store file. */
  public Path file() {
    return file;
  }

  /**
   * A TLS context presenting the store's key (TLS 1.2 and 1.3, the JDK's defaults).
   *
   * @throws UncheckedIOException when the file cannot be read
   * @throws IllegalArgumentException naming the file when it is no PKCS#12 store, the password is
   *     wrong or it holds no private key
   */
  public SSLContext sslContext() {
    try (InputStream in = Files.newInputStream(file)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, password);
      boolean hasKey = false;
      for (var aliases = store.aliases(); aliases.hasMoreElements(); ) {
        hasKey |= store.isKeyEntry(aliases.nextElement());
      }
      if (!hasKey) {
        throw new IllegalArgumentException("TLS key store " + file + " holds no private key");
      }
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(store, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf.getKeyManagers(), null, null);
      return context;
    } catch (IOException e) {
      if (e.getCause() instanceof java.security.UnrecoverableKeyException) {
        throw new IllegalArgumentException(
            "cannot open TLS key store " + file + ": wrong password", e);
      }
      throw new UncheckedIOException("cannot read TLS key store " + file, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "cannot open TLS key store " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "TlsKeyStore[" + file + "]";
  }
}
