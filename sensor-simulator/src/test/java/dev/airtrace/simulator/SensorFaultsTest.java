package dev.airtrace.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.airtrace.core.DeviceId;
import dev.airtrace.core.Quantity;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SensorFaultsTest {
  private static final long START = 1_795_478_400_000L;

  private static SimulatorConfig fleet(SensorFaults faults) {
    return SimulatorConfig.builder(START)
        .fleet(3, 5, 10)
        .namespace("sf")
        .faults(FaultMix.none())
        .sensorFaults(faults)
        .build();
  }

  private static double apply(
      SensorFaultType type, double[] v, int first, int duration, double size, double sign) {
    return SensorFaultInjector.apply(
        type, v, first, duration, size, sign, 1.0, Quantity.PM2_5, new Random(1));
  }

  @Test
  void shouldMeasureVariabilityAsRobustSigmaOfFirstDifferences() {
    // |diffs| 1 2 3 4: median (upper) 3 → 1.4826 × 3; std of the diffs √1.25 is smaller
    assertThat(SensorFaultInjector.variability(new double[] {0, 1, 3, 6, 10}))
        .isCloseTo(4.4478, within(1e-9));
    // |diffs| 0 0 0 10: median 0, so half the std of the diffs: 0.5 × √(25 − 6.25)
    assertThat(SensorFaultInjector.variability(new double[] {0, 0, 0, 0, 10}))
        .isCloseTo(0.5 * Math.sqrt(18.75), within(1e-9));
  }

  @Test
  void shouldFreezeAStuckSensorAtTheLastGoodValue() {
    double[] v = {10, 11, 12, 13, 14};
    assertThat(apply(SensorFaultType.STUCK, v, 2, 2, 0.5, 1)).isZero();
    assertThat(v).containsExactly(10, 11, 11, 11, 14);
  }

  @Test
  void shouldRampADriftLinearlyToItsMagnitude() {
    double[] v = {10, 10, 10, 10, 10, 10};
    // magnitude d × (4 + 4 × 0.5) = 6, downward, reached at the last faulty reading
    assertThat(apply(SensorFaultType.DRIFT, v, 1, 4, 0.5, -1)).isEqualTo(-6);
    assertThat(v).containsExactly(10, 8.5, 7, 5.5, 4, 10);
  }

  @Test
  void shouldDropOutToExactlyZero() {
    double[] v = {10, 11, 12, 13};
    apply(SensorFaultType.DROPOUT, v, 1, 2, 0, 1);
    assertThat(v).containsExactly(10, 0, 0, 13);
  }

  @Test
  void shouldSpikeUpwardOnASmallConcentration() {
    double[] v = {5, 5, 5};
    // magnitude 6 × d = 6 is larger than the value 5: a downward spike would only clip to 0
    assertThat(apply(SensorFaultType.SPIKE, v, 1, 1, 0, -1)).isEqualTo(6);
    assertThat(v).containsExactly(5, 11, 5);
  }

  @Test
  void shouldShiftTheLevelAndClipHumidityAt100() {
    double[] t = {20, 20, 20, 20};
    double m =
        SensorFaultInjector.apply(
            SensorFaultType.LEVEL_SHIFT,
            t,
            1,
            2,
            1.0 / 3,
            -1,
            1.0,
            Quantity.TEMPERATURE,
            new Random(1));
    assertThat(m).isCloseTo(-4, within(1e-9));
    assertThat(t).containsExactly(20, 16, 16, 20);
    double[] rh = {98, 98, 98};
    SensorFaultInjector.apply(
        SensorFaultType.LEVEL_SHIFT,
        rh,
        1,
        1,
        0,
        1,
        1.0,
        Quantity.RELATIVE_HUMIDITY,
        new Random(1));
    assertThat(rh).containsExactly(98, 100, 98);
  }

  @Test
  void shouldAddNoiseOnlyInsideTheBurst() {
    double[] v = {10, 10, 10, 10, 10, 10};
    // σ = d × (2 + 2 × 0.25) = 2.5
    assertThat(apply(SensorFaultType.NOISE, v, 2, 3, 0.25, 1)).isEqualTo(2.5);
    Random same = new Random(1);
    assertThat(v[0]).isEqualTo(10);
    assertThat(v[1]).isEqualTo(10);
    for (int i = 2; i < 5; i++) {
      assertThat(v[i]).isEqualTo(FleetModel.round1(10 + 2.5 * same.nextGaussian()));
    }
    assertThat(v[5]).isEqualTo(10);
  }

  @Test
  void shouldInjectOneFaultPerDeviceWithGroundTruthThatMatchesTheChangedValues() {
    SimulationPlan clean = new Simulator(fleet(SensorFaults.none())).plan();
    SimulationPlan faulty = new Simulator(fleet(SensorFaults.all())).plan();
    assertThat(clean.injectedFaults()).isEmpty();
    List<InjectedFault> truth = faulty.injectedFaults();
    assertThat(truth).extracting(InjectedFault::type).containsExactly(SensorFaultType.values());
    assertThat(truth).extracting(InjectedFault::deviceId).doesNotHaveDuplicates();
    for (int i = 0; i < truth.size(); i++) {
      assertThat(truth.get(i).siteId().value()).isEqualTo("sf-site-" + (i % 3 + 1));
      assertThat(truth.get(i).firstSequence()).isGreaterThanOrEqualTo(SensorFaults.EARLIEST_SLOT);
      assertThat(truth.get(i).lastSequence()).isLessThan(600);
    }
    Map<String, PlannedMessage> before = new HashMap<>();
    clean.messages().forEach(m -> before.put(m.deviceId() + "/" + m.sequence(), m));
    assertThat(faulty.published()).isEqualTo(clean.published());
    Set<InjectedFault> seen = new HashSet<>();
    for (PlannedMessage m : faulty.messages()) {
      PlannedMessage c = before.get(m.deviceId() + "/" + m.sequence());
      InjectedFault f = faultOf(truth, m.deviceId(), m.sequence());
      for (Quantity q : m.values().keySet()) {
        if (f == null || q != f.quantity()) {
          assertThat(m.values().get(q)).as("%s %s", m.deviceId(), q).isEqualTo(c.values().get(q));
        } else {
          seen.add(f);
          double was = c.values().get(q);
          double now = m.values().get(q);
          switch (f.type()) {
            case STUCK ->
                assertThat(now)
                    .isEqualTo(
                        before.get(m.deviceId() + "/" + (f.firstSequence() - 1)).values().get(q));
            case DROPOUT -> assertThat(now).isZero();
            case SPIKE, LEVEL_SHIFT -> assertThat(now - was).isCloseTo(f.magnitude(), within(0.11));
            case DRIFT -> {
              double share =
                  (m.sequence() - f.firstSequence() + 1.0)
                      / (f.lastSequence() - f.firstSequence() + 1);
              assertThat(now - was).isCloseTo(f.magnitude() * share, within(0.11));
            }
            case NOISE -> assertThat(f.magnitude()).isGreaterThanOrEqualTo(2 * f.typicalChange());
          }
        }
      }
    }
    assertThat(seen).containsExactlyInAnyOrderElementsOf(truth);
  }

  @Test
  void shouldPlanTheSameFaultsForTheSameSeed() {
    assertThat(new Simulator(fleet(SensorFaults.all())).plan().injectedFaults())
        .isEqualTo(new Simulator(fleet(SensorFaults.all())).plan().injectedFaults());
  }

  @Test
  void shouldRefuseSensorFaultsOnTooShortARun() {
    SimulatorConfig shortRun =
        SimulatorConfig.builder(START)
            .fleet(3, 5, 4)
            .faults(FaultMix.none())
            .sensorFaults(SensorFaults.all())
            .build();
    assertThatThrownBy(() -> new Simulator(shortRun))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 600 measurements");
  }

  @Test
  void shouldWriteGroundTruthAsCsv() {
    InjectedFault f = new Simulator(fleet(SensorFaults.all())).plan().injectedFaults().get(0);
    assertThat(InjectedFault.CSV_HEADER.split(",")).hasSize(10);
    assertThat(f.csvLine()).startsWith("sf-site-1,").contains(",pm2_5,stuck,");
  }

  private static InjectedFault faultOf(List<InjectedFault> truth, DeviceId d, long seq) {
    for (InjectedFault f : truth) {
      if (f.deviceId().equals(d) && f.covers(seq)) {
        return f;
      }
    }
    return null;
  }
}
