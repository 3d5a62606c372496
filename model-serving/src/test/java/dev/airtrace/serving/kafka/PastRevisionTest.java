package dev.airtrace.serving.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airtrace.topics.processor.FeatureChannel;
import dev.airtrace.topics.processor.SiteFeatures;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which feature windows {@link ForecastPipeline} does not forecast again. */
class PastRevisionTest {
  private static final long HOUR = 3_600_000L;
  private static final long NOW = 1_764_057_600_000L; // 2025-11-25T08:00:00Z

  private static SiteFeatures window(long issueTime, int revision) {
    List<Long> starts = List.of(issueTime - 2 * HOUR, issueTime - HOUR);
    Map<FeatureChannel, List<Double>> channels = new EnumMap<>(FeatureChannel.class);
    for (FeatureChannel c : FeatureChannel.values()) {
      channels.put(c, new ArrayList<>(Collections.nCopies(2, (Double) null)));
    }
    return new SiteFeatures("s1", issueTime, 2, starts, channels, revision);
  }

  @Test
  void shouldSkipARevisionOfAnIssueTimeMoreThanTwoHoursOld() {
    assertThat(ForecastPipeline.isPastRevision(window(NOW - 2 * HOUR - 1, 1), NOW)).isTrue();
    assertThat(ForecastPipeline.isPastRevision(window(NOW - 30 * HOUR, 7), NOW)).isTrue();
  }

  @Test
  void shouldForecastARecentRevisionAndEveryFirstWindow() {
    assertThat(ForecastPipeline.isPastRevision(window(NOW - 2 * HOUR, 1), NOW)).isFalse();
    assertThat(ForecastPipeline.isPastRevision(window(NOW - 30 * HOUR, 0), NOW)).isFalse();
    assertThat(ForecastPipeline.isPastRevision(window(NOW, 3), NOW)).isFalse();
  }
}
