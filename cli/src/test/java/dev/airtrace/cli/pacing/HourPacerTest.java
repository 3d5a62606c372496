package dev.airtrace.cli.pacing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class HourPacerTest {
  private static final long H = 3_600_000L;
  private static final long T0 = Instant.parse("2013-10-01T00:00:00Z").toEpochMilli();
  private static final String SITE = "beijing";
  private static final String MODEL = "pm25-forecast@3";

  private final long[] now = {1_000_000_000L};
  private final FakeView view = new FakeView();
  private final PacingConfig config =
      PacingConfig.builder()
          .maxWait(Duration.ofSeconds(30))
          .grace(Duration.ofMinutes(10))
          .poll(Duration.ofMillis(100))
          .build();
  private boolean acknowledged = true;
  private final HourPacer pacer =
      new HourPacer(
          config,
          view,
          timeout -> {
            if (!acknowledged) {
              now[0] += timeout.toNanos();
            }
            return acknowledged;
          },
          () -> now[0]);

  @Test
  void shouldAwaitNothingWhileNoHourHasReachedItsEndPlusGrace() throws Exception {
    // Hourly rows at 00:00, 01:00, 02:00: hour 00 ends 01:00 and closes only at 01:10, so the
    // boundaries before 01:00 and 02:00 have nothing to wait for.
    publish(T0, T0 + H, T0 + 2 * H);

    PacingResult r = pacer.result();
    assertThat(r.boundaries()).isEqualTo(2);
    assertThat(r.nothingToAwait()).isEqualTo(2);
    assertThat(r.caughtUp()).isZero();
    assertThat(r.waited()).isZero();
  }

  @Test
  void shouldWaitForTheClosedHourItsForecastAndTheSkillThatVerifiesIt() throws Exception {
    // A forecast issued at 00:00 for 1 and 2 h exists already (seen in an earlier hour).
    view.forecastAt(0, SITE, T0, MODEL, new int[] {1, 2}, true);
    publish(T0, T0 + H, T0 + 2 * H);
    // The 02:00 row closed hour 00:00-01:00 (01:00 + 10 min <= 02:00). The pipeline answers
    // over 2.5 s: the mean at 0.5 s, the forecast issued 01:00 at 1 s, the 1-h skill record
    // verifying 01:00 at 2.5 s.
    view.hourAt(ms(500), SITE, T0 + H, true);
    view.forecastAt(ms(1000), SITE, T0 + H, MODEL, new int[] {1, 2}, true);
    view.skillAt(ms(2500), SITE, 1, MODEL, T0 + H);

    publish(T0 + 3 * H);

    PacingResult r = pacer.result();
    assertThat(r.boundaries()).isEqualTo(3);
    assertThat(r.caughtUp()).isEqualTo(1);
    assertThat(r.timedOut()).isZero();
    assertThat(r.waited()).isEqualTo(Duration.ofMillis(2500));
    assertThat(r.longestWait()).isEqualTo(Duration.ofMillis(2500));
  }

  @Test
  void shouldNotCountASkillRecordForAnEarlierHourAsVerifyingTheClosedOne() throws Exception {
    view.forecastAt(0, SITE, T0, MODEL, new int[] {1}, true);
    publish(T0, T0 + H, T0 + 2 * H);
    view.hourAt(0, SITE, T0 + H, true);
    view.forecastAt(0, SITE, T0 + H, MODEL, new int[] {1}, true);
    view.skillAt(0, SITE, 1, MODEL, T0); // through 00:00 only: 01:00 is not verified yet

    publish(T0 + 3 * H);

    PacingResult r = pacer.result();
    assertThat(r.timedOut()).isEqualTo(1);
    assertThat(r.waited()).isEqualTo(Duration.ofSeconds(30));
    assertThat(r.examples())
        .singleElement()
        .asString()
        .contains("before hour 2013-10-01T03:00:00Z")
        .contains("skill 1 h " + MODEL);
  }

  @Test
  void shouldCountATimedOutHourAndPublishTheNextOneAnyway() throws Exception {
    publish(T0, T0 + H, T0 + 2 * H, T0 + 3 * H); // the hour ending 01:00 never arrives

    PacingResult r = pacer.result();
    assertThat(r.boundaries()).isEqualTo(3);
    assertThat(r.nothingToAwait()).isEqualTo(2);
    assertThat(r.timedOut()).isEqualTo(1);
    assertThat(r.causal()).isEqualTo(2);
    assertThat(r.examples()).singleElement().asString().contains("hourly mean");
  }

  @Test
  void shouldAwaitSkillOnlyForForecastsWithPersistenceThatCoverTheHorizon() throws Exception {
    view.forecastAt(0, SITE, T0, MODEL, new int[] {1, 3}, true); // verifies 01:00 at 1 h
    view.forecastAt(0, SITE, T0 - H, MODEL, new int[] {1, 2}, false); // no persistence
    view.forecastAt(0, SITE, T0 - 2 * H, MODEL, new int[] {1, 2, 3}, true); // 01:00 at 3 h
    publish(T0, T0 + H, T0 + 2 * H);
    view.hourAt(0, SITE, T0 + H, true);
    view.forecastAt(0, SITE, T0 + H, MODEL, new int[] {1, 2, 3}, true);
    view.skillAt(ms(200), SITE, 1, MODEL, T0 + H);
    view.skillAt(ms(700), SITE, 3, MODEL, T0 + H);

    publish(T0 + 3 * H);

    assertThat(pacer.result().caughtUp()).isEqualTo(1);
    assertThat(pacer.result().waited()).isEqualTo(Duration.ofMillis(700));
  }

  @Test
  void shouldAwaitNeitherForecastNorSkillForAnHourWithoutPm25InItsWindow() throws Exception {
    publish(T0, T0 + H, T0 + 2 * H);
    view.hourAt(ms(300), SITE, T0 + H, false);

    publish(T0 + 3 * H);

    assertThat(pacer.result().caughtUp()).isEqualTo(1);
    assertThat(pacer.result().waited()).isEqualTo(Duration.ofMillis(300));
  }

  @Test
  void shouldAwaitTheForecastOfAnHourWithoutPm25WhenAnEarlierHourOfTheWindowHadIt()
      throws Exception {
    publish(T0, T0 + H, T0 + 2 * H);
    view.hourAt(0, SITE, T0 + H, true);
    view.forecastAt(0, SITE, T0 + H, MODEL, new int[] {1}, true);
    publish(T0 + 3 * H); // closes the hour ending 01:00 (with PM2.5): caught up at once
    view.hourAt(0, SITE, T0 + 2 * H, false); // ending 02:00 without PM2.5; no forecast comes

    publish(T0 + 4 * H);

    PacingResult r = pacer.result();
    assertThat(r.caughtUp()).isEqualTo(1);
    assertThat(r.timedOut()).isEqualTo(1);
    assertThat(r.examples()).singleElement().asString().contains("forecast issued then");
  }

  @Test
  void shouldAwaitEverySiteOfTheHour() throws Exception {
    for (long t : new long[] {T0, T0 + H, T0 + 2 * H}) {
      pacer.beforePublishing("a", t);
      pacer.beforePublishing("b", t);
    }
    view.hourAt(ms(100), "a", T0 + H, false);
    view.hourAt(ms(900), "b", T0 + H, false);

    pacer.beforePublishing("a", T0 + 3 * H);

    assertThat(pacer.result().caughtUp()).isEqualTo(1);
    assertThat(pacer.result().waited()).isEqualTo(Duration.ofMillis(900));
  }

  @Test
  void shouldReportUnacknowledgedMessagesAsATimeout() throws Exception {
    publish(T0, T0 + H, T0 + 2 * H);
    view.hourAt(0, SITE, T0 + H, false);
    acknowledged = false;

    publish(T0 + 3 * H);

    PacingResult r = pacer.result();
    assertThat(r.timedOut()).isEqualTo(1);
    assertThat(r.examples()).singleElement().asString().contains("broker acknowledgements");
  }

  @Test
  void shouldCountRowsOutOfTimeOrderWithoutWaitingForThem() throws Exception {
    publish(T0 + 2 * H, T0 + H + 5);

    assertThat(pacer.result().outOfOrderRows()).isEqualTo(1);
    assertThat(pacer.result().boundaries()).isZero();
  }

  @Test
  void shouldAwaitWhatTheLastHourClosedOnFinish() throws Exception {
    publish(T0, T0 + H, T0 + 2 * H);
    view.hourAt(ms(400), SITE, T0 + H, false);

    pacer.finish();

    assertThat(pacer.result().boundaries()).isEqualTo(3);
    assertThat(pacer.result().caughtUp()).isEqualTo(1);
    assertThat(pacer.result().wall()).isEqualTo(Duration.ofMillis(400));
  }

  @Test
  void shouldRejectAPollLongerThanTheWait() {
    assertThatThrownBy(
            () ->
                PacingConfig.builder()
                    .maxWait(Duration.ofSeconds(1))
                    .poll(Duration.ofSeconds(2))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("poll");
  }

  private void publish(long... eventTimes) throws InterruptedException {
    for (long t : eventTimes) {
      pacer.beforePublishing(SITE, t);
    }
  }

  private long ms(long millis) {
    return now[0] + millis * 1_000_000L;
  }

  /** Records appear at fake-clock times; refresh advances the clock by its block. */
  private final class FakeView implements PipelineView {
    private final List<Runnable> pending = new ArrayList<>();
    private final List<Long> pendingAt = new ArrayList<>();
    private final Map<String, ClosedHour> hours = new HashMap<>();
    private final Map<String, List<IssuedForecast>> forecasts = new HashMap<>();
    private final Map<String, Long> skill = new HashMap<>();

    void hourAt(long at, String site, long end, boolean pm25) {
      schedule(at, () -> hours.put(site + "/" + end, new ClosedHour(pm25)));
    }

    void forecastAt(
        long at, String site, long issue, String model, int[] horizons, boolean persistence) {
      schedule(
          at,
          () ->
              forecasts
                  .computeIfAbsent(site + "/" + issue, k -> new ArrayList<>())
                  .add(new IssuedForecast(model, horizons, persistence)));
    }

    void skillAt(long at, String site, int hours, String model, long windowEnd) {
      schedule(at, () -> skill.merge(site + "/" + hours + "/" + model, windowEnd, Math::max));
    }

    private void schedule(long at, Runnable r) {
      pending.add(r);
      pendingAt.add(at);
      apply();
    }

    private void apply() {
      for (int i = pending.size() - 1; i >= 0; i--) {
        if (pendingAt.get(i) <= now[0]) {
          pending.remove(i).run();
          pendingAt.remove(i);
        }
      }
    }

    @Override
    public void refresh(Duration maxBlock) {
      now[0] += maxBlock.toNanos();
      apply();
    }

    @Override
    public Optional<ClosedHour> hour(String siteId, long windowEnd) {
      return Optional.ofNullable(hours.get(siteId + "/" + windowEnd));
    }

    @Override
    public List<IssuedForecast> forecasts(String siteId, long issueTime) {
      return forecasts.getOrDefault(siteId + "/" + issueTime, List.of());
    }

    @Override
    public OptionalLong skillThrough(String siteId, int hours, String model) {
      Long end = skill.get(siteId + "/" + hours + "/" + model);
      return end == null ? OptionalLong.empty() : OptionalLong.of(end);
    }

    @Override
    public void close() {}
  }
}
