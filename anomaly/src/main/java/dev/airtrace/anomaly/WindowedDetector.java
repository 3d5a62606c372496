package dev.airtrace.anomaly;

import dev.airtrace.inference.InferenceException;
import dev.airtrace.inference.LiveModel;
import dev.airtrace.inference.Model;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The streaming detector: per series an {@link EwmNormaliser}, a {@link RingWindow} and a {@link
 * LikelihoodEstimator}; per round one model run over every series with a full window. Not
 * thread-safe (see {@link StreamingAnomalyDetector}).
 */
final class WindowedDetector implements StreamingAnomalyDetector {
  private final AnomalyConfig config;
  private final LiveModel model;
  private final WindowSpecs specs = new WindowSpecs();
  private final LinkedHashMap<SeriesKey, SeriesState> series;
  private WindowSpec spec;
  private float[] input = new float[0];
  private final long idleReleaseNanos;
  private final LongSupplier nanoClock;
  private long callNanos;
  // written by the owner thread, read by a metrics thread
  private final java.util.concurrent.atomic.AtomicLong released =
      new java.util.concurrent.atomic.AtomicLong();

  // scratch reused across calls (the detector has one owner thread)
  private SeriesKey[] seenKeys = new SeriesKey[0];
  private int[] seenCounts = new int[0];
  private int[] roundOf = new int[0];
  private int[] order = new int[0];
  private SeriesState[] states = new SeriesState[0];
  private int[] rowOf = new int[0];

  WindowedDetector(AnomalyConfig config, LiveModel model) {
    this(config, model, System::nanoTime);
  }

  /** With the clock that measures idle time ({@code System::nanoTime} outside tests). */
  WindowedDetector(AnomalyConfig config, LiveModel model, LongSupplier nanoClock) {
    this.config = config;
    this.model = model;
    this.series = new LinkedHashMap<>(16, 0.75f, true);
    this.idleReleaseNanos = config.idleRelease().toNanos();
    this.nanoClock = nanoClock;
  }

  @Override
  public List<AnomalyVerdict> observe(List<Observation> batch) {
    int n = batch.size();
    callNanos = nanoClock.getAsLong(); // one reading per call: every series of the call is seen now
    AnomalyVerdict[] verdicts = new AnomalyVerdict[n];
    // round k holds the k-th observation of every series in the batch, so repeated keys are
    // processed in order and each round sees the state the previous round left
    int rounds = assignRounds(batch, n);
    ensureBatch(n);
    if (rounds <= 1) {
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      if (n > 0) {
        runRound(batch, 0, n, verdicts);
      }
    } else {
      // counting sort by round, stable, so each round keeps batch order
      int[] starts = new int[rounds + 1];
      for (int i = 0; i < n; i++) {
        starts[roundOf[i] + 1]++;
      }
      for (int r = 0; r < rounds; r++) {
        starts[r + 1] += starts[r];
      }
      int[] fill = Arrays.copyOf(starts, rounds);
      for (int i = 0; i < n; i++) {
        order[fill[roundOf[i]]++] = i;
      }
      for (int r = 0; r < rounds; r++) {
        runRound(batch, starts[r], starts[r + 1], verdicts);
      }
    }
    releaseIdle();
    return Arrays.asList(verdicts);
  }

  /**
   * Releases the state of series idle for longer than {@link AnomalyConfig#idleRelease()}. The map
   * is in access order (least recently observed first), so the walk stops at the first series that
   * is not idle: the cost is one look per released series plus one.
   */
  private void releaseIdle() {
    if (idleReleaseNanos <= 0) {
      return;
    }
    Iterator<SeriesState> eldest = series.values().iterator();
    while (eldest.hasNext()) {
      if (callNanos - eldest.next().lastSeenNanos <= idleReleaseNanos) {
        return;
      }
      eldest.remove();
      released.incrementAndGet();
    }
  }

  /**
   * Sets {@code roundOf[i]} to the number of earlier observations of the same series in the batch
   * and returns the number of rounds. An open-addressing table reused across calls (no allocation
   * or boxing per observation); it is left empty.
   */
  private int assignRounds(List<Observation> batch, int n) {
    if (roundOf.length < n) {
      roundOf = new int[Math.max(n, roundOf.length * 2)];
    }
    if (n <= 1) {
      if (n == 1) {
        roundOf[0] = 0;
      }
      return n;
    }
    int size = Integer.highestOneBit(n * 2 - 1) << 1;
    if (seenKeys.length < size) {
      seenKeys = new SeriesKey[size];
      seenCounts = new int[size];
    }
    int mask = size - 1;
    int rounds = 1;
    for (int i = 0; i < n; i++) {
      SeriesKey key = batch.get(i).key();
      int h = key.hashCode();
      int slot = (h ^ (h >>> 16)) & mask;
      while (seenKeys[slot] != null && !seenKeys[slot].equals(key)) {
        slot = (slot + 1) & mask;
      }
      if (seenKeys[slot] == null) {
        seenKeys[slot] = key;
        seenCounts[slot] = 0;
      }
      int round = seenCounts[slot]++;
      roundOf[i] = round;
      rounds = Math.max(rounds, round + 1);
    }
    Arrays.fill(seenKeys, 0, size, null);
    return rounds;
  }

  private void ensureBatch(int n) {
    if (order.length < n) {
      int length = Math.max(n, order.length * 2);
      order = new int[length];
      states = new SeriesState[length];
      rowOf = new int[length];
    }
  }

  /** Runs the round made of the observations {@code order[from..to)}. */
  private void runRound(List<Observation> batch, int from, int to, AnomalyVerdict[] out) {
    try (LiveModel.Lease lease = model.acquire()) {
      Model leased = lease.model();
      WindowSpec modelSpec = specs.of(leased);
      if (spec == null) {
        spec = modelSpec;
      }
      int w = modelSpec.length();
      if (w > config.maxWindow()) {
        throw new InferenceException(
            leased.manifest().id() + ": window " + w + " exceeds maxWindow " + config.maxWindow());
      }
      int rows = 0;
      ensureInput((to - from) * w);
      for (int j = from; j < to; j++) {
        Observation o = batch.get(order[j]);
        SeriesState st = series.get(o.key());
        if (st == null) {
          st = new SeriesState(config, spec);
        }
        states[j] = st;
        if (st.hasWindowWith(w)) {
          rowOf[j] = rows;
          fillRow(st, o.value(), w, rows * w);
          rows++;
        } else {
          rowOf[j] = -1;
        }
      }
      float[] scores =
          rows == 0
              ? new float[0]
              : leased
                  .run(FloatBuffer.wrap(input, 0, rows * w), rows)
                  .get(AnomalyDetectors.SCORE_OUTPUT);
      // read once per run: the model's id and backend token are fixed for a lease
      String modelId = rows == 0 ? null : leased.manifest().id();
      String accelerator = rows == 0 ? null : leased.backend().token();
      // the model ran: only now is any state changed, so a failed run leaves every series as it was
      for (int j = from; j < to; j++) {
        int index = order[j];
        Observation o = batch.get(index);
        SeriesState st = states[j];
        states[j] = null;
        st.lastSeenNanos = callNanos;
        out[index] =
            rowOf[j] < 0 ? warmingUp(st, o) : scored(st, o, scores[rowOf[j]], modelId, accelerator);
        remember(o.key(), st);
      }
    }
  }

  private void ensureInput(int size) {
    if (input.length < size) {
      input = new float[Math.max(size, input.length * 2)];
    }
  }

  private void fillRow(SeriesState st, double newest, int w, int offset) {
    double std = st.normaliser.std(); // the same for the whole row: the statistics do not change
    for (int k = 0; k < w - 1; k++) {
      input[offset + k] = (float) st.normaliser.normalise(st.window.back(w - 2 - k), std);
    }
    input[offset + w - 1] = (float) st.normaliser.normalise(newest, std);
  }

  private AnomalyVerdict warmingUp(SeriesState st, Observation o) {
    // the rules need no model window: a stuck sensor is named even before the model can score it
    FaultRules.Hit hit = sameEvent(st, st.rules.observe(o.value()));
    st.advance(o.value());
    if (hit != null) {
      st.sinceAlert = 0;
    }
    return new AnomalyVerdict(
        o.key(),
        o.eventTimeMillis(),
        o.value(),
        0,
        hit == null ? 0 : hit.score(),
        hit != null,
        AnomalyVerdict.NONE,
        AnomalyVerdict.NONE,
        hit == null ? SuspectedFault.NONE : hit.fault(),
        hit == null ? "" : hit.evidence());
  }

  /**
   * Raw score = model score + weight × |z|; likelihood = the larger of the raw scores' and the
   * context distances' likelihoods, 1 for a novel extreme; then warm-up and suppression.
   */
  private AnomalyVerdict scored(
      SeriesState st, Observation o, float modelScore, String modelId, String accelerator) {
    double x = o.value();
    double std = st.normaliser.std();
    double z = Math.abs(st.normaliser.normalise(x, std));
    double raw = Math.max(0, modelScore) + config.statisticalWeight() * z;
    double likelihood = st.likelihood.update(raw);
    if (st.context != null && st.context.ready(st.window)) {
      double distance = st.context.distanceAndRemember(st.window, x, st.observations, std);
      likelihood = Math.max(likelihood, st.contextLikelihood.update(distance));
    }
    boolean novel = st.novel(x, config.noveltyMargin());
    if (novel) {
      likelihood = 1.0;
    }
    FaultRules.Hit hit = sameEvent(st, st.rules.observe(x));
    double scored = likelihood;
    likelihood *= config.faultRules().likelihoodScale();
    st.extend(x);
    st.advance(x);
    boolean anomalous = false;
    SuspectedFault fault = SuspectedFault.NONE;
    String evidence = "";
    if (hit != null) {
      // a rule names a fault outright, like a novel extreme: not held off by suppression
      likelihood = Math.max(likelihood, hit.score());
      anomalous = true;
      fault = hit.fault();
      evidence = hit.evidence();
      st.sinceAlert = 0;
    } else if (st.observations <= config.warmUp()
        || (st.sinceAlert < config.suppression() && !novel)) {
      likelihood = 0;
    } else if (scored >= config.threshold()) {
      anomalous = true;
      st.sinceAlert = 0;
      fault = SuspectedFault.UNUSUAL;
      evidence =
          String.format(
              java.util.Locale.ROOT,
              "likelihood %.3f (raw score %.3g, |z| %.2f%s)",
              scored,
              raw,
              z,
              novel ? ", beyond the series' extremes" : "");
    }
    return new AnomalyVerdict(
        o.key(),
        o.eventTimeMillis(),
        x,
        raw,
        likelihood,
        anomalous,
        modelId,
        accelerator,
        fault,
        evidence);
  }

  /**
   * Drops a spike or level-shift finding whose reading already raised this series' last alert: the
   * spike rule names the previous reading and the level-shift rule the reading {@code
   * levelShiftHold} back, so an alert there was this event, and one event raises one alert.
   */
  private FaultRules.Hit sameEvent(SeriesState st, FaultRules.Hit hit) {
    if (hit == null) {
      return null;
    }
    long back =
        switch (hit.fault()) {
          case SPIKE -> 1;
          case LEVEL_SHIFT -> config.faultRules().levelShiftHold();
          default -> 0;
        };
    return st.sinceAlert <= back ? null : hit;
  }

  private void remember(SeriesKey key, SeriesState st) {
    series.put(key, st);
    if (series.size() > config.maxSeries()) {
      Iterator<SeriesKey> eldest = series.keySet().iterator();
      eldest.next();
      eldest.remove();
      released.incrementAndGet();
    }
  }

  @Override
  public int seriesCount() {
    return series.size();
  }

  @Override
  public long seriesReleased() {
    return released.get();
  }

  @Override
  public void forget(SeriesKey key) {
    series.remove(key);
  }

  @Override
  public void close() {
    series.clear();
  }
}
