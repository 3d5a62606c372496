package dev.airtrace.faults;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.airtrace.localstack.MosquittoService;
import dev.airtrace.localstack.TestWaits;
import dev.airtrace.mqtt.MqttPublisher;
import dev.airtrace.processor.ExpectedAqi;
import dev.airtrace.processor.ProcessorConfig;
import dev.airtrace.simulator.PlannedMessage;
import dev.airtrace.simulator.SimulationPlan;
import dev.airtrace.simulator.Simulator;
import dev.airtrace.topics.processor.SiteAqi;
import dev.airtrace.topics.processor.SiteHourly;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Scenario f: the Kafka broker process is killed with SIGKILL for {@link
 * FaultProfile#kafkaOutage()} while the fleet publishes at {@link FaultProfile#outageRate()}
 * readings/s, then started again on the same port with its data. With the gateway's disk outbox
 * (issue #10, scope 1) nothing is lost, the gateway process never exits, records sent from the
 * backlog carry the {@value Outbox#BACKFILL_HEADER} header, and live readings are written while the
 * backlog drains. The stream processor runs as its own process throughout (it loses its broker
 * too); after the drain, the latest revision per site and closed hour of {@code site-hourly} and
 * {@code site-aqi} equals a run without the outage, computed exactly from the delivered readings
 * ({@link HourlyOracle}, {@link ExpectedAqi}; docs/fault-tests.md says why an oracle). The fleet
 * keeps publishing for {@link FaultProfile#outageTail()} after the broker is back (at soak size the
 * whole expected drain), so the row reports the delay of live readings during the drain. Needs the
 * outbox: see {@link Outbox}.
 */
@Timeout(value = 3_600, unit = TimeUnit.SECONDS)
class KafkaOutageIT {
  /** Streaming before the outage, so the outage falls mid-stream. */
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
    // After the outage the fleet keeps publishing for the tail (by default as long as the drain
    // is expected to take), so live readings overlap the drain and their delay is measured.
    Duration tail = profile.outageTail();
    long messages =
        (long) (rate * (AROUND.toSeconds() + profile.kafkaOutage().toSeconds() + tail.toSeconds()));
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
        // The default --outbox-max-bytes (4 GiB), sized for this very outage: 30 minutes at
        // 1,000 readings/s at 1,687 stored bytes per message is 2.83 GiB. (At 1 GiB the first
        // soak run filled the outbox after about 10 minutes; docs/fault-tests.md.)
      }
      ChildJvm gateway =
          stack.startGateway(ns + "-gw", mosquitto.serverUri(), outboxArgs.toArray(String[]::new));
      // The processor runs from the start and loses its broker too.
      String app = ns + "-proc";
      ChildJvm processor = stack.startProcessor(app);
      // The tail starts when the broker is back, however long its restart takes on a loaded
      // machine (a CI run at load average 36 restarted it after the whole 20 s tail was out).
      long tailFrom = (long) (rate * (AROUND.toSeconds() + profile.kafkaOutage().toSeconds()));
      CountDownLatch brokerBack = new CountDownLatch(1);
      AtomicLong published = new AtomicLong();
      CompletableFuture<Void> run =
          CompletableFuture.runAsync(
              () -> {
                try {
                  publish(plan, publisher, rate, tailFrom, brokerBack, published);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  throw new IllegalStateException(e);
                }
              });
      await()
          .atMost(TestWaits.atMost(Duration.ofSeconds(60)))
          .until(() -> published.get() >= (long) (rate * AROUND.toSeconds()));
      long brokerPid = stack.kafka().pid();
      stack.kafka().kill();
      long killedAt = published.get();
      // The outage itself is the scenario's input: a fixed time with the broker down.
      await("Kafka outage of " + profile.kafkaOutage())
          .pollDelay(profile.kafkaOutage())
          .atMost(profile.kafkaOutage().plusMinutes(1))
          .until(() -> true);
      boolean aliveThroughOutage = gateway.isAlive();
      boolean processorAliveThroughOutage = processor.isAlive();
      if (aliveThroughOutage) {
        gateway.dumpThreads(stack.dir().resolve("gateway-threads-during-outage.txt"));
      }
      stack.kafka().start();
      long restartedAt = published.get();
      brokerBack.countDown();
      run.get(TestWaits.atMost(Duration.ofMinutes(10)).toMillis(), TimeUnit.MILLISECONDS);
      boolean processorAliveAfterOutage = processor.isAlive();
      int processorRestarts = 0;
      if (!processorAliveAfterOutage) {
        // A supervisor's job; the scenario records that it was needed.
        processor = stack.startProcessor(app);
        processorRestarts++;
      }

      try (Auditor auditor = new Auditor(stack.kafka().bootstrapServers(), ns)) {
        Audit audit = Scenarios.awaitAudit(auditor, expected);
        Map<String, Map<Long, SiteHourly>> cleanHourly =
            auditor.hourly().closedHours(ProcessorConfig.DEFAULT_WINDOW_GRACE);
        Map<String, Map<Long, SiteAqi>> cleanAqi = new TreeMap<>();
        cleanHourly.forEach(
            (site, byHour) -> cleanAqi.put(site, ExpectedAqi.of(site, byHour.values())));
        Outputs outputs = awaitOutputs(stack, cleanHourly, cleanAqi);
        FaultTable.row(
            "f) Kafka kill -9 for "
                + profile.kafkaOutage().toSeconds()
                + " s at "
                + (long) rate
                + " msg/s ("
                + profile.name()
                + ", publishing "
                + tail.toSeconds()
                + " s after)",
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
                + " live readings written during the drain (delay receive -> Kafka p50 "
                + auditor.liveDelayDuringDrainMillis(0.5)
                + " ms, p99 "
                + auditor.liveDelayDuringDrainMillis(0.99)
                + " ms, max "
                + auditor.liveDelayDuringDrainMillis(1.0)
                + " ms); drain "
                + String.format(Locale.ROOT, "%.0f", auditor.drainSeconds())
                + " s at "
                + String.format(Locale.ROOT, "%.0f", auditor.drainReadingsPerSecond())
                + " backfilled readings/s; processor alive through the outage: "
                + processorAliveThroughOutage
                + ", after it: "
                + processorAliveAfterOutage
                + ", restarts: "
                + processorRestarts
                + "; latest revisions equal a run without the outage: "
                + outputs.hourly.values().stream().mapToInt(Map::size).sum()
                + " site-hours (highest revision "
                + outputs.maxRevision.getOrDefault("site-hourly", -1)
                + "), "
                + outputs.aqiHours
                + " AQI hours (highest revision "
                + outputs.maxRevision.getOrDefault("site-aqi", -1)
                + ")"
                + (outputs.equal ? "" : " - DIFFER"));
        assertThat(aliveThroughOutage).as("the gateway buffers instead of exiting").isTrue();
        assertThat(gateway.isAlive()).isTrue();
        assertThat(audit.lost()).as(audit.toString()).isZero();
        assertThat(audit.dupAfterDedup()).isZero();
        assertThat(auditor.backfilled())
            .as("readings sent from the backlog are marked")
            .isPositive();
        assertThat(auditor.liveDuringDrain()).as("live data flows during the drain").isPositive();
        assertThat(processor.isAlive()).as("the processor runs at the end").isTrue();
        assertThat(outputs.hourly)
            .as("latest site-hourly revisions vs the hourly means of every delivered reading")
            .isEqualTo(cleanHourly);
        assertThat(outputs.aqi)
            .as("latest site-aqi revisions vs the AQI computed from those hourly means")
            .isEqualTo(cleanAqi);
        assertThat(outputs.hourly.values().stream().mapToInt(Map::size).sum())
            .as("closed site-hours compared")
            .isPositive();
      }
    }
  }

  /**
   * Publishes {@code plan} in order at {@code rate} messages/s, as the simulator would, except that
   * the messages from index {@code tailFrom} on wait for {@code brokerBack} and are paced from that
   * moment: the tail of live traffic runs after Kafka is back, for as long as planned.
   */
  private static void publish(
      SimulationPlan plan,
      MqttPublisher publisher,
      double rate,
      long tailFrom,
      CountDownLatch brokerBack,
      AtomicLong published)
      throws InterruptedException {
    AtomicLong refused = new AtomicLong();
    List<PlannedMessage> messages = plan.messages();
    long start = System.nanoTime();
    long base = 0;
    for (int i = 0; i < messages.size(); i++) {
      if (i == tailFrom) {
        if (!brokerBack.await(TestWaits.atMost(Duration.ofMinutes(10)).toMillis(), MILLISECONDS)) {
          throw new IllegalStateException("the Kafka broker did not come back");
        }
        start = System.nanoTime();
        base = i;
      }
      long due = start + (long) ((i - base) * 1e9 / rate);
      long wait;
      while ((wait = due - System.nanoTime()) > 0) {
        LockSupport.parkNanos(wait); // pacing a load, not waiting for a condition
        if (Thread.interrupted()) {
          throw new InterruptedException("publishing interrupted at message " + i);
        }
      }
      PlannedMessage m = messages.get(i);
      publisher
          .publish(m.topic(), m.payload())
          .whenComplete(
              (ok, failure) -> {
                if (failure != null) {
                  refused.incrementAndGet();
                }
              });
      published.incrementAndGet();
    }
    if (!publisher.awaitDelivered(TestWaits.atMost(Duration.ofMinutes(10)))) {
      throw new IllegalStateException("the broker did not acknowledge every message");
    }
    if (refused.get() > 0) {
      throw new IllegalStateException(refused.get() + " messages were refused");
    }
  }

  /** What the processor published, latest revision per site and hour, revisions set to 0. */
  private record Outputs(
      Map<String, Map<Long, SiteHourly>> hourly,
      Map<String, Map<Long, SiteAqi>> aqi,
      int aqiHours,
      Map<String, Integer> maxRevision,
      boolean equal) {}

  /**
   * Reads the processor's outputs until their latest revisions equal the clean run's (revisions are
   * published every few seconds of wall-clock time) or {@link Scenarios#DRAIN} passes; returns what
   * it read either way, so the row is printed before the assertions fail.
   */
  private static Outputs awaitOutputs(
      FaultStack stack,
      Map<String, Map<Long, SiteHourly>> cleanHourly,
      Map<String, Map<Long, SiteAqi>> cleanAqi) {
    try (LatestRevisions latest =
        new LatestRevisions(stack.kafka().bootstrapServers(), cleanHourly.keySet())) {
      try {
        await("latest site-hourly and site-aqi revisions equal a run without the outage")
            .atMost(TestWaits.atMost(Scenarios.DRAIN))
            .pollInterval(Duration.ofMillis(500))
            .until(
                () ->
                    outputs(latest.poll()).hourly.equals(cleanHourly)
                        && outputs(latest).aqi.equals(cleanAqi));
      } catch (ConditionTimeoutException e) {
        // reported by the caller's assertions
      }
      Outputs out = outputs(latest.poll());
      return new Outputs(
          out.hourly,
          out.aqi,
          out.aqiHours,
          out.maxRevision,
          out.hourly.equals(cleanHourly) && out.aqi.equals(cleanAqi));
    }
  }

  private static Outputs outputs(LatestRevisions latest) {
    Map<String, Map<Long, SiteAqi>> aqi =
        LatestRevisions.withoutRevisions(latest.aqi(), a -> a.withRevision(0));
    return new Outputs(
        LatestRevisions.withoutRevisions(latest.hourly(), h -> h.withRevision(0)),
        aqi,
        aqi.values().stream().mapToInt(Map::size).sum(),
        latest.maxRevision(),
        false);
  }
}
