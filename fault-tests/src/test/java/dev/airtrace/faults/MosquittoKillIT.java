package dev.airtrace.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airtrace.localstack.MosquittoService;
import dev.airtrace.localstack.TestWaits;
import dev.airtrace.mqtt.MqttPublisher;
import dev.airtrace.simulator.FaultMix;
import dev.airtrace.simulator.SimulationPlan;
import dev.airtrace.simulator.Simulator;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Scenario e: mosquitto killed with SIGKILL and restarted on the same port while it holds QoS 1
 * messages queued for the offline gateway's persistent session (the gateway is down, e.g.
 * restarting), then the gateway comes back. Measures what the broker loses with mosquitto's own
 * defaults and with the settings docs/fault-tests.md recommends for a broker on the gateway box;
 * asserts the recommended settings lose nothing and prints what the defaults lose.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class MosquittoKillIT {
  /**
   * Recommended for a broker on the gateway box: persistence, a save after every change (nothing
   * acknowledged to a device is only in memory), a queue for 100 s of 1,000 readings/s while the
   * gateway restarts, and a window of 100 in-flight messages per client so the gateway is not
   * throttled to 20 unacknowledged messages.
   */
  static final MosquittoService.Settings RECOMMENDED =
      new MosquittoService.Settings(true, 1, true, 100_000, 100);

  @Test
  void shouldLoseNoQueuedMessageWhenTheBrokerIsKilledWithTheRecommendedSettings() throws Exception {
    Audit audit = brokerKilledWhileHoldingQueuedMessages("recommended", RECOMMENDED);
    assertThat(audit.lost()).as(audit.toString()).isZero();
    assertThat(audit.dupAfterDedup()).isZero();
  }

  @Test
  void shouldReportWhatTheBrokerLosesWithMosquittoDefaults() throws Exception {
    Audit audit =
        brokerKilledWhileHoldingQueuedMessages(
            "defaults", MosquittoService.Settings.mosquittoDefaults());
    // Measured, not a guarantee: without persistence every queued message is gone. The row says
    // how many; the only assertion is that the audit saw the whole plan one way or the other.
    assertThat(audit.delivered() + audit.deadLettered() + audit.lost())
        .isEqualTo(audit.published());
  }

  private static Audit brokerKilledWhileHoldingQueuedMessages(
      String label, MosquittoService.Settings settings) throws Exception {
    FaultProfile profile = FaultProfile.current();
    String ns = TestWaits.uniqueName("mq" + label.charAt(0));
    // Fewer messages than mosquitto's default queue limit (1,000), so only the crash is measured.
    Simulator simulator =
        new Simulator(
            Scenarios.fleet(ns, profile, 2, profile.readingsPerSecond()).toBuilder()
                .faults(FaultMix.none())
                .build());
    Expectation expected = new Expectation().add(simulator.plan());

    try (FaultStack stack = FaultStack.onSharedKafka("mosquitto-" + label);
        MosquittoService mosquitto = MosquittoService.launch(settings)) {
      String gatewayId = ns + "-gw";
      // The first connection creates the gateway's persistent session and subscription.
      stack.startGateway(gatewayId, mosquitto.serverUri()).kill();
      long t0 = System.nanoTime();
      SimulationPlan plan;
      try (MqttPublisher publisher = FaultStack.publisher(mosquitto.serverUri(), ns + "-pub")) {
        plan = simulator.run(publisher, TestWaits.atMost(Duration.ofSeconds(120)));
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      long brokerPid = mosquitto.pid();
      mosquitto.kill();
      mosquitto.restart();
      ChildJvm gateway = stack.startGateway(gatewayId, mosquitto.serverUri());

      try (Auditor auditor = new Auditor(stack.kafka().bootstrapServers(), ns)) {
        Audit audit =
            settings.persistence()
                ? Scenarios.awaitAudit(auditor, expected)
                : settle(auditor, expected);
        FaultTable.row(
            "e) mosquitto kill -9, " + label + " settings (" + profile.name() + ")",
            audit,
            String.format(
                Locale.ROOT,
                "%s; %d messages queued for the offline gateway (published at %.0f msg/s), broker"
                    + " pid %d killed, restarted, gateway back: %s",
                describe(settings),
                plan.published(),
                plan.published() / seconds,
                brokerPid,
                gateway.isAlive() ? "running" : "exited"));
        return audit;
      }
    }
  }

  /** Without persistence nothing comes back; wait a fixed few seconds for anything that does. */
  private static Audit settle(Auditor auditor, Expectation expected) {
    org.awaitility.Awaitility.await()
        .pollDelay(TestWaits.atMost(Duration.ofSeconds(5)))
        .atMost(TestWaits.atMost(Duration.ofSeconds(10)))
        .until(() -> true);
    return auditor.poll().audit(expected);
  }

  static String describe(MosquittoService.Settings s) {
    return "persistence "
        + s.persistence()
        + ", autosave_interval "
        + s.autosaveInterval()
        + (s.autosaveOnChanges() ? " changes" : " s")
        + ", max_queued_messages "
        + s.maxQueuedMessages()
        + ", max_inflight_messages "
        + s.maxInflightMessages();
  }
}
