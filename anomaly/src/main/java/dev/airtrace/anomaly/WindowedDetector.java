package dev.airtrace.anomaly;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The streaming detector: per series an {@link EwmNormaliser}, a {@link RingWindow} and a {@link
 * LikelihoodEstimator}; per round one model run over every series with a full window. Not
 * thread-safe (see {@link StreamingAnomalyDetector}).
 */
final class WindowedDetector implements StreamingAnomalyDetector {
  private final AnomalyConfig config;
  private final WindowModelSource models;
  private final LinkedHashMap<SeriesKey, SeriesState> series;
  private WindowSpec spec;
  private float[] input = new float[0];

  WindowedDetector(AnomalyConfig config, WindowModelSource models) {
    this.config = config;
    this.models = models;
    this.series = new LinkedHashMap<>(16, 0.75f, true);
  }

  @Override
  public List<AnomalyVerdict> observe(List<Observation> batch) {
    AnomalyVerdict[] verdicts = new AnomalyVerdict[batch.size()];
    // round k holds the k-th observation of every series in the batch, so repeated keys are
    // processed in order and each round sees the state the previous round left
    List<List<Integer>> rounds = new ArrayList<>();
    Map<SeriesKey, Integer> seen = new HashMap<>();
    for (int i = 0; i < batch.size(); i++) {
      int round = seen.merge(batch.get(i).key(), 1, Integer::sum) - 1;
      if (round == rounds.size()) {
        rounds.add(new ArrayList<>());
      }
      rounds.get(round).add(i);
    }
    for (List<Integer> round : rounds) {
      runRound(batch, round, verdicts);
    }
    return Arrays.asList(verdicts);
  }

  private void runRound(List<Observation> batch, List<Integer> round, AnomalyVerdict[] out) {
    try (WindowModel model = models.acquire()) {
      WindowSpec modelSpec = model.spec();
      if (spec == null) {
        spec = modelSpec;
      }
      int w = model.window();
      if (w > config.maxWindow()) {
        throw new dev.airtrace.inference.InferenceException(
            model.modelId() + ": window " + w + " exceeds maxWindow " + config.maxWindow());
      }
      SeriesState[] states = new SeriesState[round.size()];
      int[] row = new int[round.size()];
      int rows = 0;
      ensureInput(round.size() * w);
      for (int j = 0; j < round.size(); j++) {
        Observation o = batch.get(round.get(j));
        SeriesState st = series.get(o.key());
        if (st == null) {
          st = new SeriesState(config, spec);
        }
        states[j] = st;
        if (st.hasWindowWith(w)) {
          row[j] = rows;
          fillRow(st, o.value(), w, rows * w);
          rows++;
        } else {
          row[j] = -1;
        }
      }
      float[] scores =
          rows == 0 ? new float[0] : model.score(FloatBuffer.wrap(input, 0, rows * w), rows);
      // the model ran: only now is any state changed, so a failed run leaves every series as it was
      for (int j = 0; j < round.size(); j++) {
        int index = round.get(j);
        Observation o = batch.get(index);
        SeriesState st = states[j];
        out[index] =
            row[j] < 0
                ? warmingUp(st, o)
                : scored(st, o, scores[row[j]], model.modelId(), model.accelerator());
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
    for (int k = 0; k < w - 1; k++) {
      input[offset + k] = (float) st.normaliser.normalise(st.window.back(w - 2 - k));
    }
    input[offset + w - 1] = (float) st.normaliser.normalise(newest);
  }

  private AnomalyVerdict warmingUp(SeriesState st, Observation o) {
    st.advance(o.value());
    return new AnomalyVerdict(
        o.key(),
        o.eventTimeMillis(),
        o.value(),
        0,
        0,
        false,
        AnomalyVerdict.NONE,
        AnomalyVerdict.NONE);
  }

  /**
   * Raw score = model score + weight × |z|; likelihood = the larger of the raw scores' and the
   * context distances' likelihoods, 1 for a novel extreme; then warm-up and suppression.
   */
  private AnomalyVerdict scored(
      SeriesState st, Observation o, float modelScore, String modelId, String accelerator) {
    double x = o.value();
    double z = Math.abs(st.normaliser.normalise(x));
    double raw = Math.max(0, modelScore) + config.statisticalWeight() * z;
    double likelihood = st.likelihood.update(raw);
    if (st.context != null && st.context.ready(st.window)) {
      double distance =
          st.context.distanceAndRemember(st.window, x, st.observations, st.normaliser.std());
      likelihood = Math.max(likelihood, st.contextLikelihood.update(distance));
    }
    boolean novel = st.novel(x, config.noveltyMargin());
    if (novel) {
      likelihood = 1.0;
    }
    st.extend(x);
    st.advance(x);
    boolean anomalous = false;
    if (st.observations <= config.warmUp() || (st.sinceAlert < config.suppression() && !novel)) {
      likelihood = 0;
    } else if (likelihood >= config.threshold()) {
      anomalous = true;
      st.sinceAlert = 0;
    }
    return new AnomalyVerdict(
        o.key(), o.eventTimeMillis(), x, raw, likelihood, anomalous, modelId, accelerator);
  }

  private void remember(SeriesKey key, SeriesState st) {
    series.put(key, st);
    if (series.size() > config.maxSeries()) {
      Iterator<SeriesKey> eldest = series.keySet().iterator();
      eldest.next();
      eldest.remove();
    }
  }

  @Override
  public int seriesCount() {
    return series.size();
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
