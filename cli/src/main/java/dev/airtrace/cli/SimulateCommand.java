package dev.airtrace.cli;

import dev.airtrace.core.DeviceId;
import dev.airtrace.core.integrity.Ed25519;
import dev.airtrace.mqtt.MqttClients;
import dev.airtrace.mqtt.MqttPublisher;
import dev.airtrace.mqtt.MqttPublisherConfig;
import dev.airtrace.simulator.SimulationPlan;
import dev.airtrace.simulator.Simulator;
import dev.airtrace.simulator.SimulatorConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code airtrace simulate}: publishes a deterministic sensor fleet over MQTT. */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = {
      "Publish a deterministic, seeded sensor fleet over MQTT: S sites x D devices over H"
          + " simulated hours, JSON and SenML devices, with injected faults (malformed payloads,"
          + " unknown quantities, bad units, out-of-range values, future times, duplicates and"
          + " late readings). Prints what the gateway should accept and dead-letter."
    })
final class SimulateCommand implements Callable<Integer> {
  @Mixin MqttOptions mqtt;

  @ArgGroup(exclusive = false, heading = "Fleet%n")
  FleetOptions fleet = new FleetOptions();

  @Option(
      names = "--client-id",
      defaultValue = "airtrace-simulator",
      description = "MQTT client id (default: ${DEFAULT-VALUE}).")
  String clientId;

  @Option(
      names = "--device-key-dir",
      paramLabel = "DIR",
      description =
          "Sign the JSON payloads of every device with a private key <device-id>.key.pem in this"
              + " folder (as written by airtrace device), as its firmware would.")
  Path deviceKeyDir;

  @Override
  public Integer call() throws Exception {
    SimulatorConfig config = fleet.toConfig(Instant.now());
    Simulator simulator = new Simulator(config);
    Map<DeviceId, PrivateKey> keys = deviceKeys(deviceKeyDir);
    if (!keys.isEmpty()) {
      System.err.println(
          "airtrace simulate: signing for " + keys.size() + " devices from " + deviceKeyDir);
    }
    try (MqttPublisher publisher = publisher(mqtt, clientId)) {
      SimulationPlan plan = simulator.run(publisher, Duration.ofMinutes(5), keys);
      System.out.println(summary(plan));
      List<String> truth = FleetOptions.groundTruth(plan);
      if (!truth.isEmpty()) {
        System.out.println("injected sensor faults (ground truth):");
        truth.forEach(System.out::println);
      }
    }
    return 0;
  }

  /** Every {@code <device-id>.key.pem} in {@code dir}; none without a folder. */
  static Map<DeviceId, PrivateKey> deviceKeys(Path dir) throws IOException {
    Map<DeviceId, PrivateKey> keys = new HashMap<>();
    if (dir == null) {
      return keys;
    }
    String suffix = ".key.pem";
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.getFileName().toString().endsWith(suffix)).toList()) {
        String name = f.getFileName().toString();
        DeviceId device = new DeviceId(name.substring(0, name.length() - suffix.length()));
        keys.put(device, Ed25519.privateKeyFromPem(Files.readString(f, StandardCharsets.US_ASCII)));
      }
    }
    return keys;
  }

  static MqttPublisher publisher(MqttOptions mqtt, String clientId) throws InterruptedException {
    MqttPublisher publisher =
        MqttClients.publisher(MqttPublisherConfig.defaults(mqtt.endpoint(), clientId));
    publisher.start();
    if (!publisher.awaitConnected(Duration.ofSeconds(30))) {
      publisher.close();
      throw new IllegalStateException("cannot connect to the MQTT broker at " + mqtt.uri);
    }
    return publisher;
  }

  static String summary(SimulationPlan plan) {
    return "simulated "
        + plan.published()
        + " messages: "
        + plan.expectedAccepted().size()
        + " should be accepted, "
        + plan.expectedRejected().size()
        + " dead-lettered "
        + plan.expectedDeadLetters();
  }
}
