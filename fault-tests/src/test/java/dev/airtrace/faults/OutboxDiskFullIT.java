package dev.airtrace.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.airtrace.localstack.MosquittoService;
import dev.airtrace.localstack.TestWaits;
import dev.airtrace.mqtt.MqttPublisher;
import dev.airtrace.simulator.SimulationPlan;
import dev.airtrace.simulator.Simulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Scenario g: the gateway's outbox lives on a 2 MiB tmpfs ({@code mount -t tmpfs -o size=2m}, so
 * the test needs root and a kernel that lets it mount) and fills up while Kafka is down: the
 * gateway stays up, says so clearly in its log ({@code outbox <id>: cannot write the log (... No
 * space left on device)}, docs/durability.md), stops acknowledging MQTT (back-pressure: the broker
 * keeps the rest), and once the file system grows again ({@code mount -o remount,size=64m}) and
 * Kafka is back, everything is delivered. Needs the outbox: see {@link Outbox}; without root or
 * mount permission the scenario is skipped with that reason (a CI runner without it cannot run it;
 * say so in its job).
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class OutboxDiskFullIT {
  @Test
  void shouldApplyBackPressureWhenTheOutboxDiskIsFullAndRecoverWhenSpaceReturns() throws Exception {
    assumeTrue(
        Outbox.available() || Outbox.required(),
        "needs the gateway's disk outbox (#10 scope 1, --outbox-dir)");
    FaultProfile profile = FaultProfile.current();
    String ns = TestWaits.uniqueName("dfull");
    Simulator simulator =
        new Simulator(Scenarios.fleet(ns, profile, 12, profile.readingsPerSecond()));
    SimulationPlan plan = simulator.plan();
    Expectation expected = new Expectation().add(plan);

    try (FaultStack stack = FaultStack.start("outbox-disk-full");
        MosquittoService mosquitto = MosquittoService.launch();
        MqttPublisher publisher = FaultStack.publisher(mosquitto.serverUri(), ns + "-pub")) {
      Path outbox = stack.dir().resolve("outbox");
      Files.createDirectories(outbox);
      assumeTrue(
          run("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", outbox.toString()) == 0,
          "cannot mount a tmpfs (needs root and CAP_SYS_ADMIN)");
      try {
        ChildJvm gateway =
            stack.startGateway(
                ns + "-gw", mosquitto.serverUri(), "--outbox-dir", outbox.toString());
        stack.kafka().kill();
        long killedNanos = System.nanoTime();
        CompletableFuture<SimulationPlan> run =
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return simulator.run(publisher, TestWaits.atMost(Duration.ofMinutes(5)));
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                  }
                });
        // Kafka sends run on their own thread, so appends go on while the broker is gone and the
        // 2 MiB fill in seconds at the CI rate (they waited 60 s in a blocked send before).
        await("the gateway reports the full outbox")
            .atMost(TestWaits.atMost(Duration.ofSeconds(30)))
            .until(
                () ->
                    gateway.logText().contains("cannot write the log")
                        && gateway.logText().toLowerCase(Locale.ROOT).contains("no space left"));
        long fullAfterMillis = (System.nanoTime() - killedNanos) / 1_000_000;
        assertThat(gateway.isAlive()).as("a full disk does not stop the gateway").isTrue();
        assertThat(run("mount", "-o", "remount,size=64m", outbox.toString())).isZero();
        stack.kafka().start();
        run.get(TestWaits.atMost(Duration.ofMinutes(5)).toMillis(), TimeUnit.MILLISECONDS);
        try (Auditor auditor = new Auditor(stack.kafka().bootstrapServers(), ns)) {
          Audit audit = Scenarios.awaitAudit(auditor, expected);
          FaultTable.row(
              "g) outbox disk full (" + profile.name() + ")",
              audit,
              "2 MiB tmpfs outbox, Kafka down until the disk grew to 64 MiB; outbox full "
                  + fullAfterMillis
                  + " ms after the broker was killed; gateway alive: "
                  + gateway.isAlive());
          assertThat(gateway.isAlive()).isTrue();
          assertThat(audit.lost()).as(audit.toString()).isZero();
          assertThat(audit.dupAfterDedup()).isZero();
        }
      } finally {
        stack.close(); // the gateway must let go of the mount before it is unmounted
        run("umount", outbox.toString());
      }
    }
  }

  private static int run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(List.of(command)).inheritIO().start();
    return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
  }
}
