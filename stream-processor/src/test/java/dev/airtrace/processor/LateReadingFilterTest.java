package dev.airtrace.processor;

import static dev.airtrace.processor.ReadingBuilder.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.junit.jupiter.api.Test;

class LateReadingFilterTest {
  private static final TimeWindows HOURLY =
      TimeWindows.ofSizeAndGrace(Duration.ofHours(1), Duration.ofMinutes(10));

  private static long ms(int hours, int minutes) {
    return at(hours, minutes).toEpochMilli();
  }

  @Test
  void shouldKeepAWindowOpenUntilEndPlusGrace() {
    assertThat(LateReadingFilter.closedWindow(HOURLY, ms(0, 59), ms(1, 10) - 1)).isEmpty();
  }

  @Test
  void shouldCloseAWindowWhenStreamTimeReachesEndPlusGrace() {
    assertThat(LateReadingFilter.closedWindow(HOURLY, ms(0, 59), ms(1, 10)))
        .hasValueSatisfying(
            w -> {
              assertThat(w.start()).isEqualTo(ms(0, 0));
              assertThat(w.end()).isEqualTo(ms(1, 0));
            });
  }

  @Test
  void shouldNeverCloseTheWindowOfTheNewestRecord() {
    assertThat(LateReadingFilter.closedWindow(HOURLY, ms(5, 0), ms(5, 0))).isEmpty();
  }

  @Test
  void shouldCloseImmediatelyWithoutGrace() {
    TimeWindows noGrace = TimeWindows.ofSizeWithNoGrace(Duration.ofHours(1));

    assertThat(LateReadingFilter.closedWindow(noGrace, ms(0, 59), ms(1, 0))).isPresent();
    assertThat(LateReadingFilter.closedWindow(noGrace, ms(1, 0), ms(1, 0))).isEmpty();
  }
}
