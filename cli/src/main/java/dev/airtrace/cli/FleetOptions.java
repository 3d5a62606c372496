package dev.airtrace.cli;

import dev.airtrace.simulator.FaultMix;
import dev.airtrace.simulator.InjectedFault;
import dev.airtrace.simulator.SensorFaults;
import dev.airtrace.simulator.SimulationPlan;
import dev.airtrace.simulator.SimulatorConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The simulated fleet's shape, shared by {@code simulate} and {@code demo}. */
public final class FleetOptions {
  @Option(names = "--sites", defaultValue = "3", description = "Sites (default: ${DEFAULT-VALUE}).")
  int sites = SimulatorConfig.DEFAULT_SITES;

  @Option(
      names = "--devices-per-site",
      defaultValue = "5",
      description = "Devices per site (default: ${DEFAULT-VALUE}).")
  int devicesPerSite = SimulatorConfig.DEFAULT_DEVICES_PER_SITE;

  @Option(
      names = "--hours",
      defaultValue = "26",
      description = "Simulated hours, ending at the current hour (default: ${DEFAULT-VALUE}).")
  int hours = SimulatorConfig.DEFAULT_HOURS;

  @Option(
      names = "--interval",
      defaultValue = "1m",
      converter = DurationConverter.class,
      description = "Measurement interval per device (default: ${DEFAULT-VALUE}).")
  Duration interval = SimulatorConfig.DEFAULT_INTERVAL;

  @Option(
      names = "--rate",
      defaultValue = "0",
      description =
          "Messages per second, 0 for as fast as the broker acknowledges (default:"
              + " ${DEFAULT-VALUE}).")
  double rate;

  @Option(
      names = "--seed",
      defaultValue = "20261125",
      description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed = SimulatorConfig.DEFAULT_SEED;

  @Option(
      names = "--faults",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "Inject faults (default: ${DEFAULT-VALUE}).")
  boolean faults = true;

  @Option(
      names = "--sensor-faults",
      negatable = true,
      defaultValue = "false",
      fallbackValue = "true",
      description =
          "Also inject sensor faults into the values of six devices: stuck, drift, dropout, spike,"
              + " noise burst and level shift, one each, at the env-fault corpus's magnitudes"
              + " (valid messages with wrong values; needs >= 600 measurements per device). The"
              + " ground truth is printed (default: ${DEFAULT-VALUE}).")
  boolean sensorFaults;

  public SimulatorConfig toConfig(Instant now) {
    return SimulatorConfig.builder(SimulatorConfig.startHoursBefore(now, hours))
        .fleet(sites, devicesPerSite, hours)
        .interval(interval)
        .seed(seed)
        .messagesPerSecond(rate)
        .faults(faults ? FaultMix.defaults() : FaultMix.none())
        .sensorFaults(sensorFaults ? SensorFaults.all() : SensorFaults.none())
        .build();
  }

  /** The injected sensor faults as CSV lines with a header; empty when none. */
  public static List<String> groundTruth(SimulationPlan plan) {
    if (plan.injectedFaults().isEmpty()) {
      return List.of();
    }
    List<String> lines = new ArrayList<>();
    lines.add(InjectedFault.CSV_HEADER);
    plan.injectedFaults().forEach(f -> lines.add(f.csvLine()));
    return lines;
  }
}
