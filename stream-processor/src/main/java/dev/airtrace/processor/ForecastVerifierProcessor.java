package dev.airtrace.processor;

import dev.airtrace.core.Quantity;
import dev.airtrace.processor.VerifierState.Event;
import dev.airtrace.processor.VerifierState.Observation;
import dev.airtrace.processor.VerifierState.Output;
import dev.airtrace.processor.VerifierState.Pending;
import dev.airtrace.processor.VerifierState.PendingList;
import dev.airtrace.processor.VerifierState.Sample;
import dev.airtrace.processor.VerifierState.SkillWindow;
import dev.airtrace.topics.processor.ForecastCorrection;
import dev.airtrace.topics.processor.ForecastSkill;
import dev.airtrace.topics.processor.ForecastVerification;
import dev.airtrace.topics.processor.SiteHourly;
import dev.airtrace.topics.serving.Forecast;
import dev.airtrace.topics.serving.ForecastSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Verifies every forecast value against the site's hourly PM2.5 mean for the hour it was for, keeps
 * the rolling window of verified hours per site, horizon and model, and from it publishes the
 * window's statistics, the online correction and the source serving should use next.
 *
 * <ul>
 *   <li><b>Forecast</b>: each horizon's value waits in the pending store under {@code
 *       site/validTime} (a redelivered forecast replaces itself); when the hour is already known (a
 *       replay, or a forecast that arrived late) it is verified at once.
 *   <li><b>Closed hour</b> with PM2.5 (first or revised): kept in the observed store under {@code
 *       site/windowEnd}; every pending forecast for that hour is verified. A revision verifies them
 *       again with the new value and its revision number, and replaces the hour in the skill
 *       windows, so a revised hour counts once. An hour without PM2.5 has nothing to verify.
 *   <li><b>Skill</b>: only verified hours with a persistence value enter the window (skill is
 *       relative to persistence). Each update publishes the site/horizon/model's {@link
 *       ForecastSkill}; see {@link #skill} for the statistics and {@link #correction} for the
 *       learned correction.
 *   <li>Pending forecasts and observed hours more than {@link VerificationConfig#retention()}
 *       behind the newest observed hour are deleted by a wall-clock punctuation (a revision older
 *       than that cannot arrive: the processor's late horizon is shorter).
 * </ul>
 *
 * <p>Input is keyed by site id and repartitioned by it, so one task owns a site. One instance per
 * task, called from one thread.
 */
final class ForecastVerifierProcessor implements Processor<String, Event, String, Output> {
  static final Duration PURGE_INTERVAL = Duration.ofMinutes(10);
  private static final long HOUR_MS = 3_600_000L;

  private final String pendingStoreName;
  private final String observedStoreName;
  private final String skillStoreName;
  private final VerificationConfig config;
  private ProcessorContext<String, Output> context;
  private KeyValueStore<String, PendingList> pending;
  private KeyValueStore<String, Observation> observed;
  private KeyValueStore<String, SkillWindow> skill;
  private long newestObserved = Long.MIN_VALUE;

  ForecastVerifierProcessor(
      String pendingStore, String observedStore, String skillStore, VerificationConfig config) {
    this.pendingStoreName = pendingStore;
    this.observedStoreName = observedStore;
    this.skillStoreName = skillStore;
    this.config = config;
  }

  @Override
  public void init(ProcessorContext<String, Output> context) {
    this.context = context;
    this.pending = context.getStateStore(pendingStoreName);
    this.observed = context.getStateStore(observedStoreName);
    this.skill = context.getStateStore(skillStoreName);
    context.schedule(PURGE_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> purge());
  }

  @Override
  public void process(Record<String, Event> record) {
    Event e = record.value();
    if (e == null) {
      return;
    }
    if (e.forecast() != null) {
      onForecast(e.forecast(), record);
    } else {
      onHourly(e.hourly(), record);
    }
  }

  private void onForecast(Forecast f, Record<String, Event> record) {
    int[] hours = f.horizonsHours();
    float[] served = f.pm25();
    for (int i = 0; i < hours.length; i++) {
      Forecast.HorizonProvenance hp =
          f.provenance() == null ? null : f.provenance().horizons().get(i);
      Pending p =
          new Pending(
              f.issueTime(),
              hours[i],
              f.model(),
              served[i],
              hp == null ? ForecastSource.MODEL : hp.source(),
              hp == null ? served[i] : hp.modelPm25(),
              hp == null ? Double.NaN : hp.correctedPm25(),
              f.persistence());
      long validTime = f.issueTime() + hours[i] * HOUR_MS;
      String key = key(f.siteId(), validTime);
      PendingList list = pending.get(key);
      pending.put(key, list == null ? new PendingList(List.of(p)) : list.with(p));
      Observation o = observed.get(key);
      if (o != null) {
        verify(f.siteId(), validTime, p, o, record);
      }
    }
  }

  private void onHourly(SiteHourly h, Record<String, Event> record) {
    SiteHourly.QuantityMean pm = h.quantities().get(Quantity.PM2_5);
    if (pm == null) {
      return;
    }
    String key = key(h.siteId(), h.windowEnd());
    Observation previous = observed.get(key);
    if (previous != null && previous.revision() >= h.revision()) {
      return; // a redelivery, or an older revision arriving after a newer one: the newest wins
    }
    Observation o = new Observation(pm.mean(), h.revision());
    observed.put(key, o);
    newestObserved = Math.max(newestObserved, h.windowEnd());
    PendingList list = pending.get(key);
    if (list != null) {
      for (Pending p : list.entries()) {
        verify(h.siteId(), h.windowEnd(), p, o, record);
      }
    }
  }

  private void verify(
      String siteId, long validTime, Pending p, Observation o, Record<String, Event> record) {
    ForecastVerification v =
        new ForecastVerification(
            siteId,
            p.model(),
            p.issueTime(),
            p.hours(),
            validTime,
            p.served(),
            p.source(),
            p.modelValue(),
            p.corrected(),
            p.persistence(),
            o.value(),
            o.revision());
    context.forward(record.withKey(siteId).withValue(new Output(v, null)));
    if (!Double.isFinite(p.persistence())) {
      return;
    }
    String skillKey = ForecastSkill.key(siteId, p.hours(), p.model());
    SkillWindow w = skill.get(skillKey);
    if (w == null) {
      w = SkillWindow.empty();
    }
    w.put(
        validTime,
        new Sample(
            p.served(),
            p.modelValue(),
            Double.isFinite(p.corrected()) ? p.corrected() : p.modelValue(),
            p.persistence(),
            o.value()),
        config.windowHours() * HOUR_MS);
    skill.put(skillKey, w);
    context.forward(
        record
            .withKey(skillKey)
            .withValue(new Output(null, skill(siteId, p.hours(), p.model(), w, config))));
  }

  /**
   * The statistics of a window: RMSE/MAE/bias of the served values, RMSE of the model's own,
   * corrected and persistence values, RMSE/MAE of persistence (unweighted over the window), the
   * correction for the next forecasts and the source they should use. During the warm-up (fewer
   * than {@link VerificationConfig#minVerifications()} hours) that is the model's own output.
   * Afterwards the model's output stays unless a challenger beats it on the same window hours by
   * the {@link VerificationConfig#switchMargin() switch margin} m: the corrected value (as issued;
   * an hour issued before any correction existed counts as the model's value) when its RMSE is
   * below (1 − m) × the model's, then persistence when its RMSE is below (1 − m) × that of the
   * model variant chosen. A tie or a small gain keeps the model: following the lowest window RMSE
   * switched on differences the next hours did not repeat and cost skill (docs/serving.md). At the
   * 1-hour horizon persistence needs only the {@link VerificationConfig#firstHourFallbackMargin()
   * first-hour fallback margin} (default none): there the model's whole edge is smaller than m, so
   * with m the fallback could not keep the served 1-h forecast from losing to persistence.
   */
  static ForecastSkill skill(
      String siteId, int hours, String model, SkillWindow w, VerificationConfig config) {
    Collection<Sample> s = w.samples().values();
    int n = s.size();
    double se = 0;
    double ae = 0;
    double e = 0;
    double seModel = 0;
    double seCorrected = 0;
    double sePersistence = 0;
    double aePersistence = 0;
    for (Sample x : s) {
      double err = x.served() - x.observed();
      se += err * err;
      ae += Math.abs(err);
      e += err;
      seModel += sq(x.model() - x.observed());
      seCorrected += sq(x.corrected() - x.observed());
      double pe = x.persistence() - x.observed();
      sePersistence += pe * pe;
      aePersistence += Math.abs(pe);
    }
    double rmse = Math.sqrt(se / n);
    double modelRmse = Math.sqrt(seModel / n);
    double correctedRmse = Math.sqrt(seCorrected / n);
    double persistenceRmse = Math.sqrt(sePersistence / n);
    long newest = w.samples().lastKey();
    ForecastSource decision;
    if (n < config.minVerifications()) {
      decision = ForecastSource.MODEL;
    } else {
      double keep = 1 - config.switchMargin();
      decision = ForecastSource.MODEL;
      double best = modelRmse;
      if (correctedRmse < keep * modelRmse) {
        decision = ForecastSource.CORRECTED;
        best = correctedRmse;
      }
      double fallbackKeep =
          1 - (hours == 1 ? config.firstHourFallbackMargin() : config.switchMargin());
      if (persistenceRmse < fallbackKeep * best) {
        decision = ForecastSource.PERSISTENCE;
      }
    }
    return new ForecastSkill(
        siteId,
        hours,
        model,
        newest,
        config.windowHours(),
        n,
        rmse,
        ae / n,
        e / n,
        modelRmse,
        correctedRmse,
        persistenceRmse,
        aePersistence / n,
        correction(w.samples().entrySet(), w.updates(), config),
        decision);
  }

  /**
   * Exponentially weighted least squares of observed on model output over a window's verified
   * hours: the hour at valid time {@code t} weighs {@code λ^((newest − t) / 1 h)}; with the
   * weighted means x̄ (model) and ȳ (observed), {@code var = Σw(x − x̄)² / Σw} and {@code cov =
   * Σw(x − x̄)(y − ȳ) / Σw}, the scale is {@code (cov + κ) / (var + κ)} (κ = {@link
   * VerificationConfig#scalePrior()}, pulling it toward 1 when the model's outputs barely vary),
   * clamped to the configured bounds, and the offset {@code ȳ − scale · x̄}. Recomputed from the
   * window on every update, so that a revised hour replaces its old observation instead of being
   * learned twice. With the default scale bounds [1, 1] this is the weighted mean error, {@code
   * offset = ȳ − x̄}.
   */
  static ForecastCorrection correction(
      Collection<Map.Entry<Long, Sample>> samples, long updates, VerificationConfig config) {
    long newest = Long.MIN_VALUE;
    for (Map.Entry<Long, Sample> e : samples) {
      newest = Math.max(newest, e.getKey());
    }
    double sw = 0;
    double sx = 0;
    double sy = 0;
    List<double[]> wxy = new ArrayList<>(samples.size());
    for (Map.Entry<Long, Sample> e : samples) {
      double w = Math.pow(config.forgetting(), (double) (newest - e.getKey()) / HOUR_MS);
      double x = e.getValue().model();
      double y = e.getValue().observed();
      wxy.add(new double[] {w, x, y});
      sw += w;
      sx += w * x;
      sy += w * y;
    }
    if (sw == 0) {
      return new ForecastCorrection(0, 1, config.forgetting(), updates);
    }
    double mx = sx / sw;
    double my = sy / sw;
    double var = 0;
    double cov = 0;
    for (double[] t : wxy) {
      var += t[0] * (t[1] - mx) * (t[1] - mx);
      cov += t[0] * (t[1] - mx) * (t[2] - my);
    }
    var /= sw;
    cov /= sw;
    double k = config.scalePrior();
    double scale = var + k > 0 ? (cov + k) / (var + k) : 1;
    scale = Math.max(config.minScale(), Math.min(config.maxScale(), scale));
    return new ForecastCorrection(my - scale * mx, scale, config.forgetting(), updates);
  }

  private void purge() {
    if (newestObserved == Long.MIN_VALUE) {
      return;
    }
    long cutoff = newestObserved - config.retention().toMillis();
    purge(pending, cutoff);
    purge(observed, cutoff);
  }

  private static <V> void purge(KeyValueStore<String, V> store, long cutoff) {
    List<String> old = new ArrayList<>();
    try (KeyValueIterator<String, V> it = store.all()) {
      while (it.hasNext()) {
        KeyValue<String, V> kv = it.next();
        if (validTime(kv.key) < cutoff) {
          old.add(kv.key);
        }
      }
    }
    old.forEach(store::delete);
  }

  static String key(String siteId, long validTime) {
    return siteId + "/" + validTime;
  }

  static long validTime(String key) {
    return Long.parseLong(key.substring(key.lastIndexOf('/') + 1));
  }

  private static double sq(double v) {
    return v * v;
  }
}
