package dev.airtrace.topics;

import java.util.function.Function;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Serdes built from a codec's encode and decode functions; used for every topic value here and for
 * the internal state values of the stream processor. Stateless and thread-safe.
 */
public final class JsonSerdes {
  private JsonSerdes() {}

  /**
   * A serde from two functions; {@code null} stays {@code null} (tombstones). A value that does not
   * decode becomes a {@link SerializationException} naming {@code what} and the topic.
   */
  public static <T> Serde<T> of(
      String what, Function<T, byte[]> encode, Function<byte[], T> decode) {
    return Serdes.serdeFrom(
        (topic, value) -> value == null ? null : encode.apply(value),
        (topic, bytes) -> {
          if (bytes == null) {
            return null;
          }
          try {
            return decode.apply(bytes);
          } catch (RuntimeException e) {
            throw new SerializationException("not a " + what + " record on " + topic, e);
          }
        });
  }
}
