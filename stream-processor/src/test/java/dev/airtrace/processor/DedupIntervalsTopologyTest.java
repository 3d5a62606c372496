package dev.airtrace.processor;

import static dev.airtrace.processor.ReadingBuilder.at;
import static dev.airtrace.processor.ReadingBuilder.reading;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The de-duplication's per-device state (sequence intervals, docs/stream-processor.md) through the
 * whole topology: what it remembers after backfill, gaps, the retention and the interval cap, and
 * which replays it therefore drops. The default retention is 169 h (late horizon 7 days + 1 h).
 */
class DedupIntervalsTopologyTest {
  @TempDir Path stateDir;
  private TopologyFixture fx;

  @BeforeEach
  void start() {
    fx = new TopologyFixture(stateDir);
  }

  @AfterEach
  void stop() {
    fx.close();
  }

  private static long ms(int hours, int minutes) {
    return at(hours, minutes).toEpochMilli();
  }

  private Object duplicates() {
    return fx.metric("duplicate-readings-total");
  }

  @Test
  void shouldMergeBackfillBelowTheHighWaterMarkIntoOneIntervalAndDropItsReplay() {
    for (int m = 30; m < 40; m++) {
      fx.pipe(reading().device("d1").seq(70 + m).at(at(0, m))); // live: seq 100..109
    }
    for (int m = 0; m < 30; m++) {
      fx.pipe(reading().device("d1").seq(70 + m).at(at(0, m))); // backfill: seq 70..99
    }
    assertThat(duplicates()).isEqualTo(0.0);
    assertThat(fx.dedupState("d1").current().toString())
        .isEqualTo("[70..109@" + ms(0, 0) + ".." + ms(0, 39) + "]");

    fx.pipe(reading().device("d1").seq(85).at(at(0, 15))); // replay of a backfilled reading

    assertThat(duplicates()).isEqualTo(1.0);
  }

  @Test
  void shouldKeepGapsOpenUntilTheMissingNumbersArrive() {
    int[] seqs = {1, 2, 3, 5, 6, 9};
    for (int s : seqs) {
      fx.pipe(reading().device("d1").seq(s).at(at(0, s)));
    }
    assertThat(fx.dedupState("d1").current().toString())
        .isEqualTo(
            "[1..3@" + ms(0, 1) + ".." + ms(0, 3) + ", 5..6@" + ms(0, 5) + ".." + ms(0, 6)
                + ", 9..9@" + ms(0, 9) + ".." + ms(0, 9) + "]");

    fx.pipe(reading().device("d1").seq(4).at(at(0, 4))); // closes the first gap
    fx.pipe(reading().device("d1").seq(7).at(at(0, 7))); // in the second gap: new
    fx.pipe(reading().device("d1").seq(5).at(at(0, 5))); // replay: duplicate
    fx.pipe(reading().device("d1").seq(9).at(at(0, 9))); // replay: duplicate

    assertThat(fx.dedupState("d1").current().toString())
        .isEqualTo(
            "[1..7@" + ms(0, 1) + ".." + ms(0, 7) + ", 9..9@" + ms(0, 9) + ".." + ms(0, 9) + "]");
    assertThat(duplicates()).isEqualTo(2.0);
  }

  @Test
  void shouldForgetIntervalsWhoseNewestReadingIsBeyondTheRetention() {
    fx.pipe(reading().device("d1").seq(1).at(at(0, 0)));
    fx.pipe(reading().device("d1").seq(2).at(at(0, 1)));
    fx.pipe(reading().device("d1").seq(10).at(at(100, 0))); // gap: a second interval
    fx.pipe(reading().device("d1").seq(11).at(at(200, 0))); // 200 h - 169 h = 31 h: [1..2] goes

    assertThat(fx.dedupState("d1").current().toString())
        .isEqualTo("[10..11@" + ms(100, 0) + ".." + ms(200, 0) + "]");

    fx.pipe(reading().device("d1").seq(2).at(at(0, 1))); // forgotten: not counted as duplicate
    fx.pipe(reading().device("d1").seq(10).at(at(100, 0))); // remembered: duplicate

    assertThat(duplicates()).isEqualTo(1.0);
    assertThat(fx.dedupState("d1").current().size())
        .as("a reading older than the retention is not remembered")
        .isEqualTo(1);
  }

  @Test
  void shouldCapTheIntervalsOfAGappyDeviceDroppingTheOldestAndCountingThem() {
    int cap = DeduplicateProcessor.DEFAULT_MAX_INTERVALS;
    // every other number lost: one interval per reading, cap + 3 of them
    for (int i = 0; i < cap + 3; i++) {
      fx.pipe(reading().device("d1").seq(2L * i).at(ReadingBuilder.T0.plusSeconds(10L * i)));
    }

    DeviceDedupState state = fx.dedupState("d1");
    assertThat(state.current().size()).isEqualTo(cap);
    assertThat(state.current().lo(0)).as("seq 0, 2 and 4 were the oldest").isEqualTo(6);
    assertThat(fx.metric("dedup-intervals-evicted-total")).isEqualTo(3.0);

    fx.pipe(reading().device("d1").seq(2).at(ReadingBuilder.T0.plusSeconds(10))); // evicted
    fx.pipe(reading().device("d1").seq(6).at(ReadingBuilder.T0.plusSeconds(30))); // kept

    assertThat(duplicates()).as("only the replay of a kept number is dropped").isEqualTo(1.0);
  }
}
