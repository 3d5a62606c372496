package dev.airtrace.topics;

import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.Serde;

/**
 * One Kafka topic's contract: its name, the serdes of its key and value, the module that owns it
 * (its only writer), what its key is, the JSON Schema of its value and how it is created. The
 * catalogue of every topic is {@link Topics}; {@code docs/topics.md} is checked against it.
 *
 * <p>Topics whose names operators may change keep this contract under another name ({@link
 * #withName}); everything but the name stays the topic's.
 *
 * <p>Immutable; serdes are stateless and thread-safe.
 *
 * @param name the topic name, ending in its version suffix ({@code .v1})
 * @param keySerde serde of the key
 * @param valueSerde serde of the value
 * @param owner the module that writes the topic, as named in the topic table (e.g. {@code
 *     edge-gateway})
 * @param key what the key holds, as named in the topic table (e.g. {@code deviceId})
 * @param schema the classpath resource of the value's JSON Schema (e.g. {@code
 *     schemas/reading.v1.schema.json}), or {@code null} for a state topic whose JSON is documented
 *     with its service
 * @param creation how the topic is created when missing
 * @param <K> key type
 * @param <V> value type
 */
public record Topic<K, V>(
    String name,
    Serde<K> keySerde,
    Serde<V> valueSerde,
    String owner,
    String key,
    String schema,
    CreationPolicy creation) {
  private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

  public Topic {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(keySerde, "keySerde");
    Objects.requireNonNull(valueSerde, "valueSerde");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(creation, "creation");
    if (name.isBlank()) {
      throw new IllegalArgumentException("topic name must not be blank");
    }
  }

  /** Whether {@code name} is a legal Kafka topic name (1–249 of {@code [a-zA-Z0-9._-]}). */
  public static boolean isLegalName(String name) {
    return name != null && LEGAL.matcher(name).matches() && !name.equals(".") && !name.equals("..");
  }

  /**
   * The same contract under another name, for deployments that rename topics.
   *
   * @throws IllegalArgumentException when {@code newName} is not a legal Kafka topic name
   */
  public Topic<K, V> withName(String newName) {
    if (!isLegalName(newName)) {
      throw new IllegalArgumentException("not a legal Kafka topic name: " + newName);
    }
    return new Topic<>(newName, keySerde, valueSerde, owner, key, schema, creation);
  }

  /**
   * The same topic read or written with another value serde: e.g. the stream processor consumes the
   * readings as raw bytes, so that an undecodable record becomes a dead letter inside the topology
   * instead of a deserialisation failure.
   */
  public <W> Topic<K, W> withValueSerde(Serde<W> serde) {
    return new Topic<>(name, keySerde, serde, owner, key, schema, creation);
  }

  /** The value's JSON Schema resource, empty for a state topic. */
  public Optional<String> schemaResource() {
    return Optional.ofNullable(schema);
  }

  /**
   * Opens the value's JSON Schema (JSON Schema 2020-12) from the classpath; the caller closes it.
   *
   * @throws IllegalStateException when the topic has no schema or the resource is missing
   */
  public InputStream openSchema() {
    if (schema == null) {
      throw new IllegalStateException(name + " has no value schema");
    }
    InputStream in = Topic.class.getClassLoader().getResourceAsStream(schema);
    if (in == null) {
      throw new UncheckedIOException(
          new java.io.FileNotFoundException("schema resource " + schema + " of " + name));
    }
    return in;
  }

  /** A request to create this topic as its policy says. */
  public TopicRequest request() {
    return new TopicRequest(name, creation);
  }
}
