import dev.airtrace.cli.demo.EmbeddedMqttBroker;
import dev.airtrace.localstack.FreePorts;
import dev.airtrace.mqtt.InboundMessage;
import dev.airtrace.mqtt.MqttClients;
import dev.airtrace.mqtt.MqttEndpoint;
import dev.airtrace.mqtt.MqttIntake;
import dev.airtrace.mqtt.MqttIntakeConfig;
import dev.airtrace.mqtt.MqttPublisher;
import dev.airtrace.mqtt.MqttPublisherConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How fast the demo's embedded HiveMQ hands a backlog to the gateway's MQTT intake, without the
 * rest of the gateway: queues N messages for an offline intake session, reconnects it and takes
 * them in passes like the gateway worker (everything queued, then acknowledge the pass), and prints
 * the drain rate and the messages per pass. Used for docs/benchmarks.md ("Demo after the
 * broker-window fix"); run it against two builds of the CLI to compare them:
 *
 * <pre>
 * java -cp "cli/target/airtrace.jar:cli/target/lib/*" scripts/EmbeddedBrokerDrain.java 5000
 * </pre>
 */
public class EmbeddedBrokerDrain {
  public static void main(String[] args) throws Exception {
    int burst = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
    Path work = Files.createTempDirectory("broker-drain");
    try (EmbeddedMqttBroker broker = EmbeddedMqttBroker.start(work, FreePorts.pick())) {
      MqttEndpoint endpoint = MqttEndpoint.of(broker.serverUri());
      MqttIntakeConfig gateway = MqttIntakeConfig.defaults(endpoint, "drain-gateway", "drain/#");
      try (MqttIntake session = MqttClients.intake(gateway)) { // creates the persistent session
        session.start();
        while (!session.status().connected()) {
          Thread.sleep(50);
        }
      }
      try (MqttPublisher publisher =
          MqttClients.publisher(MqttPublisherConfig.defaults(endpoint, "drain-sensor"))) {
        publisher.start();
        publisher.awaitConnected(Duration.ofSeconds(60));
        for (int i = 0; i < burst; i++) {
          byte[] payload = ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8);
          publisher.publish("drain/d" + (i % 100), payload);
        }
        if (!publisher.awaitDelivered(Duration.ofMinutes(5))) {
          throw new IllegalStateException("the broker did not take the burst");
        }
      }
      try (MqttIntake intake = MqttClients.intake(gateway)) {
        long started = System.nanoTime();
        intake.start();
        int received = 0;
        int passes = 0;
        List<InboundMessage> pass = new ArrayList<>();
        while (received < burst && System.nanoTime() - started < Duration.ofMinutes(2).toNanos()) {
          InboundMessage first = intake.poll(Duration.ofMillis(100));
          if (first == null) {
            continue;
          }
          pass.add(first);
          InboundMessage next;
          while ((next = intake.poll(Duration.ZERO)) != null) {
            pass.add(next);
          }
          pass.forEach(intake::acknowledge);
          received += pass.size();
          passes++;
          pass.clear();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(
            "RESULT drained %d of %d in %.2f s = %.0f messages/s, %d passes (%.1f per pass)%n",
            received, burst, seconds, received / seconds, passes, (double) received / passes);
      }
    }
    System.exit(0); // HiveMQ leaves non-daemon threads behind
  }
}
