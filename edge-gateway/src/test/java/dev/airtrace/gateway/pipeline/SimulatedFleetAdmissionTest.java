package dev.airtrace.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airtrace.core.GatewayId;
import dev.airtrace.core.Reading;
import dev.airtrace.core.codec.SensorPayloadDecoder;
import dev.airtrace.core.deadletter.DeadLetter;
import dev.airtrace.core.validation.ReadingValidator;
import dev.airtrace.core.validation.SequenceTracker;
import dev.airtrace.core.validation.ValidationConfig;
import dev.airtrace.gateway.GatewayConfig;
import dev.airtrace.simulator.FaultMix;
import dev.airtrace.simulator.PlannedMessage;
import dev.airtrace.simulator.SimulationPlan;
import dev.airtrace.simulator.Simulator;
import dev.airtrace.simulator.SimulatorConfig;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * The sensor simulator's planned verdicts against the gateway's admission. It lives here, not in
 * sensor-simulator, because the simulator must not see the gateway while the gateway's tests may
 * use the simulator (test scope).
 */
class SimulatedFleetAdmissionTest {
  /** 2026-11-24T00:00:00Z. */
  private static final long START = 1_795_478_400_000L;

  private final SimulatorConfig small =
      SimulatorConfig.builder(START).fleet(2, 3, 4).namespace("t").build();

  @Test
  void shouldGetEveryPlannedVerdictFromTheGatewaysAdmission() {
    SimulatorConfig config = small.toBuilder().faults(new FaultMix(3, 3, 3, 3, 3, 3, 3, 3)).build();
    SimulationPlan plan = new Simulator(config).plan();
    Clock atEnd = Clock.fixed(Instant.ofEpochMilli(config.endEpochMillis()), ZoneOffset.UTC);
    MessageAdmission admission =
        new MessageAdmission(
            new GatewayId("gw-sim"),
            new SensorPayloadDecoder(),
            new ReadingValidator(ValidationConfig.defaults(), atEnd),
            new SequenceTracker(GatewayConfig.DEFAULT_SEQUENCE_WINDOW),
            atEnd);

    for (PlannedMessage m : plan.messages()) {
      AdmissionVerdict verdict = admission.admit(m.topic(), m.payload(), m.publishAt(), false);
      if (m.expectedAccepted()) {
        assertThat(verdict.deadLetters()).as("%s", m).isEmpty();
        Reading r = verdict.accepted().get(0);
        assertThat(r.deviceId()).isEqualTo(m.deviceId());
        assertThat(r.siteId()).isEqualTo(m.siteId());
        assertThat(r.sequence()).isEqualTo(m.sequence());
        assertThat(r.eventTime()).isEqualTo(m.eventTime());
        assertThat(r.values()).as("%s", m).isEqualTo(m.values());
      } else {
        assertThat(verdict.accepted()).as("%s", m).isEmpty();
        assertThat(verdict.deadLetters())
            .as("%s", m)
            .extracting(DeadLetter::reason)
            .containsExactly(m.expectedRejection());
      }
    }
  }
}
