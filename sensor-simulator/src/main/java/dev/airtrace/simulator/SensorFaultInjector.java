package dev.airtrace.simulator;

import dev.airtrace.core.Quantity;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Plans and applies {@link SensorFaults}: pure functions over a device's clean series, so unit
 * tests can check them against hand-computed vectors. Stateless.
 */
final class SensorFaultInjector {
  private SensorFaultInjector() {}

  /** Where one fault goes and its seeded shape, before the values are known. */
  record Target(
      SimulatedDevice device,
      Quantity quantity,
      SensorFaultType type,
      int first,
      int duration,
      double size,
      double sign) {}

  /**
   * Chooses a device, start and shape for every fault: fault {@code i} goes to site {@code i mod
   * sites}, on a device of that site not yet chosen (any free device when the site has none).
   *
   * @throws IllegalArgumentException when there are more faults than devices or too few slots
   */
  static List<Target> plan(
      SensorFaults faults, List<SimulatedDevice> devices, int sites, int slots, Random r) {
    if (faults.types().size() > devices.size()) {
      throw new IllegalArgumentException(
          faults.types().size()
              + " sensor faults need as many devices, there are "
              + devices.size());
    }
    if (faults.any() && slots < SensorFaults.MIN_SLOTS) {
      throw new IllegalArgumentException(
          "sensor faults need at least "
              + SensorFaults.MIN_SLOTS
              + " measurements per device, there are "
              + slots);
    }
    Set<Integer> used = new HashSet<>();
    List<Target> out = new ArrayList<>();
    for (int i = 0; i < faults.types().size(); i++) {
      SensorFaultType type = faults.types().get(i);
      int site = i % sites;
      List<SimulatedDevice> free =
          devices.stream().filter(d -> d.siteIndex() == site && !used.contains(d.index())).toList();
      if (free.isEmpty()) {
        free = devices.stream().filter(d -> !used.contains(d.index())).toList();
      }
      SimulatedDevice d = free.get(r.nextInt(free.size()));
      used.add(d.index());
      int duration =
          switch (type) {
            case STUCK -> 12 + r.nextInt(37);
            case DRIFT -> 96 + r.nextInt(145);
            case DROPOUT -> 2 + r.nextInt(11);
            case SPIKE -> 1;
            case NOISE -> 6 + r.nextInt(19);
            case LEVEL_SHIFT -> 48 + r.nextInt(121);
          };
      int earliest = Math.max(SensorFaults.EARLIEST_SLOT, slots / 4);
      int room = slots - 2 - duration - earliest;
      int first = earliest + r.nextInt(Math.max(1, room));
      double size = r.nextDouble();
      double sign = r.nextBoolean() ? 1 : -1;
      out.add(new Target(d, SensorFaults.quantityOf(type), type, first, duration, size, sign));
    }
    return out;
  }

  /**
   * Changes {@code v[first .. first + duration - 1]} in place as {@code type} says and returns the
   * magnitude used (see {@link SensorFaults} for the ranges; {@code size} in [0, 1) picks within
   * them). {@code d} is {@link #variability} of the clean series.
   */
  static double apply(
      SensorFaultType type,
      double[] v,
      int first,
      int duration,
      double size,
      double sign,
      double d,
      Quantity quantity,
      Random noise) {
    double magnitude =
        switch (type) {
          case STUCK, DROPOUT -> 0;
          case DRIFT -> d * (4 + 4 * size);
          case SPIKE -> d * (6 + 6 * size);
          case NOISE -> d * (2 + 2 * size);
          case LEVEL_SHIFT -> d * (3 + 3 * size);
        };
    double s = sign;
    if (type == SensorFaultType.SPIKE && quantity.plausibleMin() == 0 && v[first] < magnitude) {
      s = 1; // a downward spike on a small concentration would only be clipped to 0
    }
    double held = v[first - 1];
    for (int i = first; i < first + duration; i++) {
      double x =
          switch (type) {
            case STUCK -> held;
            case DROPOUT -> 0;
            case DRIFT -> v[i] + s * magnitude * (i - first + 1) / duration;
            case SPIKE, LEVEL_SHIFT -> v[i] + s * magnitude;
            case NOISE -> v[i] + magnitude * noise.nextGaussian();
          };
      v[i] = clip(quantity, x);
    }
    return type == SensorFaultType.NOISE ? magnitude : s * magnitude;
  }

  /**
   * Reading-to-reading variability: the robust σ of the first differences (1.4826 × their median
   * absolute value), at least half their standard deviation; the corpus generator's definition.
   */
  static double variability(double[] v) {
    double[] diff = new double[v.length - 1];
    double sum = 0;
    double sq = 0;
    for (int i = 1; i < v.length; i++) {
      double x = v[i] - v[i - 1];
      diff[i - 1] = Math.abs(x);
      sum += x;
      sq += x * x;
    }
    Arrays.sort(diff);
    double mad = 1.4826 * diff[diff.length / 2];
    double mean = sum / diff.length;
    double std = Math.sqrt(Math.max(0, sq / diff.length - mean * mean));
    return Math.max(mad, 0.5 * std);
  }

  private static double clip(Quantity q, double x) {
    // within the plausible span, so the gateway accepts the faulty reading (0 for concentrations,
    // 100 % for humidity)
    double y = Math.min(q.plausibleMax(), Math.max(q.plausibleMin(), x));
    return q == Quantity.CO ? Math.round(y * 100) / 100.0 : FleetModel.round1(y);
  }
}
