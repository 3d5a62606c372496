package dev.airtrace.processor;

import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * A Kafka topic and the serdes of its key and value: the one place a topology learns how to read or
 * write it. Immutable; serdes are stateless and thread-safe.
 *
 * @param name the topic name (a contract, see {@code docs/topics.md})
 * @param keySerde serde of the key
 * @param valueSerde serde of the value
 * @param <K> key type
 * @param <V> value type
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {
  public Topic {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(keySerde, "keySerde");
    Objects.requireNonNull(valueSerde, "valueSerde");
    if (name.isBlank()) {
      throw new IllegalArgumentException("topic name must not be blank");
    }
  }

  /** How a topology consumes this topic, with a named source node. */
  public Consumed<K, V> consumed(String sourceName) {
    return Consumed.with(keySerde, valueSerde).withName(sourceName);
  }

  /** How a topology produces to this topic, with a named sink node. */
  public Produced<K, V> produced(String sinkName) {
    return Produced.with(keySerde, valueSerde).withName(sinkName);
  }
}
