package dev.airtrace.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.airtrace.localstack.MosquittoService;
import dev.airtrace.localstack.TestWaits;
import dev.airtrace.mqtt.MqttPublisher;
import dev.airtrace.simulator.SimulationPlan;
import dev.airtrace.simulator.Simulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Scenario f: the Kafka broker process is killed with SIGKILL for {@link
 * FaultProfile#kafkaOutage()} while the fleet publishes at {@link FaultProfile#outageRate()}
 * readings/s, then started again on the same port with its data. With the gateway's disk outbox
 * (issue #10, scope 1) nothing is lost, the gateway process never exits, records sent from the
 * backlog carry the {@value Outbox#BACKFILL_HEADER} header, and live readings are written while the
 * backlog drains. Needs the outbox: see {@link Outbox}.
 */
@Timeout(value = 3_600, unit = TimeUnit.SECONDS)
class KafkaOutageIT {
  /** Streaming before the outage and after it, so the outage falls mid-stream. */
  private static final Duration AROUND = Duration.ofSeconds(10);

  @Test
  void shouldLoseNothingAndMarkTheBackfillWhenKafkaIsDownMidStream() throws Exception {
    assumeTrue(
        Outbox.available() || Outbox.required(),
        "needs the gateway's disk outbox (#10 scope 1, --outbox-dir); the CLI on the class path"
            + " has none. -Dairtrace.fault.require-outbox=true runs it anyway.");
    FaultProfile profile = FaultProfile.current();
    String ns = TestWaits.uniqueName("kdown");
    double rate = profile.outageRate();
    long messages = (long) (rate * (profile.kafkaOutage().toSeconds() + 3 * AROUND.toSeconds()));
    // More devices rather than more hours: the gateway rejects readings older than 7 days.
    int hours = 2 * profile.hours();
    int devicesPerSite = (int) Math.max(1, (messages + 3L * hours * 60 - 1) / (3L * hours * 60));
    Simulator simulator =
        new Simulator(
            Scenarios.fleet(ns, profile, hours, rate).toBuilder()
                .devicesPerSite(devicesPerSite)
                .build());
    SimulationPlan plan = simulator.plan();
    Expectation expected = new Expectation().add(plan);

    try (FaultStack stack = FaultStack.start("kafka-outage");
        MosquittoService mosquitto = MosquittoService.launch();
        MqttPublisher publisher = FaultStack.publisher(mosquitto.serverUri(), ns + "-pub")) {
      List<String> outboxArgs = new ArrayList<>();
      if (Outbox.available()) {
        outboxArgs.addAll(List.of("--outbox-dir", stack.dir().resolve("outbox").toString()));
        // What waited out the outage is backfill; the default (30 s) is longer than the CI outage.
        outboxArgs.addAll(List.of("--backfill-after", "5s"));
      }
      ChildJvm gateway =
          stack.startGateway(ns + "-gw", mosquitto.serverUri(), outboxArgs.toArray(String[]::new));
      CompletableFuture<SimulationPlan> run =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return simulator.run(publisher, TestWaits.atMost(Duration.ofMinutes(10)));
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  throw new IllegalStateException(e);
                }
              });
      await()
          .atMost(TestWaits.atMost(Duration.ofSeconds(60)))
          .until(() -> simulator.publishedSoFar() >= (long) (rate * AROUND.toSeconds()));
      long brokerPid = stack.kafka().pid();
      stack.kafka().kill();
      long killedAt = simulator.publishedSoFar();
      // The outage itself is the scenario's input: a fixed time with the broker down.
      await("Kafka outage of " + profile.kafkaOutage())
          .pollDelay(profile.kafkaOutage())
          .atMost(profile.kafkaOutage().plusMinutes(1))
          .until(() -> true);
      boolean aliveThroughOutage = gateway.isAlive();
      if (aliveThroughOutage) {
        gateway.dumpThreads(stack.dir().resolve("gateway-threads-during-outage.txt"));
      }
      stack.kafka().start();
      long restartedAt = simulator.publishedSoFar();
      run.get(TestWaits.atMost(Duration.ofMinutes(10)).toMillis(), TimeUnit.MILLISECONDS);

      try (Auditor auditor = new Auditor(stack.kafka().bootstrapServers(), ns)) {
        Audit audit = Scenarios.awaitAudit(auditor, expected);
        FaultTable.row(
            "f) Kafka kill -9 for "
                + profile.kafkaOutage().toSeconds()
                + " s at "
                + (long) rate
                + " msg/s ("
                + profile.name()
                + ")",
            audit,
            "outbox "
                + (Outbox.available() ? "on" : "MISSING")
                + ", broker pid "
                + brokerPid
                + " killed at message "
                + killedAt
                + ", back at "
                + restartedAt
                + "; gateway alive through the outage: "
                + aliveThroughOutage
                + ", at the end: "
                + gateway.isAlive()
                + "; "
                + auditor.backfilled()
                + " readings marked backfill, "
                + auditor.liveDuringDrain()
                + " live readings written during the drain");
        assertThat(aliveThroughOutage).as("the gateway buffers instead of exiting").isTrue();
        assertThat(gateway.isAlive()).isTrue();
        assertThat(audit.lost()).as(audit.toString()).isZero();
        assertThat(audit.dupAfterDedup()).isZero();
        assertThat(auditor.backfilled())
            .as("readings sent from the backlog are marked")
            .isPositive();
        assertThat(auditor.liveDuringDrain()).as("live data flows during the drain").isPositive();
      }
    }
  }
}
