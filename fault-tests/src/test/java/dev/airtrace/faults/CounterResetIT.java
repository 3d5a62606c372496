package dev.airtrace.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airtrace.localstack.MosquittoService;
import dev.airtrace.localstack.TestWaits;
import dev.airtrace.mqtt.MqttPublisher;
import dev.airtrace.simulator.FaultMix;
import dev.airtrace.simulator.SimulationPlan;
import dev.airtrace.simulator.Simulator;
import dev.airtrace.simulator.SimulatorConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Scenario c: every simulated device reboots mid-stream (its sequence counter restarts at 0) after
 * a one-hour power cut, through a real gateway process: the readings of both counter epochs are
 * delivered, none is dead-lettered as a duplicate. (A restart within the counter-reset tolerance,
 * 60 s by default, is the documented limit of {@code CounterResetRule}.)
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class CounterResetIT {
  @Test
  void shouldDeliverEveryReadingOfBothCounterEpochsWhenDevicesRebootMidStream() throws Exception {
    FaultProfile profile = FaultProfile.current();
    String ns = TestWaits.uniqueName("reset");
    int hours = Math.max(1, profile.hours() / 2);
    long start = SimulatorConfig.startHoursBefore(Instant.now(), 2 * hours + 1);
    SimulatorConfig before =
        Scenarios.fleet(ns, profile, hours, profile.readingsPerSecond()).toBuilder()
            .startEpochMillis(start)
            .faults(FaultMix.none())
            .build();
    // Same devices, counters back at 0, one hour after the last reading before the reboot.
    SimulatorConfig after =
        before.toBuilder()
            .startEpochMillis(before.endEpochMillis() + Duration.ofHours(1).toMillis())
            .build();
    Simulator first = new Simulator(before);
    Simulator second = new Simulator(after);
    Expectation expected = new Expectation().add(first.plan()).add(second.plan());

    try (FaultStack stack = FaultStack.onSharedKafka("counter-reset");
        MosquittoService mosquitto = MosquittoService.launch();
        MqttPublisher publisher = FaultStack.publisher(mosquitto.serverUri(), ns + "-pub")) {
      ChildJvm gateway = stack.startGateway(ns + "-gw", mosquitto.serverUri());
      Duration ack = TestWaits.atMost(Duration.ofSeconds(120));
      SimulationPlan a = first.run(publisher, ack);
      SimulationPlan b = second.run(publisher, ack);

      try (Auditor auditor = new Auditor(stack.kafka().bootstrapServers(), ns)) {
        Audit audit = Scenarios.awaitAudit(auditor, expected);
        FaultTable.row(
            "c) device counter reset (" + profile.name() + ")",
            audit,
            a.published()
                + " readings, then every device reboots (seq back to 0) and sends "
                + b.published()
                + " more");
        assertThat(gateway.isAlive()).isTrue();
        assertThat(audit.lost()).as(audit.toString()).isZero();
        assertThat(audit.delivered()).isEqualTo(a.published() + b.published());
        assertThat(audit.unexpectedDeadLetters()).as(audit.toString()).isZero();
        assertThat(audit.dupAfterDedup()).isZero();
        assertThat(audit.redeliveredCopies()).isZero();
      }
    }
  }
}
