package dev.airtrace.cli.forecast;

import dev.airtrace.core.Quantity;
import dev.airtrace.topics.processor.SiteHourly;
import dev.airtrace.topics.serving.Forecast;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * RMSE skill of served forecasts against persistence, per model and horizon, computed from the
 * forecasts topic and the observed site-hourly PM2.5 means, with the protocol of the offline
 * evaluation (docs/models/pm25-forecast.md, "rolling origin"):
 *
 * <ul>
 *   <li>A forecast issued at {@code T} (end of its newest feature hour) for {@code k} hours is
 *       verified against the observed mean of the hour starting at {@code T + (k − 1) h} (it ends
 *       at the forecast's {@code validTime}).
 *   <li>Persistence forecasts the mean of the newest feature hour, {@code [T − 1 h, T)}, for every
 *       horizon. Persistence + diurnal profile (when a profile {@code D[0..23]} is given, indexed
 *       by the local hour of an hour's start): additive {@code max(0, p + D[h(target)] −
 *       D[h(last)])} and multiplicative {@code p · D[h(target)] / D[h(last)]}.
 *   <li>An origin (site, issue time, model) counts when the hours {@code T − minHistory … T − 1 h}
 *       are all observed (default 24, the offline protocol) and, with {@code allHorizons}, when
 *       every one of its horizons is observed, so that every horizon is scored on the same origins;
 *       otherwise each (origin, horizon) with an observed target counts on its own.
 *   <li>{@code from}/{@code until} bound the <em>target</em> hours: an origin counts only when all
 *       its target hours start in {@code [from, until)}.
 *   <li>Observations: the highest revision of each (site, hour) wins; forecasts: the last record of
 *       each (site, issue time, model) wins (they are idempotent).
 * </ul>
 *
 * <p>Not thread-safe: feed it from one thread, then call {@link #report()}.
 */
public final class ForecastSkill {
  private static final long HOUR_MS = 3_600_000L;

  /**
   * What to score.
   *
   * @param site only this site, or empty for every site
   * @param from only origins whose first target hour starts at or after this, or empty
   * @param until only origins whose last target hour starts before this, or empty
   * @param minHistoryHours observed hours required right before the issue time, {@code >= 1} (the
   *     newest one is persistence's value)
   * @param allHorizons score an origin only when every horizon's target is observed
   * @param diurnalProfile mean PM2.5 per local hour of day (24 values), or empty for no diurnal
   *     baseline
   * @param zone the local time zone of the profile's hours
   */
  public record Options(
      Optional<String> site,
      Optional<Instant> from,
      Optional<Instant> until,
      int minHistoryHours,
      boolean allHorizons,
      Optional<double[]> diurnalProfile,
      ZoneId zone) {
    /** The offline protocol's history: the 24 hours before the issue time. */
    public static final int DEFAULT_MIN_HISTORY_HOURS = 24;

    public Options {
      Objects.requireNonNull(site, "site");
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(until, "until");
      Objects.requireNonNull(diurnalProfile, "diurnalProfile");
      Objects.requireNonNull(zone, "zone");
      if (minHistoryHours < 1) {
        throw new IllegalArgumentException(
            "minHistoryHours must be >= 1 but was " + minHistoryHours);
      }
      diurnalProfile.ifPresent(
          d -> {
            if (d.length != 24) {
              throw new IllegalArgumentException(
                  "a diurnal profile has 24 values but this one has " + d.length);
            }
            for (double v : d) {
              if (!(v > 0) || !Double.isFinite(v)) {
                throw new IllegalArgumentException("diurnal profile values must be > 0: " + v);
              }
            }
          });
    }

    /** Every site and time, 24 h history, every horizon observed, no diurnal baseline, UTC. */
    public static Options defaults() {
      return new Options(
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          DEFAULT_MIN_HISTORY_HOURS,
          true,
          Optional.empty(),
          ZoneId.of("UTC"));
    }
  }

  /** Error statistics of one forecaster at one horizon. */
  public record Errors(long n, double rmse, double mae, double bias) {}

  /**
   * One horizon of one model's report.
   *
   * @param hours the horizon
   * @param model the served model's errors
   * @param persistence persistence's errors on the same (origin, horizon) pairs
   * @param diurnalAdd additive persistence + diurnal, or null without a profile
   * @param diurnalMul multiplicative persistence + diurnal, or null without a profile
   */
  public record HorizonRow(
      int hours, Errors model, Errors persistence, Errors diurnalAdd, Errors diurnalMul) {
    /** {@code 100 · (1 − RMSE / RMSE(persistence))}, NaN when nothing was scored. */
    public double skillPercent() {
      return skill(model);
    }

    /** The same skill for another forecaster of this row. */
    public double skill(Errors e) {
      return e == null || e.n == 0 ? Double.NaN : 100.0 * (1.0 - e.rmse / persistence.rmse);
    }
  }

  /**
   * One model's report.
   *
   * @param model {@code name@version}
   * @param origins origins scored (with {@code allHorizons}, the same for every horizon)
   * @param rows one row per horizon, ascending
   */
  public record ModelReport(String model, long origins, List<HorizonRow> rows) {}

  /**
   * The whole report.
   *
   * @param forecasts distinct forecasts read (site, issue time, model)
   * @param observedHours distinct observed (site, hour) PM2.5 means
   * @param models one report per model, by name
   */
  public record Report(long forecasts, long observedHours, List<ModelReport> models) {}

  private final Options options;
  private final Map<String, Map<Long, Observation>> observed = new HashMap<>();
  private final Map<String, Forecast> forecasts = new LinkedHashMap<>();

  private record Observation(int revision, double pm25) {}

  public ForecastSkill(Options options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /** Takes an observed hour; a lower revision than one already taken is ignored. */
  public void observe(SiteHourly hour) {
    SiteHourly.QuantityMean pm = hour.quantities().get(Quantity.PM2_5);
    Map<Long, Observation> site = observed.computeIfAbsent(hour.siteId(), s -> new HashMap<>());
    Observation before = site.get(hour.windowStart());
    if (before != null && before.revision > hour.revision()) {
      return;
    }
    if (pm == null) {
      site.remove(hour.windowStart()); // a revision can only add readings, but stay exact
    } else {
      site.put(hour.windowStart(), new Observation(hour.revision(), pm.mean()));
    }
  }

  /** Takes a forecast; a later one for the same (site, issue time, model) replaces it. */
  public void forecast(Forecast f) {
    forecasts.put(f.siteId() + "\u0000" + f.issueTime() + "\u0000" + f.model(), f);
  }

  /** The report over everything taken so far. */
  public Report report() {
    Map<String, Accumulators> perModel = new TreeMap<>();
    long observedHours = observed.values().stream().mapToLong(Map::size).sum();
    for (Forecast f : forecasts.values()) {
      if (options.site().isPresent() && !options.site().get().equals(f.siteId())) {
        continue;
      }
      Map<Long, Observation> site = observed.getOrDefault(f.siteId(), Map.of());
      int[] hours = f.horizonsHours();
      float[] values = f.pm25();
      long t = f.issueTime();
      if (!inRange(t, hours) || !historyObserved(site, t)) {
        continue;
      }
      double last = site.get(t - HOUR_MS).pm25;
      if (options.allHorizons()) {
        boolean all = true;
        for (int k : hours) {
          all &= site.containsKey(target(t, k));
        }
        if (!all) {
          continue;
        }
      }
      Accumulators acc = perModel.computeIfAbsent(f.model(), m -> new Accumulators());
      boolean any = false;
      for (int i = 0; i < hours.length; i++) {
        long targetStart = target(t, hours[i]);
        Observation actual = site.get(targetStart);
        if (actual == null) {
          continue;
        }
        any = true;
        Horizon h = acc.horizons.computeIfAbsent(hours[i], k -> new Horizon());
        h.model.add(values[i] - actual.pm25);
        h.persistence.add(last - actual.pm25);
        if (options.diurnalProfile().isPresent()) {
          double[] d = options.diurnalProfile().get();
          double from = d[localHour(t - HOUR_MS)];
          double to = d[localHour(targetStart)];
          h.add.add(Math.max(0, last + to - from) - actual.pm25);
          h.mul.add(last * to / from - actual.pm25);
        }
      }
      if (any) {
        acc.origins++;
      }
    }
    List<ModelReport> models = new ArrayList<>();
    perModel.forEach(
        (model, acc) -> {
          List<HorizonRow> rows = new ArrayList<>();
          acc.horizons.forEach(
              (k, h) ->
                  rows.add(
                      new HorizonRow(
                          k,
                          h.model.errors(),
                          h.persistence.errors(),
                          options.diurnalProfile().isPresent() ? h.add.errors() : null,
                          options.diurnalProfile().isPresent() ? h.mul.errors() : null)));
          models.add(new ModelReport(model, acc.origins, rows));
        });
    return new Report(forecasts.size(), observedHours, models);
  }

  private boolean inRange(long issueTime, int[] hours) {
    long first = target(issueTime, hours[0]);
    long last = target(issueTime, hours[hours.length - 1]);
    return options.from().map(f -> first >= f.toEpochMilli()).orElse(true)
        && options.until().map(u -> last < u.toEpochMilli()).orElse(true);
  }

  private boolean historyObserved(Map<Long, Observation> site, long issueTime) {
    for (int i = 1; i <= options.minHistoryHours(); i++) {
      if (!site.containsKey(issueTime - i * HOUR_MS)) {
        return false;
      }
    }
    return true;
  }

  /** Start of the hour a {@code k}-hour forecast issued at {@code t} is for. */
  static long target(long issueTime, int k) {
    return issueTime + (k - 1) * HOUR_MS;
  }

  private int localHour(long epochMs) {
    return Instant.ofEpochMilli(epochMs).atZone(options.zone()).getHour();
  }

  private static final class Accumulators {
    final Map<Integer, Horizon> horizons = new TreeMap<>();
    long origins;
  }

  private static final class Horizon {
    final Sums model = new Sums();
    final Sums persistence = new Sums();
    final Sums add = new Sums();
    final Sums mul = new Sums();
  }

  /** Running sums of errors (forecast − actual). */
  private static final class Sums {
    long n;
    double sum;
    double sumAbs;
    double sumSq;

    void add(double error) {
      n++;
      sum += error;
      sumAbs += Math.abs(error);
      sumSq += error * error;
    }

    Errors errors() {
      return n == 0
          ? new Errors(0, Double.NaN, Double.NaN, Double.NaN)
          : new Errors(n, Math.sqrt(sumSq / n), sumAbs / n, sum / n);
    }
  }
}
