package dev.airtrace.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.airtrace.localstack.MosquittoService;
import dev.airtrace.localstack.TestWaits;
import dev.airtrace.mqtt.MqttPublisher;
import dev.airtrace.simulator.SimulationPlan;
import dev.airtrace.simulator.Simulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Scenario a: the gateway process is killed with SIGKILL at three random points while the simulator
 * publishes, and restarted with the same id (so it resumes its persistent MQTT session). What it
 * had not acknowledged to the broker is redelivered; nothing is lost. The kill points come from a
 * seed printed with the row ({@code -Dairtrace.fault.seed=N} repeats a run).
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class GatewayKillIT {
  private static final int KILLS = 3;

  @Test
  void shouldLoseNoReadingWhenTheGatewayIsKilledAtThreeRandomPointsMidStream() throws Exception {
    FaultProfile profile = FaultProfile.current();
    long seed = Long.getLong("airtrace.fault.seed", System.nanoTime());
    String ns = TestWaits.uniqueName("gwkill");
    Simulator simulator =
        new Simulator(
            Scenarios.fleet(ns, profile, profile.hours(), profile.readingsPerSecond() / 4));
    SimulationPlan plan = simulator.plan();
    Expectation expected = new Expectation().add(plan);
    long[] points = killPoints(new Random(seed), plan.published());
    System.out.println("gateway kill points (seed " + seed + "): " + Arrays.toString(points));

    List<String> kills = new ArrayList<>();
    try (FaultStack stack = FaultStack.onSharedKafka("gateway-kill");
        MosquittoService mosquitto = MosquittoService.launch();
        MqttPublisher publisher = FaultStack.publisher(mosquitto.serverUri(), ns + "-pub")) {
      String gatewayId = ns + "-gw";
      ChildJvm gateway = stack.startGateway(gatewayId, mosquitto.serverUri());
      CompletableFuture<SimulationPlan> run =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return simulator.run(publisher, TestWaits.atMost(Duration.ofSeconds(120)));
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  throw new IllegalStateException(e);
                }
              });
      for (long point : points) {
        await("publisher at message " + point)
            .atMost(TestWaits.atMost(Duration.ofSeconds(120)))
            .pollInterval(Duration.ofMillis(5))
            .until(() -> simulator.publishedSoFar() >= point);
        long pid = gateway.pid();
        gateway.kill();
        kills.add("pid " + pid + " at message " + simulator.publishedSoFar());
        gateway = stack.startGateway(gatewayId, mosquitto.serverUri());
      }
      run.get(TestWaits.atMost(Duration.ofSeconds(180)).toMillis(), TimeUnit.MILLISECONDS);

      try (Auditor auditor = new Auditor(stack.kafka().bootstrapServers(), ns)) {
        Audit audit = Scenarios.awaitAudit(auditor, expected);
        FaultTable.row(
            "a) gateway kill -9 ×3 (" + profile.name() + ")",
            audit,
            "seed " + seed + ", killed " + String.join(", ", kills));
        assertThat(gateway.isAlive()).as("the last gateway is running").isTrue();
        assertThat(audit.lost()).as(audit.toString()).isZero();
        assertThat(audit.delivered()).isEqualTo(expected.readings().size());
        assertThat(audit.deadLettered()).isEqualTo(expected.deadLetters().size());
        assertThat(audit.dupAfterDedup()).as(audit.toString()).isZero();
      }
    }
  }

  /** Three distinct message indexes between 10 % and 90 % of the stream, in order. */
  static long[] killPoints(Random random, int messages) {
    long low = messages / 10;
    long span = Math.max(KILLS, messages * 8L / 10);
    return random.longs(0, span).distinct().limit(KILLS).map(x -> low + x).sorted().toArray();
  }
}
