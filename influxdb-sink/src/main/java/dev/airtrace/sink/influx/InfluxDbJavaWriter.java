package dev.airtrace.sink.influx;

import dev.airtrace.core.tls.PemTrust;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBException;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.Query;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link PointWriter} over influxdb-java's v1 client: synchronous {@code POST /write} calls, no
 * client-side batching or background threads (the task batches and Connect retries). Not
 * thread-safe; owned by one task.
 */
final class InfluxDbJavaWriter implements PointWriter {
  private static final Logger LOG = LoggerFactory.getLogger(InfluxDbJavaWriter.class);

  private final InfluxDB influx;
  private final String database;
  private final String retentionPolicy;

  InfluxDbJavaWriter(InfluxSinkConfig config) {
    long timeoutMs = config.httpTimeout().toMillis();
    OkHttpClient.Builder http =
        new OkHttpClient.Builder()
            .connectTimeout(timeoutMs, TimeUnit.MILLISECONDS)
            .readTimeout(timeoutMs, TimeUnit.MILLISECONDS)
            .writeTimeout(timeoutMs, TimeUnit.MILLISECONDS)
            // Connect redelivers and retries; a hidden second retry layer would blur the backoff.
            .retryOnConnectionFailure(false);
    // okhttp keeps its default hostname verifier: the certificate must name the URL's host.
    config
        .caFile()
        .ifPresent(
            ca -> {
              X509TrustManager trust = PemTrust.trustManager(ca, "InfluxDB CA");
              http.sslSocketFactory(sslContext(trust).getSocketFactory(), trust);
            });
    config.plaintextCredentialsWarning().ifPresent(LOG::warn);
    this.influx =
        config.username().isPresent()
            ? InfluxDBFactory.connect(
                config.url(), config.username().get(), config.password(), http)
            : InfluxDBFactory.connect(config.url(), http);
    this.influx.setLogLevel(InfluxDB.LogLevel.NONE);
    this.database = config.database();
    this.retentionPolicy = config.retentionPolicy().orElse(null);
  }

  @Override
  public void write(List<String> lines) throws WriteException {
    try {
      influx.write(
          database, retentionPolicy, InfluxDB.ConsistencyLevel.ONE, TimeUnit.MILLISECONDS, lines);
    } catch (RuntimeException e) {
      Optional<String> tls = tlsFailure(e);
      if (tls.isPresent()) {
        // Retrying cannot make an untrusted certificate trusted: fail the task with one line.
        throw new WriteException(
            "InfluxDB write of " + lines.size() + " points failed: " + tls.get(), false, e);
      }
      throw translated(lines, e);
    }
  }

  private static WriteException translated(List<String> lines, RuntimeException failure) {
    if (failure instanceof InfluxDBException e) {
      return new WriteException(
          "InfluxDB write of " + lines.size() + " points failed: " + e.getMessage(),
          e.isRetryWorth(),
          e);
    }
    // okhttp/retrofit failures that influxdb-java did not wrap: treat as transport errors.
    return new WriteException(
        "InfluxDB write of " + lines.size() + " points failed: " + failure, true, failure);
  }

  /**
   * The TLS reason when {@code failure} was caused by a server certificate the client does not
   * trust (unknown CA, expired, or a host name it does not name), else empty.
   */
  static Optional<String> tlsFailure(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SSLPeerUnverifiedException
          || t instanceof SSLHandshakeException && hasCertificateCause(t)) {
        return Optional.of(
            "TLS: InfluxDB's certificate is not trusted (check influx.ssl.ca.file /"
                + " --influx-ca and the URL's host name): "
                + t.getMessage());
      }
    }
    return Optional.empty();
  }

  private static boolean hasCertificateCause(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof CertificateException) {
        return true;
      }
    }
    return false;
  }

  private static SSLContext sslContext(X509TrustManager trust) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {trust}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot create a TLS context: " + e, e);
    }
  }

  @Override
  public void ensureDatabase() {
    try {
      influx.query(new Query("CREATE DATABASE \"" + database.replace("\"", "\\\"") + "\""));
    } catch (RuntimeException e) {
      LOG.warn("could not create InfluxDB database '{}' (continuing): {}", database, e.toString());
    }
  }

  @Override
  public void close() {
    influx.close();
  }
}
