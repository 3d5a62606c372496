package dev.airtrace.gateway.models;

import dev.airtrace.anomaly.AnomalyConfig;
import dev.airtrace.core.GatewayId;
import dev.airtrace.core.Reading;
import dev.airtrace.inference.InferenceConfig;
import dev.airtrace.inference.InferenceEngine;
import dev.airtrace.inference.InferenceEngines;
import dev.airtrace.inference.LiveModel;
import dev.airtrace.inference.Model;
import dev.airtrace.inference.ModelManifest;
import dev.airtrace.simulator.FaultMix;
import dev.airtrace.simulator.InjectedFault;
import dev.airtrace.simulator.PlannedMessage;
import dev.airtrace.simulator.SensorFaults;
import dev.airtrace.simulator.SimulationPlan;
import dev.airtrace.simulator.Simulator;
import dev.airtrace.simulator.SimulatorConfig;
import dev.airtrace.topics.gateway.AnomalyEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Offline alarm budget: the demo's fleet (3 sites × 5 devices, 26 h at 1 min) through the gateway's
 * models (anomaly-ae@1 on the CPU, the detector's defaults, spatial consistency) in model batches
 * of 256 readings, clean and with every sensor fault; prints events per 1,000 readings by fault and
 * the detection of each injected fault. No broker: the same code path as the gateway's worker after
 * decoding. {@code AlarmBudgetIT} asserts the same through mosquitto and Kafka.
 *
 * <pre>
 * java -cp "edge-gateway/target/test-classes:edge-gateway/target/classes:$(cat /tmp/gw-cp.txt)" \
 *   dev.airtrace.gateway.models.AlarmBudgetHarness [repository-dir]
 * </pre>
 */
public final class AlarmBudgetHarness {
  private AlarmBudgetHarness() {}

  public static void main(String[] args) throws Exception {
    Path repo = Path.of(args.length > 0 ? args[0] : "models/repository");
    long start = SimulatorConfig.startHoursBefore(java.time.Instant.now(), 26);
    boolean[] which =
        args.length > 1
            ? new boolean[] {Boolean.parseBoolean(args[1])}
            : new boolean[] {false, true};
    for (boolean faults : which) {
      SimulatorConfig sim =
          SimulatorConfig.builder(start)
              .faults(FaultMix.none())
              .sensorFaults(faults ? SensorFaults.all() : SensorFaults.none())
              .build();
      SimulationPlan plan = new Simulator(sim).plan();
      for (FaultEventConfig policy :
          args.length > 2
              ? List.of(FaultEventConfig.defaults())
              : List.of(FaultEventConfig.everyVerdict(), FaultEventConfig.defaults())) {
        long t0 = System.nanoTime();
        List<AnomalyEvent> events = run(plan, repo, policy);
        System.out.printf("policy %s (%.1f s)%n", policy, (System.nanoTime() - t0) / 1e9);
        report(plan, events);
        if (policy.unusualMinLikelihood() == 0) {
          for (double q : new double[] {0.5, 0.6, 0.7, 0.8, 0.9, 0.95}) {
            long n =
                events.stream()
                    .filter(e -> e.fault().equals("unusual") && faultOf(plan, e) == null)
                    .filter(e -> e.likelihood() >= q)
                    .count();
            System.out.printf("  unusual outside faults with likelihood >= %.2f: %d%n", q, n);
          }
        }
      }
    }
  }

  static List<AnomalyEvent> run(SimulationPlan plan, Path repo, FaultEventConfig policy) {
    ModelsConfig config =
        ModelsConfig.builder()
            .anomalyEnabled(true)
            .anomaly(AnomalyConfig.defaults())
            .faultEvents(policy)
            .build();
    try (InferenceEngine engine = InferenceEngines.create(InferenceConfig.cpu());
        Model model = engine.load(ModelManifest.read(repo.resolve("anomaly-ae/1/model.json")));
        EdgeModels models =
            EdgeModels.of(
                config,
                new GatewayId("budget"),
                Map.of("anomaly-ae", LiveModel.fixed(model)),
                engine.backend())) {
      return run(plan, models, 256);
    }
  }

  static List<AnomalyEvent> run(SimulationPlan plan, EdgeModels models, int batch) {
    List<AnomalyEvent> events = new ArrayList<>();
    List<Reading> pending = new ArrayList<>();
    GatewayId gw = new GatewayId("budget");
    for (PlannedMessage m : plan.expectedAccepted()) {
      pending.add(
          new Reading(
              m.deviceId(), m.siteId(), m.eventTime(), m.sequence(), m.values(), null, gw, 0));
      if (pending.size() == batch) {
        models.detect(pending).forEach(events::addAll);
        pending.clear();
      }
    }
    if (!pending.isEmpty()) {
      models.detect(pending).forEach(events::addAll);
    }
    return events;
  }

  static void report(SimulationPlan plan, List<AnomalyEvent> events) {
    int readings = plan.expectedAccepted().size();
    Map<String, Integer> byFault = new TreeMap<>();
    int outside = 0;
    for (AnomalyEvent e : events) {
      if (faultOf(plan, e) == null) {
        outside++;
        byFault.merge(e.fault() + " " + e.model(), 1, Integer::sum);
      }
    }
    System.out.printf(
        "sensor faults %s: %d readings, %d events, %d outside injected faults = %.2f per 1,000"
            + " readings; by fault %s%n",
        plan.injectedFaults().isEmpty() ? "off" : "on",
        readings,
        events.size(),
        outside,
        1000.0 * outside / readings,
        byFault);
    for (InjectedFault f : plan.injectedFaults()) {
      Map<String, Integer> got = new TreeMap<>();
      for (AnomalyEvent e : events) {
        if (faultOf(plan, e) == f) {
          got.merge(e.fault(), 1, Integer::sum);
        }
      }
      System.out.printf("  %s: events %s%n", f.csvLine(), got);
    }
  }

  /**
   * The injected fault an event belongs to: same device and quantity, within its span + 60
   * readings.
   */
  static InjectedFault faultOf(SimulationPlan plan, AnomalyEvent e) {
    for (InjectedFault f : plan.injectedFaults()) {
      if (f.deviceId().equals(e.deviceId())
          && f.quantity() == e.quantity()
          && e.sequence() >= f.firstSequence()
          && e.sequence() <= f.lastSequence() + DETECTION_LAG) {
        return f;
      }
    }
    return null;
  }

  /** Readings after a fault's end in which an event still counts as its detection. */
  static final int DETECTION_LAG = 60;
}
