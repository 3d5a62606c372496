package dev.airtrace.gateway;

import static org.awaitility.Awaitility.await;

import dev.airtrace.gateway.integrity.AckAfterSeal;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The child process of {@link MerkleCrashIT}: a real gateway (outbox, integrity) on the given
 * mosquitto and Kafka, configured by {@link MerkleCrashIT#config}. Prints {@code READY} once it is
 * subscribed, and closes gracefully when its standard input ends. Run with {@code
 * -Dairtrace.fault=<point>:halt@<n>} it dies at that point like {@code kill -9}.
 *
 * <p>Arguments: state directory, MQTT URI, Kafka bootstrap, namespace, site, {@link AckAfterSeal},
 * batch max age (ISO-8601).
 */
public final class MerkleCrashChild {
  private MerkleCrashChild() {}

  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    GatewayConfig config =
        MerkleCrashIT.config(
            Path.of(args[0]),
            args[1],
            args[2],
            args[3],
            args[4],
            AckAfterSeal.valueOf(args[5]),
            Duration.parse(args[6]));
    try (EdgeGateway gateway = EdgeGateway.create(config, new SimpleMeterRegistry())) {
      gateway.start();
      await().atMost(Duration.ofSeconds(60)).until(() -> gateway.snapshot().mqttConnected());
      out.println("READY");
      while (System.in.read() >= 0) {
        // runs until the parent closes our standard input (or a fault point halts the JVM)
      }
    }
    out.println("DONE");
  }
}
