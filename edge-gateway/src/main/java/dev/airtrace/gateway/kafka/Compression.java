package dev.airtrace.gateway.kafka;

import java.util.Locale;

// TODO(lead): replace with dev.airtrace.core.kafka.Compression (same constants, same kafkaName()).
/** Producer batch compression; the names are Kafka's {@code compression.type} values. */
public enum Compression {
  /** No compression. */
  NONE,
  /** LZ4: cheap on the edge CPU, about 2-3x on JSON readings; the default. */
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
