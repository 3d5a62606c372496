package dev.airtrace.serving.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airtrace.inference.ModelManifest;
import dev.airtrace.serving.batching.InputRejectedException;
import dev.airtrace.serving.batching.ServingBatchInput;
import java.nio.FloatBuffer;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A feature window as one model row {@code [hours, channels]}, laid out by the serving version's
 * sidecar section {@code "features":{"hours":48,"channels":[...]}}: channels in the sidecar's
 * order, the newest {@code hours} hours of the window, NaN for a missing hour and for a channel the
 * site does not report (the model masks and fills NaN itself). Immutable.
 *
 * <p>Calendar channels are derived here, not read from the record, so the site-features topic needs
 * none: {@value #HOUR_OF_DAY} (0..23) and {@value #DAY_OF_WEEK} (0 = Monday .. 6) of each row's
 * start, {@code issueTime - (hours - row) h}, in the site's local time. The zone is the one given
 * to the constructor (the deployment's {@code --site-time-zone}) or else the sidecar's {@code
 * features.calendar_zone} (the zone the model was trained in). This mirrors {@code
 * models/forecast/train_forecast_v2.py}; {@code golden-windows.json} beside the sidecar pins the
 * two together (CommittedForecasterTest).
 *
 * @param window the site's window
 * @param zone the site's time zone for calendar channels; empty = the sidecar's training zone
 */
public record FeatureInput(ForecastWindow window, Optional<ZoneId> zone)
    implements ServingBatchInput {
  /** Derived channel: hour of the row's start in the site's local time, 0..23. */
  public static final String HOUR_OF_DAY = "hour_of_day";

  /** Derived channel: day of week of the row's start in the site's local time, 0 = Monday. */
  public static final String DAY_OF_WEEK = "day_of_week";

  private static final long HOUR_MS = 3_600_000L;

  public FeatureInput {
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(zone, "zone");
  }

  /** A window whose calendar channels (if the model has any) use the sidecar's zone. */
  public FeatureInput(ForecastWindow window) {
    this(window, Optional.empty());
  }

  @Override
  public int rows() {
    return 1;
  }

  @Override
  public void write(ModelManifest model, FloatBuffer dst) {
    FeatureLayout layout = FeatureLayout.of(model);
    int have = window.hours();
    if (have < layout.hours()) {
      throw new InputRejectedException(
          "window has " + have + " hours but " + model.id() + " needs " + layout.hours());
    }
    int n = layout.channels().size();
    List<double[]> columns = new ArrayList<>(n);
    int[] derived = new int[n]; // 0 = measured, 1 = hour of day, 2 = day of week
    for (int c = 0; c < n; c++) {
      String name = layout.channels().get(c);
      derived[c] = HOUR_OF_DAY.equals(name) ? 1 : DAY_OF_WEEK.equals(name) ? 2 : 0;
      columns.add(window.channels().get(name));
    }
    ZoneId z = layout.hasCalendar() ? zone.orElseGet(() -> layout.calendarZone(model)) : null;
    int skip = have - layout.hours();
    long firstStart = window.issueTime() - layout.hours() * HOUR_MS;
    // local time by epoch arithmetic with the zone's offset, looked up again only after a
    // transition (DST): a ZonedDateTime per row cost ~3.5 us per window, a tenth of the model run
    ZoneRules rules = z == null ? null : z.getRules();
    long offsetMs = 0;
    long nextTransition = Long.MAX_VALUE;
    if (rules != null) {
      Instant first = Instant.ofEpochMilli(firstStart);
      offsetMs = rules.getOffset(first).getTotalSeconds() * 1000L;
      ZoneOffsetTransition next = rules.nextTransition(first);
      nextTransition = next == null ? Long.MAX_VALUE : next.getInstant().toEpochMilli();
    }
    for (int h = 0; h < layout.hours(); h++) {
      long start = firstStart + h * HOUR_MS;
      if (start >= nextTransition) {
        Instant at = Instant.ofEpochMilli(start);
        offsetMs = rules.getOffset(at).getTotalSeconds() * 1000L;
        ZoneOffsetTransition next = rules.nextTransition(at);
        nextTransition = next == null ? Long.MAX_VALUE : next.getInstant().toEpochMilli();
      }
      long local = start + offsetMs;
      for (int c = 0; c < n; c++) {
        double[] column = columns.get(c);
        switch (derived[c]) {
          case 1 -> dst.put(Math.floorMod(Math.floorDiv(local, HOUR_MS), 24));
          // 1970-01-01 was a Thursday: day 0 -> 3 with Monday = 0
          case 2 -> dst.put(Math.floorMod(Math.floorDiv(local, 24 * HOUR_MS) + 3, 7));
          default -> dst.put(column == null ? Float.NaN : (float) column[skip + h]);
        }
      }
    }
  }

  /** The sidecar's feature layout. */
  record FeatureLayout(int hours, List<String> channels, boolean hasCalendar) {
    static FeatureLayout of(ModelManifest model) {
      JsonNode f = model.raw().path("features");
      JsonNode channels = f.path("channels");
      int hours = f.path("hours").asInt(-1);
      if (!channels.isArray() || channels.isEmpty() || hours < 1) {
        throw new IllegalStateException(
            model.id() + " has no \"features\":{\"hours\",\"channels\"} section");
      }
      List<String> names = new ArrayList<>();
      channels.forEach(c -> names.add(c.asText()));
      List<Long> shape = model.input().shape();
      if (shape.size() != 3 || shape.get(1) != hours || shape.get(2) != names.size()) {
        throw new IllegalStateException(
            model.id() + " input shape " + shape + " disagrees with its features section");
      }
      boolean calendar = names.contains(HOUR_OF_DAY) || names.contains(DAY_OF_WEEK);
      return new FeatureLayout(hours, List.copyOf(names), calendar);
    }

    /** The zone the model's calendar channels were trained in (sidecar features.calendar_zone). */
    ZoneId calendarZone(ModelManifest model) {
      String id = model.raw().path("features").path("calendar_zone").asText("");
      try {
        return ZoneId.of(id);
      } catch (DateTimeException e) {
        throw new IllegalStateException(
            model.id() + " has calendar channels but no valid features.calendar_zone: '" + id + "'",
            e);
      }
    }
  }
}
