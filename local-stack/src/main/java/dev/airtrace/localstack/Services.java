package dev.airtrace.localstack;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One shared instance of each service per JVM, for integration tests: the first call starts the
 * service (or attaches to the external one named by its environment variable), later calls return
 * the same object, and a shutdown hook closes everything when the JVM exits.
 *
 * <p>Use from any JUnit 5 test class, typically in a {@code @BeforeAll}: {@code
 * Services.kafka().createTopics(1, "my-topic")}. Do not {@code close()} shared instances; to
 * simulate an outage either use {@code restart()}/{@code stop()} on the shared one (ports are kept)
 * or start a private instance with {@code MosquittoService.start()}. A failed start is remembered
 * and rethrown to later callers, so one broken service fails fast instead of timing out per class.
 *
 * <p>Thread-safe.
 */
public final class Services {
  private static final Logger LOG = LoggerFactory.getLogger(Services.class);
  private static final Deque<AutoCloseable> STARTED = new ArrayDeque<>();
  private static final Lazy<KafkaService> KAFKA = new Lazy<>("Kafka", KafkaService::start);
  private static final Lazy<MosquittoService> MOSQUITTO =
      new Lazy<>("Mosquitto", MosquittoService::start);
  private static final Lazy<InfluxService> INFLUX = new Lazy<>("InfluxDB", InfluxService::start);
  private static final Lazy<AnvilService> ANVIL = new Lazy<>("anvil", AnvilService::launch);
  private static boolean hookInstalled; // guarded by Services.class

  private Services() {}

  /** The shared Kafka broker. */
  public static KafkaService kafka() {
    return KAFKA.get();
  }

  /** The shared Mosquitto broker. */
  public static MosquittoService mosquitto() {
    return MOSQUITTO.get();
  }

  /** The shared InfluxDB server. */
  public static InfluxService influx() {
    return INFLUX.get();
  }

  /**
   * The shared anvil chain. Tests that reorg it or stop it should launch their own with {@link
   * AnvilService#launch()}, because other classes in the JVM see the same chain.
   */
  public static AnvilService anvil() {
    return ANVIL.get();
  }

  private static synchronized void register(AutoCloseable service) {
    STARTED.push(service);
    if (!hookInstalled) {
      Runtime.getRuntime()
          .addShutdownHook(new Thread(Services::closeAll, "airtrace-services-stop"));
      hookInstalled = true;
    }
  }

  private static synchronized void closeAll() {
    while (!STARTED.isEmpty()) {
      AutoCloseable service = STARTED.pop();
      try {
        service.close();
      } catch (Exception e) {
        LOG.warn("could not stop {}", service, e);
      }
    }
  }

  private static final class Lazy<T extends AutoCloseable> {
    private final String name;
    private final Supplier<T> starter;
    private T value; // guarded by this
    private RuntimeException failure; // guarded by this

    Lazy(String name, Supplier<T> starter) {
      this.name = name;
      this.starter = starter;
    }

    synchronized T get() {
      if (value != null) {
        return value;
      }
      if (failure != null) {
        throw new ServiceStartException(
            "shared " + name + " failed to start earlier in this JVM: " + failure.getMessage(),
            failure);
      }
      try {
        value = starter.get();
      } catch (RuntimeException e) {
        failure = e;
        throw e;
      }
      register(value);
      return value;
    }
  }
}
