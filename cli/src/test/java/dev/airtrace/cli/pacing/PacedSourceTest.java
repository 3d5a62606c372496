package dev.airtrace.cli.pacing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airtrace.core.DeviceId;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.SiteId;
import dev.airtrace.simulator.replay.ReplayConfig;
import dev.airtrace.simulator.replay.ReplayRow;
import dev.airtrace.simulator.replay.ReplaySource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class PacedSourceTest {
  private static final long H = 3_600_000L;
  private static final long T0 = Instant.parse("2014-01-01T00:00:00Z").toEpochMilli();

  @Test
  void shouldPaceOnlyTheRowsTheReplayPublishes() throws Exception {
    // range [00:00, 05:00)
    Deque<ReplayRow> rows = new ArrayDeque<>();
    rows.add(row(1, T0 - H, 10.0)); // before the range
    rows.add(row(2, T0, 10.0));
    rows.add(row(3, T0 + 2 * H, null)); // no value
    rows.add(row(4, T0 + 3 * H, 12.0));
    rows.add(row(5, T0 + 5 * H, 12.0)); // at the end of the range: excluded
    List<Long> paced = new ArrayList<>();
    HourPacer pacer =
        new HourPacer(PacingConfig.defaults(), new EmptyView(), timeout -> true, () -> 0L);
    ReplaySource source =
        new ReplaySource() {
          @Override
          public Optional<ReplayRow> next() {
            return Optional.ofNullable(rows.poll());
          }

          @Override
          public void close() {}
        };
    ReplayConfig config =
        ReplayConfig.builder()
            .range(Instant.ofEpochMilli(T0), Instant.ofEpochMilli(T0 + 5 * H))
            .build();

    try (PacedSource pacedSource = new PacedSource(source, config, pacer)) {
      while (pacedSource.next().isPresent()) {
        paced.add(1L);
      }
    }

    assertThat(paced).hasSize(5); // every row is still returned to the replayer
    // only 00:00 and 03:00 reached the pacer: one boundary between them, nothing closed yet
    assertThat(pacer.result().boundaries()).isEqualTo(1);
    assertThat(pacer.result().nothingToAwait()).isEqualTo(1);
  }

  private static ReplayRow row(long n, long time, Double pm25) {
    return new ReplayRow(
        n,
        time,
        new SiteId("s"),
        new DeviceId("s-1"),
        pm25 == null ? Map.of() : Map.of(Quantity.PM2_5, pm25));
  }

  private static final class EmptyView implements PipelineView {
    @Override
    public void refresh(Duration maxBlock) {}

    @Override
    public Optional<ClosedHour> hour(String siteId, long windowEnd) {
      return Optional.empty();
    }

    @Override
    public List<IssuedForecast> forecasts(String siteId, long issueTime) {
      return List.of();
    }

    @Override
    public OptionalLong skillThrough(String siteId, int hours, String model) {
      return OptionalLong.empty();
    }

    @Override
    public void close() {}
  }
}
