package dev.airtrace.cli;

import dev.airtrace.mqtt.MqttClients;
import dev.airtrace.mqtt.MqttPublisher;
import dev.airtrace.mqtt.MqttPublisherConfig;
import dev.airtrace.simulator.SimulationPlan;
import dev.airtrace.simulator.Simulator;
import dev.airtrace.simulator.SimulatorConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
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

  @Override
  public Integer call() throws Exception {
    SimulatorConfig config = fleet.toConfig(Instant.now());
    Simulator simulator = new Simulator(config);
    try (MqttPublisher publisher = publisher(mqtt, clientId)) {
      SimulationPlan plan = simulator.run(publisher, Duration.ofMinutes(5));
      System.out.println(summary(plan));
    }
    return 0;
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
