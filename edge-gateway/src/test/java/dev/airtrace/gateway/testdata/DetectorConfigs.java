package dev.airtrace.gateway.testdata;

import dev.airtrace.anomaly.AnomalyConfig;
import java.lang.reflect.RecordComponent;
import java.util.Map;

/** Anomaly detector configurations for tests. */
public final class DetectorConfigs {
  private DetectorConfigs() {}

  /**
   * A detector configuration that decides within a few dozen observations: the defaults with a
   * short warm-up and baseline, no averaging, no statistical term or context windows, and a novelty
   * margin so wide that only a real spike counts. Set by component name, so that components the
   * detector gains later keep their defaults.
   */
  public static AnomalyConfig quickDetector() {
    return tuned(
        Map.of(
            "warmUp", 20,
            "likelihoodHistory", 50,
            "shortAverage", 1,
            "statisticalWeight", 0.0,
            "contextWindow", 0,
            "contextAverage", 1,
            "noveltyMargin", 10.0,
            "suppression", 10));
  }

  /** {@link AnomalyConfig#defaults()} with the named components replaced. */
  public static AnomalyConfig tuned(Map<String, Object> overrides) {
    AnomalyConfig d = AnomalyConfig.defaults();
    RecordComponent[] components = AnomalyConfig.class.getRecordComponents();
    Object[] args = new Object[components.length];
    Class<?>[] types = new Class<?>[components.length];
    try {
      for (int i = 0; i < components.length; i++) {
        types[i] = components[i].getType();
        args[i] =
            overrides.containsKey(components[i].getName())
                ? overrides.get(components[i].getName())
                : components[i].getAccessor().invoke(d);
      }
      return AnomalyConfig.class.getDeclaredConstructor(types).newInstance(args);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot build an AnomalyConfig", e);
    }
  }
}
