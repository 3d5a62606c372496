package dev.airtrace.core.kafka;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * The environment's Kafka client settings (security, networking) that every client a component
 * creates receives: producers, consumers, admin clients, Kafka Streams and the Connect worker.
 * These are standard Kafka client properties ({@code security.protocol}, {@code ssl.*}, {@code
 * sasl.*}, {@code client.dns.lookup}, ...), exactly as in a Kafka {@code client.properties} file,
 * so that a file that works with {@code kafka-console-producer --producer.config} works here.
 *
 * <p>Settings that would break a delivery guarantee, or that airtrace sets itself, are refused at
 * construction with a one-line {@link IllegalArgumentException} naming the key: {@code
 * bootstrap.servers} (use {@code --kafka-bootstrap}), serializers, ids, {@code acks} other than
 * {@code all}, {@code enable.idempotence=false}, {@code isolation.level} other than {@code
 * read_committed}, {@code processing.guarantee}, {@code enable.auto.commit=true}, {@code
 * max.in.flight.requests.per.connection} above 5, {@code transactional.id}. A guarantee key set to
 * the value airtrace needs anyway ({@code acks=all}) is accepted and dropped. Values are kept as
 * strings: Kafka parses them, and Kafka's own config providers ({@code ${file:...}}) keep working.
 *
 * <p>{@link #toString()} shows the keys only, never a value, since values hold passwords. Immutable
 * and thread-safe.
 *
 * @param values property name to value, in name order
 */
public record KafkaClientProperties(Map<String, String> values) {

  /** Prefix of the environment variables mapped to client properties. */
  public static final String ENV_PREFIX = "AIRTRACE_KAFKA_";

  /**
   * {@code AIRTRACE_KAFKA_*} variables that are airtrace options ({@code --kafka-bootstrap}, {@code
   * --kafka-config}, the demo's {@code --kafka-port}), not client properties.
   */
  public static final Set<String> OPTION_VARIABLES =
      Set.of(ENV_PREFIX + "BOOTSTRAP", ENV_PREFIX + "CONFIG", ENV_PREFIX + "PORT");

  /** No settings: a PLAINTEXT cluster with no authentication. */
  public static final KafkaClientProperties NONE = new KafkaClientProperties(Map.of());

  /** Keys airtrace sets itself, with the option that sets them instead. */
  private static final Map<String, String> OWNED =
      Map.ofEntries(
          Map.entry("bootstrap.servers", "use --kafka-bootstrap"),
          Map.entry("client.id", "airtrace names each client"),
          Map.entry("group.id", "each component names its consumer group"),
          Map.entry("group.instance.id", "each component manages its group membership"),
          Map.entry("application.id", "use the processor's --application-id"),
          Map.entry(
              "transactional.id", "the processor's transactions are managed by Kafka Streams"),
          Map.entry("processing.guarantee", "the processor always runs exactly_once_v2"),
          Map.entry("key.serializer", "the topic contracts fix the serializers"),
          Map.entry("value.serializer", "the topic contracts fix the serializers"),
          Map.entry("key.deserializer", "the topic contracts fix the deserializers"),
          Map.entry("value.deserializer", "the topic contracts fix the deserializers"));

  /**
   * Keys whose only allowed values keep a guarantee (compared lower case; the first is the one
   * named in the refusal). An allowed value is dropped: airtrace sets it anyway where it matters.
   */
  private static final Map<String, List<String>> REQUIRED_VALUES =
      Map.of(
          "acks", List.of("all", "-1"),
          "enable.idempotence", List.of("true"),
          "isolation.level", List.of("read_committed"),
          "enable.auto.commit", List.of("false"));

  private static final String MAX_IN_FLIGHT = "max.in.flight.requests.per.connection";

  /** Most in-flight requests that keep per-partition order with idempotence. */
  private static final int MAX_IN_FLIGHT_IDEMPOTENT = 5;

  public KafkaClientProperties {
    Objects.requireNonNull(values, "values");
    TreeMap<String, String> sorted = new TreeMap<>();
    for (Map.Entry<String, String> e : values.entrySet()) {
      String key = Objects.requireNonNull(e.getKey(), "property name").trim();
      String value = Objects.requireNonNull(e.getValue(), () -> "value of " + key).trim();
      check(key, value);
      if (!REQUIRED_VALUES.containsKey(key)) {
        sorted.put(key, value);
      }
    }
    values = Collections.unmodifiableMap(sorted);
  }

  /**
   * Reads a Kafka {@code client.properties} file ({@link Properties} format, UTF-8).
   *
   * @throws UncheckedIOException naming the file when it cannot be read
   * @throws IllegalArgumentException when it sets a refused key (see the class comment)
   */
  public static KafkaClientProperties fromFile(Path file) {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read Kafka client config " + file + ": " + e.getMessage(), e);
    }
    Map<String, String> values = new TreeMap<>();
    p.stringPropertyNames().forEach(k -> values.put(k, p.getProperty(k)));
    try {
      return new KafkaClientProperties(values);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  /**
   * The client properties in an environment: every {@code AIRTRACE_KAFKA_<NAME>} except {@link
   * #OPTION_VARIABLES}, with {@code <NAME>} lower-cased and each {@code _} turned into {@code .}
   * ({@code AIRTRACE_KAFKA_SASL_JAAS_CONFIG} → {@code sasl.jaas.config}). Kafka property names
   * contain no underscores, so the mapping is unambiguous.
   *
   * @throws IllegalArgumentException naming the variable when it sets a refused key
   */
  public static KafkaClientProperties fromEnvironment(Map<String, String> env) {
    Map<String, String> values = new TreeMap<>();
    for (Map.Entry<String, String> e : env.entrySet()) {
      String name = e.getKey();
      if (name.startsWith(ENV_PREFIX)
          && name.length() > ENV_PREFIX.length()
          && !OPTION_VARIABLES.contains(name)) {
        String key = propertyName(name);
        try {
          check(key, e.getValue().trim());
        } catch (IllegalArgumentException ex) {
          throw new IllegalArgumentException(name + ": " + ex.getMessage(), ex);
        }
        values.put(key, e.getValue());
      }
    }
    return new KafkaClientProperties(values);
  }

  /** The client property an {@code AIRTRACE_KAFKA_*} variable sets. */
  public static String propertyName(String environmentVariable) {
    if (!environmentVariable.startsWith(ENV_PREFIX)) {
      throw new IllegalArgumentException(
          environmentVariable + " does not start with " + ENV_PREFIX);
    }
    return environmentVariable
        .substring(ENV_PREFIX.length())
        .toLowerCase(Locale.ROOT)
        .replace('_', '.');
  }

  /** These settings with {@code overrides} on top (same key: the override wins). */
  public KafkaClientProperties overriddenBy(KafkaClientProperties overrides) {
    Map<String, String> merged = new TreeMap<>(values);
    merged.putAll(overrides.values);
    return new KafkaClientProperties(merged);
  }

  /** Whether no setting is present. */
  public boolean isEmpty() {
    return values.isEmpty();
  }

  /**
   * Kafka {@code Properties} holding these settings, to which a component then adds its own (which
   * cannot collide: the keys it owns are refused here).
   */
  public Properties toProperties() {
    Properties p = new Properties();
    p.putAll(values);
    return p;
  }

  /**
   * These settings with every key prefixed, e.g. {@code consumer.} for a Connect worker's sink task
   * consumers, which do not inherit the worker's top-level settings.
   */
  public Map<String, String> withPrefix(String prefix) {
    Map<String, String> prefixed = new TreeMap<>();
    values.forEach((k, v) -> prefixed.put(prefix + k, v));
    return prefixed;
  }

  @Override
  public String toString() {
    return "KafkaClientProperties" + values.keySet();
  }

  private static void check(String key, String value) {
    if (key.isEmpty()) {
      throw new IllegalArgumentException("empty Kafka client property name");
    }
    String owned = OWNED.get(key);
    if (owned != null) {
      throw new IllegalArgumentException(
          "Kafka client property " + key + " is not allowed here: " + owned);
    }
    List<String> required = REQUIRED_VALUES.get(key);
    if (required != null && !required.contains(value.toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException(
          "Kafka client property "
              + key
              + "="
              + value
              + " is refused: airtrace's delivery guarantee needs "
              + key
              + "="
              + required.get(0));
    }
    if (key.equals(MAX_IN_FLIGHT)) {
      int n;
      try {
        n = Integer.parseInt(value);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "Kafka client property " + key + " must be a number but was " + value, e);
      }
      if (n < 1 || n > MAX_IN_FLIGHT_IDEMPOTENT) {
        throw new IllegalArgumentException(
            "Kafka client property "
                + key
                + "="
                + value
                + " is refused: idempotent producers keep order only with 1.."
                + MAX_IN_FLIGHT_IDEMPOTENT);
      }
    }
  }
}
