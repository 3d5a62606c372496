package dev.airtrace.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GatewayLatencyTest {
  @Test
  void shouldTakeTheNearestRankPercentileOfSortedLatencies() {
    long[] sorted = new long[200];
    for (int i = 0; i < sorted.length; i++) {
      sorted[i] = i + 1; // 1..200 ms
    }
    // nearest rank: ceil(0.99 * 200) = 198th value, ceil(0.5 * 200) = 100th
    assertThat(GatewayLatency.pct(sorted, 0.99)).isEqualTo(198);
    assertThat(GatewayLatency.pct(sorted, 0.50)).isEqualTo(100);
  }

  @Test
  void shouldGiveTheOnlyValueForASingleReading() {
    assertThat(GatewayLatency.pct(new long[] {42}, 0.99)).isEqualTo(42);
  }
}
