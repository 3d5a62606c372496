package dev.airtrace.localstack;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the single-node KRaft broker of {@link KafkaService} as its own process, on fixed ports and
 * a fixed data directory, so a fault-injection test can kill it with SIGKILL and start it again on
 * the same port with the same data (an in-process broker dies with the test JVM).
 *
 * <p>Usage: {@code java -cp <classpath> dev.airtrace.localstack.KafkaBrokerMain <port>
 * <controllerPort> <dataDir>}. The directory is formatted on the first start and reused afterwards.
 * Once the broker serves metadata the process prints one line {@value #READY_PREFIX}{@code
 * host:port} to stdout; it then runs until killed. SIGTERM shuts the broker down cleanly.
 */
public final class KafkaBrokerMain {
  /** The stdout line prefix that says the broker serves; followed by its bootstrap address. */
  public static final String READY_PREFIX = "KAFKA-BROKER-READY ";

  private KafkaBrokerMain() {}

  /**
   * Starts the broker and blocks until the process is stopped.
   *
   * @param args client port, controller port, data directory
   */
  public static void main(String[] args) throws InterruptedException {
    if (args.length != 3) {
      System.err.println("usage: KafkaBrokerMain <port> <controllerPort> <dataDir>");
      System.exit(2);
    }
    KafkaService.Options options =
        new KafkaService.Options(
            Path.of(args[2]),
            Integer.parseInt(args[0]),
            Integer.parseInt(args[1]),
            KafkaService.Options.DEFAULT_START_TIMEOUT);
    KafkaService broker = KafkaService.start(options);
    Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "kafka-broker-shutdown"));
    System.out.println(READY_PREFIX + broker.bootstrapServers());
    System.out.flush();
    new CountDownLatch(1).await(); // until the process is stopped; the hook closes the broker
  }
}
