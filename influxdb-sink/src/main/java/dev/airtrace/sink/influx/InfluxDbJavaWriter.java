package dev.airtrace.sink.influx;

import java.util.List;
import java.util.concurrent.TimeUnit;
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
    } catch (InfluxDBException e) {
      throw new WriteException(
          "InfluxDB write of " + lines.size() + " points failed: " + e.getMessage(),
          e.isRetryWorth(),
          e);
    } catch (RuntimeException e) {
      // okhttp/retrofit failures that influxdb-java did not wrap: treat as transport errors.
      throw new WriteException(
          "InfluxDB write of " + lines.size() + " points failed: " + e, true, e);
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
