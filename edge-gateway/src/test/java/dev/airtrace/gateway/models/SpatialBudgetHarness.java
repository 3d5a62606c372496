package dev.airtrace.gateway.models;

import dev.airtrace.anomaly.SpatialConfig;
import dev.airtrace.anomaly.SpatialConsistency;
import dev.airtrace.anomaly.SpatialFinding;
import dev.airtrace.core.Quantity;
import dev.airtrace.simulator.FaultMix;
import dev.airtrace.simulator.InjectedFault;
import dev.airtrace.simulator.PlannedMessage;
import dev.airtrace.simulator.SensorFaults;
import dev.airtrace.simulator.SimulationPlan;
import dev.airtrace.simulator.Simulator;
import dev.airtrace.simulator.SimulatorConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * The neighbour comparison alone ({@link SpatialConsistency}, no model) on the demo's fleet, clean
 * and with every sensor fault, for runs ending at several hours of the day (the simulator's diurnal
 * cycles make the fleet's noise depend on the hour): findings outside the injected faults per 1,000
 * readings, and the findings of each injected fault. Seconds per run, so the spatial limits can be
 * checked against every hour instead of the one an IT happens to run at. Settings as {@code
 * -DspikeFactor=.. -DnoiseFactor=.. -DnoiseHalfLife=.. -DroughnessHalfLife=..}.
 *
 * <pre>
 * java -cp "edge-gateway/target/test-classes:edge-gateway/target/classes:$(cat /tmp/gw-cp.txt)" \
 *   dev.airtrace.gateway.models.SpatialBudgetHarness [hours between run ends, default 3]
 * </pre>
 */
public final class SpatialBudgetHarness {
  private SpatialBudgetHarness() {}

  public static void main(String[] args) {
    int step = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    SpatialConfig.Builder b = SpatialConfig.builder();
    if (System.getProperty("spikeFactor") != null) {
      b.spikeFactor(Double.parseDouble(System.getProperty("spikeFactor")));
    }
    if (System.getProperty("noiseFactor") != null) {
      b.noiseFactor(Double.parseDouble(System.getProperty("noiseFactor")));
    }
    if (System.getProperty("noiseHalfLife") != null) {
      b.noiseHalfLife(Integer.parseInt(System.getProperty("noiseHalfLife")));
    }
    if (System.getProperty("roughnessHalfLife") != null) {
      b.roughnessHalfLife(Integer.parseInt(System.getProperty("roughnessHalfLife")));
    }
    SpatialConfig config = b.build();
    System.out.println(config);
    Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.HOURS);
    int totalOutside = 0;
    int totalReadings = 0;
    for (int h = 0; h < 24; h += step) {
      Instant end = now.minus(Duration.ofHours(h));
      for (boolean faults : new boolean[] {false, true}) {
        SimulationPlan plan =
            new Simulator(
                    SimulatorConfig.builder(SimulatorConfig.startHoursBefore(end, 26))
                        .faults(FaultMix.none())
                        .sensorFaults(faults ? SensorFaults.all() : SensorFaults.none())
                        .build())
                .plan();
        SpatialConsistency spatial = new SpatialConsistency(config);
        Map<String, Integer> outside = new TreeMap<>();
        Map<InjectedFault, Map<String, Integer>> got = new java.util.LinkedHashMap<>();
        plan.injectedFaults().forEach(f -> got.put(f, new TreeMap<>()));
        int readings = 0;
        for (PlannedMessage m : plan.expectedAccepted()) {
          readings++;
          for (Map.Entry<Quantity, Double> v : m.values().entrySet()) {
            SpatialFinding f =
                spatial.observe(
                    m.siteId().value(),
                    m.deviceId().value(),
                    v.getKey().code(),
                    m.eventTime(),
                    v.getValue());
            if (f == null) {
              continue;
            }
            InjectedFault owner = null;
            for (InjectedFault i : plan.injectedFaults()) {
              if (i.deviceId().equals(m.deviceId())
                  && i.quantity() == v.getKey()
                  && m.sequence() >= i.firstSequence()
                  && m.sequence() <= i.lastSequence() + AlarmBudgetHarness.DETECTION_LAG) {
                owner = i;
              }
            }
            if (owner == null) {
              outside.merge(f.fault().code() + " " + v.getKey().code(), 1, Integer::sum);
              if (Boolean.getBoolean("verbose")) {
                System.out.println(
                    "    outside " + m.deviceId() + " " + m.sequence() + " " + f.evidence());
              }
            } else {
              got.get(owner).merge(f.fault().code(), 1, Integer::sum);
              if (Boolean.getBoolean("verbose")) {
                System.out.println(
                    "    inside " + m.deviceId() + " " + m.sequence() + " " + f.evidence());
              }
            }
          }
        }
        int n = outside.values().stream().mapToInt(Integer::intValue).sum();
        if (!faults) {
          totalOutside += n;
          totalReadings += readings;
        }
        StringBuilder line = new StringBuilder();
        got.forEach(
            (f, g) ->
                line.append(' ')
                    .append(f.type().code())
                    .append(g.containsKey(f.type().code()) ? "+" : "-")
                    .append(g));
        System.out.printf(
            "end %s faults %-5s: %d readings, %d outside (%.2f/1000) %s |%s%n",
            end, faults, readings, n, 1000.0 * n / readings, outside, line);
      }
    }
    System.out.printf(
        "clean total: %d outside for %d readings = %.3f per 1,000%n",
        totalOutside, totalReadings, 1000.0 * totalOutside / totalReadings);
  }
}
