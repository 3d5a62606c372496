package dev.airtrace.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airtrace.topics.Topics;
import org.junit.jupiter.api.Test;

class DemoCommandTest {
  @Test
  void demoSinkWritesTheReadingsAnalyticsQualityAndForecastVerifierTopics() {
    assertThat(DemoCommand.SINK_TOPICS)
        .containsExactlyInAnyOrder(
            Topics.Names.AGGREGATES_1M,
            Topics.Names.READINGS,
            Topics.Names.SITE_HOURLY,
            Topics.Names.SITE_AQI,
            Topics.Names.SENSOR_QUALITY,
            Topics.Names.FORECAST_VERIFICATIONS,
            Topics.Names.FORECAST_SKILL);
  }
}
