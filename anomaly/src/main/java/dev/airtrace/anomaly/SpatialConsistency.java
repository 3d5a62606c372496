package dev.airtrace.anomaly;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Spatial consistency (QARTOD's neighbour test, streaming): each reading of a device is compared
 * with the latest values of the other devices of its neighbourhood ({@link
 * SpatialConfig#neighbourhoodOf}, by default its site) that measure the same quantity, so a
 * drifting, shifted or stuck sensor stands out against its neighbours even when its own series
 * looks plausible.
 *
 * <p>Per reading {@code x} of device {@code i}: the deviation {@code r = x − median(neighbours'
 * latest values)}, neighbours counted when their latest value is at most {@link
 * SpatialConfig#maxAge()} away in event time. With fewer than {@link SpatialConfig#minDevices()}
 * devices the reading is not evaluated. The neighbourhood's typical spread {@code s} is a robust σ
 * of the deviations of all its devices: {@code 1.2533 ×} their mean absolute value (the mean during
 * warm-up, then an exponentially weighted mean with each |r| clipped at {@code clip × s}). The
 * device's score is {@code z = median(r over its last window readings) / s}: the median ignores a
 * spike, a dropout or a noise burst shorter than half the window, which the per-series rules
 * handle. When {@code |z| >= threshold} the device alarms once, and re-arms when {@code |z|} falls
 * below half the threshold. The fault is a <b>level shift</b> when the median of the newer half of
 * the window differs from the older half's by at least {@code levelShiftShare} of the newer half's
 * (a step), otherwise a <b>drift</b>. Independently, a device whose last {@code stuckReadings}
 * values are exactly equal while more than half of its fresh neighbours changed value within the
 * last half of that run (their own flat run at most half as long) is <b>stuck</b> (once per flat
 * run; a neighbourhood that is flat too, e.g. a saturated humidity, is not).
 *
 * <p>Causal: a verdict uses only readings that arrived before it and the reading itself. Cost per
 * reading: one pass over the neighbourhood's devices (an array, in arrival order) and two
 * selections, each linear on average: the median of at most 64 neighbour values and the median of
 * the {@code window} deviations; the two half-window medians are computed only for a reading that
 * alarms. Selection returns exactly the value a sort would put in the middle (a zero with the sign
 * sort's order gives it), so verdicts are those of sorting. State per device and quantity about
 * {@code 8 × window + 80} bytes. Not thread-safe: one owner thread (the gateway worker).
 */
public final class SpatialConsistency {
  private static final double EQUAL = 1e-9;
  private static final double MEAN_ABS_TO_SIGMA = 1.2533;

  /**
   * A change enters a device's recent mean as at most this many noise factors of typical changes: a
   * single spike's two steps then raise a half-life-6 mean to about 2.3 typical changes, below the
   * default factor 2.5, while a burst's changes (σ about 3 typical changes) are rarely clipped.
   */
  private static final double NOISE_CLIP = 3;

  private final SpatialConfig config;
  private final double alpha;
  private final double roughAlpha;
  private final double noiseAlpha;
  private final long maxAgeMillis;
  // neighbourhood -> quantity -> state: two lookups by String (hash cached) and no key object per
  // reading
  private final Map<String, Map<String, GroupState>> groups = new HashMap<>();
  private final double[] scratchNeighbours = new double[64];
  private final double[] scratchWindow;
  private final double[] scratchHalf;
  private int seriesCount;
  private long notEvaluated;
  private long refusedSeries;

  public SpatialConsistency(SpatialConfig config) {
    this.config = config;
    this.alpha = 1 - Math.pow(0.5, 1.0 / config.scaleHalfLife());
    this.roughAlpha = 1 - Math.pow(0.5, 1.0 / config.roughnessHalfLife());
    this.noiseAlpha = 1 - Math.pow(0.5, 1.0 / config.noiseHalfLife());
    this.maxAgeMillis = config.maxAge().toMillis();
    this.scratchWindow = new double[config.window()];
    this.scratchHalf = new double[config.window() / 2];
  }

  private static final class DeviceState {
    final int index; // in its group's arrival order
    final double[] ring;
    long count;
    double last = Double.NaN;
    long lastTime;
    int run;
    boolean alarmed;
    boolean stuckAlarmed;
    double noise = Double.NaN; // EWM of |change of deviation|, NaN until the second deviation
    boolean noiseAlarmed;

    DeviceState(int index, int window) {
      this.index = index;
      ring = new double[window];
    }
  }

  private static final class GroupState {
    final Map<String, DeviceState> devices = new HashMap<>();
    // the same devices in arrival order (never removed)
    final List<DeviceState> order = new ArrayList<>();
    // their latest values and event times by index, scanned per reading (two flat arrays instead
    // of one object per neighbour)
    double[] lasts = new double[8];
    long[] lastTimes = new long[8];
    long evaluated;
    double meanAbs;
    long changes;
    double roughness; // the typical |change of deviation| between consecutive readings
  }

  /**
   * Judges one reading and adds it to the state.
   *
   * @param site the device's site (its neighbourhood unless configured otherwise)
   * @param device the device id
   * @param quantity the quantity code
   * @param eventTimeMillis the reading's event time
   * @param value the value; a non-finite value is ignored
   * @return the finding, or {@code null} when the device agrees with its neighbours, is not
   *     evaluated, or already alarmed for this episode
   */
  public SpatialFinding observe(
      String site, String device, String quantity, long eventTimeMillis, double value) {
    if (!Double.isFinite(value)) {
      return null;
    }
    Map<String, GroupState> byQuantity =
        groups.computeIfAbsent(config.neighbourhoodOf(device, site), k -> new HashMap<>());
    GroupState g = byQuantity.get(quantity);
    if (g == null) {
      g = new GroupState();
      byQuantity.put(quantity, g);
    }
    DeviceState d = g.devices.get(device);
    if (d == null) {
      if (seriesCount >= config.maxSeries()) {
        refusedSeries++;
        notEvaluated++;
        return null;
      }
      d = new DeviceState(g.order.size(), config.window());
      g.devices.put(device, d);
      g.order.add(d);
      if (d.index == g.lasts.length) {
        g.lasts = java.util.Arrays.copyOf(g.lasts, 2 * d.index);
        g.lastTimes = java.util.Arrays.copyOf(g.lastTimes, 2 * d.index);
      }
      g.lasts[d.index] = Double.NaN;
      seriesCount++;
    }
    int n = neighbours(g, d, eventTimeMillis);
    boolean same = Math.abs(value - d.last) <= EQUAL;
    d.run = same ? d.run + 1 : 1;
    if (!same) {
      d.stuckAlarmed = false;
    }
    d.last = value;
    d.lastTime = eventTimeMillis;
    g.lasts[d.index] = value;
    g.lastTimes[d.index] = eventTimeMillis;
    if (n + 1 < config.minDevices()) {
      notEvaluated++;
      return null;
    }
    double median = median(scratchNeighbours, n);
    double r = value - median;
    boolean trusted = g.evaluated >= config.warmUp();
    double s = MEAN_ABS_TO_SIGMA * g.meanAbs;
    updateScale(g, Math.abs(r));
    int w0 = d.ring.length;
    double r1 = d.count >= 1 ? d.ring[(int) ((d.count - 1) % w0)] : Double.NaN;
    double r2 = d.count >= 2 ? d.ring[(int) ((d.count - 2) % w0)] : Double.NaN;
    // the typical change before this reading's own change enters it
    double rough = g.roughness;
    boolean roughTrusted = g.changes >= config.warmUp() && rough > EQUAL;
    if (d.count >= 1) {
      updateRoughness(g, d, Math.abs(r - r1));
    }
    d.ring[(int) (d.count % d.ring.length)] = r;
    d.count++;
    if (!trusted || s <= EQUAL) {
      return null;
    }
    SpatialFinding stuck = stuck(g, d, device, median, r, s, n);
    if (stuck != null) {
      return stuck;
    }
    if (roughTrusted) {
      SpatialFinding spike = spike(d, r2, r1, r, rough, median, value, s, n);
      if (spike != null) {
        return spike;
      }
      SpatialFinding noisy = noise(d, rough, median, r, s, n);
      if (noisy != null) {
        return noisy;
      }
    }
    if (d.count < d.ring.length) {
      return null;
    }
    int w = d.ring.length;
    // the window's order does not matter for its median: copy the ring as it lies
    System.arraycopy(d.ring, 0, scratchWindow, 0, w);
    double m = median(scratchWindow, w);
    double z = m / s;
    if (Math.abs(z) < config.threshold() / 2) {
      d.alarmed = false;
    }
    if (d.alarmed || Math.abs(z) < config.threshold()) {
      return null;
    }
    d.alarmed = true;
    // the halves only name the fault of an alarm: oldest to newest, from the ring
    for (int i = 0; i < w / 2; i++) {
      scratchHalf[i] = d.ring[(int) ((d.count + i) % w)];
    }
    double older = median(scratchHalf, w / 2);
    for (int i = 0; i < w / 2; i++) {
      scratchHalf[i] = d.ring[(int) ((d.count + w / 2 + i) % w)];
    }
    double newer = median(scratchHalf, w / 2);
    double step = newer - older;
    boolean shift =
        Math.abs(step) >= config.levelShiftShare() * Math.abs(newer)
            && Math.signum(step) == Math.signum(newer);
    SuspectedFault fault = shift ? SuspectedFault.LEVEL_SHIFT : SuspectedFault.DRIFT;
    return new SpatialFinding(
        fault,
        1 - 0.5 * config.threshold() / Math.abs(z),
        median,
        m,
        z,
        n,
        config.modelId(),
        fmt(
            "median deviation from %d neighbours over the last %d readings %s = %.1f typical"
                + " spreads %s (older half %s, newer half %s); value %s, neighbour median %s",
            n, w, num(m), z, num(s), num(older), num(newer), num(value), num(median)));
  }

  /** Stuck: a long exact run of the device while the median neighbour keeps changing. */
  private SpatialFinding stuck(
      GroupState g, DeviceState d, String device, double median, double r, double s, int n) {
    if (config.stuckReadings() == 0 || d.stuckAlarmed || d.run < config.stuckReadings()) {
      return null;
    }
    int changing = 0;
    for (DeviceState o : g.order) {
      if (o != d && 2 * o.run <= d.run && Math.abs(o.lastTime - d.lastTime) <= maxAgeMillis) {
        changing++;
      }
    }
    if (2 * changing <= n) {
      return null; // the neighbourhood is flat too (a saturated or quantised quantity)
    }
    d.stuckAlarmed = true;
    return new SpatialFinding(
        SuspectedFault.STUCK,
        0.999,
        median,
        r,
        r / s,
        n,
        config.modelId(),
        fmt(
            "%d readings equal to %s while %d of %d neighbours changed; neighbour median %s",
            d.run, num(d.last), changing, n, num(median)));
  }

  /**
   * Spike, judged one reading late: the previous deviation {@code r1} stepped away from {@code r2}
   * and back at {@code r}, both steps on the same side and at least {@code spikeFactor} typical
   * changes. Deviations from the neighbour median, so a change that every device sees (traffic at
   * rush hour) is no step.
   */
  private SpatialFinding spike(
      DeviceState d,
      double r2,
      double r1,
      double r,
      double rough,
      double median,
      double value,
      double s,
      int n) {
    if (config.spikeFactor() == 0 || Double.isNaN(r2)) {
      return null;
    }
    double up = r1 - r2;
    double down = r1 - r;
    double step = Math.min(Math.abs(up), Math.abs(down));
    if (up * down <= 0 || step < config.spikeFactor() * rough) {
      return null;
    }
    double x = step / rough;
    return new SpatialFinding(
        SuspectedFault.SPIKE,
        1 - 0.5 * config.spikeFactor() / x,
        median,
        r1,
        r1 / s,
        n,
        config.modelId(),
        fmt(
            "previous deviation from the neighbour median %s between %s and %s: a step of %.1f"
                + " typical changes %s; value %s, neighbour median %s",
            num(r1), num(r2), num(r), x, num(rough), num(value), num(median)));
  }

  /**
   * Noise burst: the device's recent mean change of deviation is at least {@code noiseFactor}
   * typical changes of its neighbourhood (alarms once, re-arms below half of it).
   */
  private SpatialFinding noise(
      DeviceState d, double rough, double median, double r, double s, int n) {
    if (config.noiseFactor() == 0 || Double.isNaN(d.noise)) {
      return null;
    }
    double x = d.noise / rough;
    if (x < config.noiseFactor() / 2) {
      d.noiseAlarmed = false;
    }
    if (d.noiseAlarmed || x < config.noiseFactor()) {
      return null;
    }
    d.noiseAlarmed = true;
    return new SpatialFinding(
        SuspectedFault.NOISE,
        1 - 0.5 * config.noiseFactor() / x,
        median,
        r,
        r / s,
        n,
        config.modelId(),
        fmt(
            "recent mean change of deviation from %d neighbours %s = %.1f typical changes %s",
            n, num(d.noise), x, num(rough)));
  }

  /**
   * Adds one |change of deviation| to the neighbourhood's typical change (the mean during warm-up,
   * then a short EWM, each change clipped at {@code clip} typical changes so a faulty device barely
   * moves it) and to the device's recent mean (clipped at {@code 3 × noiseFactor} typical changes,
   * so one spike's two steps do not make a burst).
   */
  private void updateRoughness(GroupState g, DeviceState d, double change) {
    if (g.changes < config.warmUp()) {
      g.roughness += (change - g.roughness) / (g.changes + 1);
    } else {
      g.roughness += roughAlpha * (Math.min(change, config.clip() * g.roughness) - g.roughness);
    }
    g.changes++;
    double capped =
        config.noiseFactor() == 0
            ? change
            : Math.min(change, NOISE_CLIP * config.noiseFactor() * g.roughness);
    d.noise = Double.isNaN(d.noise) ? capped : d.noise + noiseAlpha * (capped - d.noise);
  }

  /** Copies the fresh neighbours' latest values into the scratch array; returns their count. */
  private int neighbours(GroupState g, DeviceState self, long time) {
    long maxAge = maxAgeMillis;
    int n = 0;
    double[] lasts = g.lasts;
    long[] lastTimes = g.lastTimes;
    for (int i = 0, size = g.order.size(); i < size; i++) {
      double last = lasts[i];
      if (i != self.index && Double.isFinite(last) && Math.abs(time - lastTimes[i]) <= maxAge) {
        if (n == scratchNeighbours.length) {
          break; // 64 neighbours are plenty for a median
        }
        scratchNeighbours[n++] = last;
      }
    }
    return n;
  }

  private void updateScale(GroupState g, double absDeviation) {
    if (g.evaluated < config.warmUp()) {
      g.meanAbs += (absDeviation - g.meanAbs) / (g.evaluated + 1);
    } else {
      double cap = config.clip() * g.meanAbs * MEAN_ABS_TO_SIGMA;
      g.meanAbs += alpha * (Math.min(absDeviation, cap) - g.meanAbs);
    }
    g.evaluated++;
  }

  /**
   * Median of the first {@code n} finite values, reordering them in place: exactly the value(s)
   * {@code Arrays.sort} would put in the middle, found by selection in linear expected time instead
   * of a sort. Selection compares with {@code <}, which treats {@code -0.0} and {@code 0.0} as
   * equal; a zero result gets the sign that sort's order ({@code -0.0} first) gives its position.
   */
  static double median(double[] v, int n) {
    int k = n / 2;
    select(v, n, k);
    double upper = v[k] == 0 ? zeroAt(v, n, k) : v[k];
    if (n % 2 == 1) {
      return upper;
    }
    // after selecting k, v[0..k) holds the k smallest: the largest of them is the sorted k − 1
    double below = v[0];
    for (int i = 1; i < k; i++) {
      if (v[i] > below) {
        below = v[i];
      }
    }
    if (below == 0) {
      below = zeroAt(v, n, k - 1);
    }
    return 0.5 * (below + upper);
  }

  /** The zero a sort puts at {@code position}: -0.0 when it falls among the negative zeros. */
  private static double zeroAt(double[] v, int n, int position) {
    int negative = 0;
    int negativeZeros = 0;
    for (int i = 0; i < n; i++) {
      if (v[i] < 0) {
        negative++;
      } else if (v[i] == 0 && Double.doubleToRawLongBits(v[i]) != 0L) {
        negativeZeros++;
      }
    }
    return position >= negative && position < negative + negativeZeros ? -0.0 : 0.0;
  }

  /**
   * Reorders {@code v[0..n)} (finite values) so that {@code v[k]} holds a value equal to what a
   * sort would put there, every value before it is not greater and every value after it not
   * smaller. Hoare-style partitioning around a median-of-three pivot; insertion sort below 12.
   */
  static void select(double[] v, int n, int k) {
    int lo = 0;
    int hi = n - 1;
    while (hi - lo >= 12) {
      int mid = (lo + hi) >>> 1;
      // median of three to v[mid], with v[lo] <= v[mid] <= v[hi]
      if (v[mid] < v[lo]) {
        swap(v, mid, lo);
      }
      if (v[hi] < v[mid]) {
        swap(v, hi, mid);
        if (v[mid] < v[lo]) {
          swap(v, mid, lo);
        }
      }
      double pivot = v[mid];
      int i = lo;
      int j = hi;
      while (i <= j) {
        while (v[i] < pivot) {
          i++;
        }
        while (pivot < v[j]) {
          j--;
        }
        if (i <= j) {
          swap(v, i, j);
          i++;
          j--;
        }
      }
      // now v[lo..j] <= pivot <= v[i..hi], and v(j..i) == pivot
      if (k <= j) {
        hi = j;
      } else if (k >= i) {
        lo = i;
      } else {
        return;
      }
    }
    for (int i = lo + 1; i <= hi; i++) {
      double x = v[i];
      int j = i - 1;
      while (j >= lo && v[j] > x) {
        v[j + 1] = v[j];
        j--;
      }
      v[j + 1] = x;
    }
  }

  private static void swap(double[] v, int i, int j) {
    double t = v[i];
    v[i] = v[j];
    v[j] = t;
  }

  /** Device-quantity series with state. */
  public int seriesCount() {
    return seriesCount;
  }

  /**
   * Readings not evaluated: too few fresh neighbours, or a new series beyond {@link
   * SpatialConfig#maxSeries()}.
   */
  public long notEvaluated() {
    return notEvaluated;
  }

  /** New series refused because {@link SpatialConfig#maxSeries()} was reached. */
  public long refusedSeries() {
    return refusedSeries;
  }

  /** The configuration. */
  public SpatialConfig config() {
    return config;
  }

  private static String fmt(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }

  private static String num(double v) {
    return String.format(Locale.ROOT, "%.4g", v);
  }
}
