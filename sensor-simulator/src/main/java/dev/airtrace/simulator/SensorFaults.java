package dev.airtrace.simulator;

import dev.airtrace.core.Quantity;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which sensor faults a simulation injects into the values of chosen devices: one fault per entry
 * of {@code types}, each on its own device (sites taken round-robin, the device within the site
 * chosen by the seed) and on the quantity {@link #quantityOf} names. Unlike {@link FaultMix}, these
 * faults leave every message valid: the gateway accepts them, and only a fault detector can tell.
 *
 * <p>Magnitudes and durations are those of the environmental-fault corpus ({@code
 * EnvFaultCorpusGenerator} in {@code anomaly-benchmark}), with durations in measurements instead of
 * hourly rows and {@code d} the device's own reading-to-reading variability (1.4826 × the median
 * absolute first difference of its clean series, at least half their standard deviation):
 *
 * <table>
 *   <caption>fault, magnitude and duration</caption>
 *   <tr><th>fault</th><th>magnitude</th><th>measurements</th></tr>
 *   <tr><td>stuck</td><td>frozen at the last good value</td><td>12–48</td></tr>
 *   <tr><td>drift</td><td>linear ramp to ±4–8 d</td><td>96–240</td></tr>
 *   <tr><td>dropout</td><td>exactly 0</td><td>2–12</td></tr>
 *   <tr><td>spike</td><td>±6–12 d (upward when the value is below the magnitude)</td><td>1</td></tr>
 *   <tr><td>noise</td><td>+N(0, (2–4 d)²)</td><td>6–24</td></tr>
 *   <tr><td>level shift</td><td>±3–6 d</td><td>48–168</td></tr>
 * </table>
 *
 * A fault starts at a seeded measurement after the first quarter of the period and after {@link
 * #EARLIEST_SLOT} (the detector's warm-up), and ends before the period does. Concentrations are
 * clipped at 0 and humidity at 100; values are rounded as the instrument would. Immutable.
 *
 * @param types the faults to inject, one device each; empty for none
 */
public record SensorFaults(List<SensorFaultType> types) {

  /** No fault starts before this measurement of a device (the detector's warm-up is 150). */
  public static final int EARLIEST_SLOT = 200;

  /** Measurements per device that {@link #all()} needs: the longest drift after the warm-up. */
  public static final int MIN_SLOTS = 600;

  private static final Map<SensorFaultType, Quantity> QUANTITY =
      new EnumMap<>(SensorFaultType.class);

  static {
    QUANTITY.put(SensorFaultType.STUCK, Quantity.PM2_5);
    QUANTITY.put(SensorFaultType.DRIFT, Quantity.NO2);
    QUANTITY.put(SensorFaultType.DROPOUT, Quantity.PM10);
    QUANTITY.put(SensorFaultType.SPIKE, Quantity.PM2_5);
    QUANTITY.put(SensorFaultType.NOISE, Quantity.O3);
    QUANTITY.put(SensorFaultType.LEVEL_SHIFT, Quantity.TEMPERATURE);
  }

  public SensorFaults {
    types = List.copyOf(Objects.requireNonNull(types, "types"));
  }

  /** No sensor faults (the default). */
  public static SensorFaults none() {
    return new SensorFaults(List.of());
  }

  /** One fault of every type, in declaration order (six devices). */
  public static SensorFaults all() {
    return new SensorFaults(List.of(SensorFaultType.values()));
  }

  /** Whether any fault is injected. */
  public boolean any() {
    return !types.isEmpty();
  }

  /**
   * The quantity a fault of {@code type} is injected into: stuck and spike PM2.5, drift NO2,
   * dropout PM10, noise O3, level shift temperature (so that every fault type and several kinds of
   * quantity are covered by one fleet).
   */
  public static Quantity quantityOf(SensorFaultType type) {
    return QUANTITY.get(type);
  }
}
