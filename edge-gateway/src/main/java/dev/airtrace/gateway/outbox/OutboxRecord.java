package dev.airtrace.gateway.outbox;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One record in the outbox: the Kafka record the gateway produced (topic, key, value) with its
 * outbox id and the wall-clock time it was appended. Ids grow strictly with append order, so id
 * order is append order, and per key (device) also production order. Immutable.
 *
 * @param id the outbox position, {@code >= 0}
 * @param appendedAtMillis when it was appended (epoch milliseconds, the gateway's clock)
 * @param topic the Kafka topic
 * @param key the Kafka key (the device id), or {@code null}
 * @param value the Kafka value
 */
public record OutboxRecord(long id, long appendedAtMillis, String topic, String key, byte[] value) {
  /** Format version of {@link #encode()}; a stored record with another version is refused. */
  static final byte FORMAT_V1 = 1;

  public OutboxRecord {
    if (id < 0) {
      throw new IllegalArgumentException("id must be >= 0 but was " + id);
    }
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(value, "value");
  }

  /**
   * The stored form: version byte, append time, topic (length-prefixed UTF-8), key (length or -1
   * for none, UTF-8), value (the rest). The id is the storage key, not part of the value.
   */
  public byte[] encode() {
    byte[] t = topic.getBytes(StandardCharsets.UTF_8);
    byte[] k = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b =
        ByteBuffer.allocate(1 + 8 + 2 + t.length + 4 + (k == null ? 0 : k.length) + value.length);
    b.put(FORMAT_V1).putLong(appendedAtMillis).putShort((short) t.length).put(t);
    b.putInt(k == null ? -1 : k.length);
    if (k != null) {
      b.put(k);
    }
    return b.put(value).array();
  }

  /**
   * Reads the stored form written by {@link #encode()}.
   *
   * @throws IllegalArgumentException if the bytes are not a stored record of a known version
   */
  public static OutboxRecord decode(long id, byte[] stored) {
    try {
      ByteBuffer b = ByteBuffer.wrap(stored);
      byte version = b.get();
      if (version != FORMAT_V1) {
        throw new IllegalArgumentException("unknown outbox record format " + version);
      }
      long appendedAt = b.getLong();
      byte[] t = new byte[Short.toUnsignedInt(b.getShort())];
      b.get(t);
      int keyLength = b.getInt();
      String key = null;
      if (keyLength >= 0) {
        byte[] k = new byte[keyLength];
        b.get(k);
        key = new String(k, StandardCharsets.UTF_8);
      }
      byte[] value = new byte[b.remaining()];
      b.get(value);
      return new OutboxRecord(id, appendedAt, new String(t, StandardCharsets.UTF_8), key, value);
    } catch (java.nio.BufferUnderflowException | NegativeArraySizeException e) {
      throw new IllegalArgumentException("truncated outbox record " + id, e);
    }
  }

  /** Bytes this record occupies in the log before compression: the stored form plus its key. */
  public long storedSize() {
    return 8L + 1 + 8 + 2 + 4 + topic.length() + (key == null ? 0 : key.length()) + value.length;
  }
}
