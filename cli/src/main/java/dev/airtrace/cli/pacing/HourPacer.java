package dev.airtrace.cli.pacing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.function.LongSupplier;

/**
 * Paces a replay by event-time hour: rows of one hour (all sites) are published freely, and before
 * the first row of a later hour the pacer waits until the pipeline has caught up with what the
 * published hours closed. That makes the replay causal for the online correction: serving has the
 * skill records that verify hour {@code t} before it forecasts from hour {@code t + 1}.
 *
 * <p><b>What is awaited.</b> The stream processor closes a site's hour when that site's event time
 * reaches the hour's end + {@link PacingConfig#grace() grace}. So at each hour boundary, for every
 * site, the hours with published rows whose end + grace is at or before the site's newest published
 * event time are "closable", and for each such hour (end {@code E}) the pacer waits for:
 *
 * <ol>
 *   <li>the broker's acknowledgement of every message published so far;
 *   <li>the hour's mean on the site-hourly topic;
 *   <li>when a feature window exists for it (any of the site's hours in the {@link
 *       PacingConfig#featureWindowHours() window} ending at the hour had PM2.5): a forecast issued
 *       at {@code E} on the forecasts topic, so that this forecast is made before any later skill
 *       record exists;
 *   <li>when the hour has a PM2.5 mean: for every forecast seen for the site issued at {@code E −
 *       h} that covers horizon {@code h} and carries a persistence value (the verifier's window
 *       takes only those), a skill record of that site, horizon and model on the forecast-skill
 *       topic whose {@code windowEnd} is {@code E} or later.
 * </ol>
 *
 * <p>The wait for one boundary is bounded by {@link PacingConfig#maxWait()}; when it runs out the
 * next hour is published anyway, and the boundary is counted as timed out with what was missing
 * ({@link PacingResult}). Hours with nothing closable (the first hour, or an hour whose rows do not
 * reach a previous hour's end + grace) count as paced without a wait.
 *
 * <p>What this does not guarantee: the forecast issued at {@code E} is made concurrently with the
 * verification of hour {@code E} (one closed hour triggers both), so a forecast uses the skill
 * records through {@code E − 1 h} at least and through {@code E} by chance; serving reads the skill
 * topic into its table within its poll interval (200 ms), while the next hour must pass the gateway
 * and the processor's commit before a forecast can use it.
 *
 * <p>Not thread-safe: the replay thread calls it.
 */
public final class HourPacer {
  static final long HOUR_MS = 3_600_000L;

  /** Longest horizon looked for when listing the skill records an hour should produce. */
  static final int MAX_HORIZON_HOURS = 168;

  /** Timed-out boundaries described in the result, at most. */
  static final int MAX_EXAMPLES = 10;

  /** Waits until the publisher's messages are acknowledged by the broker. */
  @FunctionalInterface
  public interface Delivery {
    /** Whether every message published so far was acknowledged within {@code timeout}. */
    boolean awaitDelivered(Duration timeout) throws InterruptedException;
  }

  private final PacingConfig config;
  private final PipelineView view;
  private final Delivery delivery;
  private final LongSupplier nanoTime;
  private final Map<String, SiteState> sites = new HashMap<>();
  private final List<String> examples = new ArrayList<>();
  private long currentHour = Long.MIN_VALUE;
  private long boundaries;
  private long caughtUp;
  private long nothingToAwait;
  private long timedOut;
  private long outOfOrderRows;
  private long waitNanos;
  private long maxWaitNanos;
  private long startNanos;
  private long endNanos;

  /** A pacer on the system clock. */
  public HourPacer(PacingConfig config, PipelineView view, Delivery delivery) {
    this(config, view, delivery, System::nanoTime);
  }

  /** A pacer on the given clock (tests). */
  HourPacer(PacingConfig config, PipelineView view, Delivery delivery, LongSupplier nanoTime) {
    this.config = Objects.requireNonNull(config, "config");
    this.view = Objects.requireNonNull(view, "view");
    this.delivery = Objects.requireNonNull(delivery, "delivery");
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
  }

  /**
   * Called before a row is published: when it starts a later event-time hour, first waits for the
   * pipeline to catch up with the hours published so far.
   *
   * @throws InterruptedException if interrupted while waiting
   */
  public void beforePublishing(String siteId, long eventTime) throws InterruptedException {
    long hour = Math.floorDiv(eventTime, HOUR_MS) * HOUR_MS;
    if (currentHour == Long.MIN_VALUE) {
      currentHour = hour;
      startNanos = nanoTime.getAsLong();
    } else if (hour > currentHour) {
      awaitPipeline();
      currentHour = hour;
    } else if (hour < currentHour) {
      // The file is not in time order here: published as read, paced by the hours around it.
      outOfOrderRows++;
    }
    SiteState s = sites.computeIfAbsent(siteId, k -> new SiteState());
    s.newestEvent = Math.max(s.newestEvent, eventTime);
    s.unawaitedHourEnds.add(hour + HOUR_MS);
  }

  /**
   * Called after the last row was handed to the publisher: waits for what the last hour closed (a
   * site's last hour itself never closes without a later row).
   */
  public void finish() throws InterruptedException {
    if (currentHour != Long.MIN_VALUE) {
      awaitPipeline();
      endNanos = nanoTime.getAsLong();
    }
  }

  /** What pacing did so far. */
  public PacingResult result() {
    long end = endNanos != 0 ? endNanos : nanoTime.getAsLong();
    return new PacingResult(
        boundaries,
        caughtUp,
        nothingToAwait,
        timedOut,
        outOfOrderRows,
        Duration.ofNanos(waitNanos),
        Duration.ofNanos(maxWaitNanos),
        currentHour == Long.MIN_VALUE ? Duration.ZERO : Duration.ofNanos(end - startNanos),
        List.copyOf(examples));
  }

  private void awaitPipeline() throws InterruptedException {
    boundaries++;
    long start = nanoTime.getAsLong();
    long deadline = start + config.maxWait().toNanos();
    List<Expected> expected = closable();
    try {
      if (expected.isEmpty()) {
        nothingToAwait++;
        return;
      }
      boolean delivered = delivery.awaitDelivered(config.maxWait());
      while (true) {
        List<String> missing = new ArrayList<>();
        if (!delivered) {
          missing.add("broker acknowledgements");
        }
        for (Expected e : expected) {
          missing(e, missing);
        }
        if (missing.isEmpty()) {
          caughtUp++;
          return;
        }
        long left = deadline - nanoTime.getAsLong();
        if (left <= 0) {
          timedOut++;
          if (examples.size() < MAX_EXAMPLES) {
            examples.add(
                "before hour "
                    + Instant.ofEpochMilli(currentHour + HOUR_MS)
                    + ": "
                    + String.join(", ", missing.subList(0, Math.min(5, missing.size())))
                    + (missing.size() > 5 ? " and " + (missing.size() - 5) + " more" : ""));
          }
          return;
        }
        if (!delivered) {
          delivered = delivery.awaitDelivered(Duration.ofNanos(left));
        } else {
          view.refresh(Duration.ofNanos(Math.min(left, config.poll().toNanos())));
        }
      }
    } finally {
      long waited = nanoTime.getAsLong() - start;
      waitNanos += waited;
      maxWaitNanos = Math.max(maxWaitNanos, waited);
    }
  }

  /** The hours with published rows that the published event times close, per site. */
  private List<Expected> closable() {
    List<Expected> out = new ArrayList<>();
    long grace = config.grace().toMillis();
    for (Map.Entry<String, SiteState> e : sites.entrySet()) {
      SiteState s = e.getValue();
      long newestClosable = Math.floorDiv(s.newestEvent - grace, HOUR_MS) * HOUR_MS;
      NavigableSet<Long> closed = s.unawaitedHourEnds.headSet(newestClosable, true);
      for (long end : closed) {
        out.add(new Expected(e.getKey(), end, s));
      }
      closed.clear();
    }
    return out;
  }

  /** Adds what is still missing for {@code e} to {@code missing}. */
  private void missing(Expected e, List<String> missing) {
    String at = e.site + " hour ending " + Instant.ofEpochMilli(e.end);
    var hour = view.hour(e.site, e.end);
    if (hour.isEmpty()) {
      missing.add(at + ": hourly mean");
      return;
    }
    if (hour.get().hasPm25()) {
      e.state.pm25HourEnds.add(e.end);
    }
    boolean featureWindow =
        !e.state
            .pm25HourEnds
            .subSet(e.end - config.featureWindowHours() * HOUR_MS, false, e.end, true)
            .isEmpty();
    if (featureWindow && view.forecasts(e.site, e.end).isEmpty()) {
      missing.add(at + ": forecast issued then");
    }
    if (!hour.get().hasPm25()) {
      return;
    }
    for (int h = 1; h <= MAX_HORIZON_HOURS; h++) {
      for (PipelineView.IssuedForecast f : view.forecasts(e.site, e.end - h * HOUR_MS)) {
        if (!f.hasPersistence() || !covers(f.horizonsHours(), h)) {
          continue;
        }
        OptionalLong through = view.skillThrough(e.site, h, f.model());
        if (through.isEmpty() || through.getAsLong() < e.end) {
          missing.add(at + ": skill " + h + " h " + f.model());
        }
      }
    }
  }

  private static boolean covers(int[] horizons, int h) {
    for (int x : horizons) {
      if (x == h) {
        return true;
      }
    }
    return false;
  }

  private record Expected(String site, long end, SiteState state) {}

  private static final class SiteState {
    long newestEvent = Long.MIN_VALUE;
    final TreeSet<Long> unawaitedHourEnds = new TreeSet<>();
    final TreeSet<Long> pm25HourEnds = new TreeSet<>();
  }
}
