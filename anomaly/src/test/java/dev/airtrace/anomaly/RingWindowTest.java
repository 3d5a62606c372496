package dev.airtrace.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RingWindowTest {
  @Test
  void shouldReturnValuesNewestFirstAndOverwriteOldest() {
    RingWindow w = new RingWindow(3);
    for (int i = 1; i <= 5; i++) {
      w.push(i);
    }
    assertThat(w.size()).isEqualTo(3);
    assertThat(new double[] {w.back(0), w.back(1), w.back(2)}).containsExactly(5, 4, 3);
    assertThatThrownBy(() -> w.back(3)).isInstanceOf(IndexOutOfBoundsException.class);
  }
}
