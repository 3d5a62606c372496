package dev.airtrace.core.kafka;

import java.util.Locale;

/**
 * Producer batch compression, shared by every module that produces to Kafka; the names are Kafka's
 * {@code compression.type} values ({@link #kafkaName()}). A plain enum so that configuration
 * records can name a codec without importing a Kafka client.
 */
public enum Compression {
  /** No compression. */
  NONE,
  /** LZ4: cheap on CPU, about 2-3x on JSON records; the default of the gateway and processor. */
  LZ4,
  /** Zstandard: better ratio for thin uplinks, more CPU; uses a native library (zstd-jni). */
  ZSTD,
  /** gzip: best supported everywhere, slowest. */
  GZIP,
  /** Snappy: native library (snappy-java). */
  SNAPPY;

  /** The {@code compression.type} value. */
  public String kafkaName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
