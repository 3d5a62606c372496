package dev.airtrace.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airtrace.inference.LiveModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.openjdk.jol.info.GraphLayout;

/**
 * Guards the memory design of the detector's per-series state (docs/anomaly.md#memory): bytes
 * retained per series, measured with JOL as the growth of the detector's object graph when series
 * are added, at the default configuration and a 32-value model window (anomaly-ae's). The design
 * before #13 pre-allocated every array at its full length, 96,458 bytes per series from the first
 * reading (measured the same way), which every bound below excludes.
 */
class SeriesMemoryTest {
  static {
    // JOL reads record fields (WindowSpec, FaultRuleConfig) through its "magic" offset lookup
    System.setProperty("jol.magicFieldOffset", "true");
  }

  private static final int SERIES = 200;
  private static final WindowSpec AE_WINDOW = new WindowSpec(32, 1000, 8.0, 0.001);

  /** Bytes the detector retains per series after {@code observations} readings of each. */
  static double bytesPerSeries(AnomalyConfig config, int observations) {
    PersistenceWindowModel model = new PersistenceWindowModel(AE_WINDOW, "fake-ae@1");
    WindowedDetector d = new WindowedDetector(config, LiveModel.fixed(model));
    List<List<Observation>> series = new ArrayList<>();
    for (int s = 0; s < SERIES; s++) {
      series.add(Series.of("dev-" + s).seed(s).length(observations).build());
    }
    // one series first, so the window spec and the (batch-of-one) scratch arrays are baseline
    d.observe(Series.of("baseline").length(1).build());
    long before = GraphLayout.parseInstance(d).totalSize();
    for (int k = 0; k < observations; k++) {
      for (List<Observation> one : series) {
        d.observe(List.of(one.get(k)));
      }
    }
    long after = GraphLayout.parseInstance(d).totalSize();
    double bytes = (after - before) / (double) SERIES;
    System.out.printf(
        java.util.Locale.ROOT,
        "JOL: %,.0f bytes per series after %d readings%n",
        bytes,
        observations);
    return bytes;
  }

  @Test
  void shouldRetainUnderTwoAndAHalfKilobytesForASeriesSeenOnce() {
    double bytes = bytesPerSeries(AnomalyConfig.defaults(), 1);
    // hand count (measured 2,138 B; 2,634 B with float shapes and long steps; the pre-allocating
    // design: 96,458 B): ten state objects and the map entry (~800 B), short rings of 30 and 10
    // doubles (352 B), two block rings of 4 doubles each per estimator (4 x 48 B), a 32-double
    // window (272 B), 16-entry shape index (16 x 8 halves + 16 ints: 352 B, 912 B before), the
    // fault-rule ring and the key
    assertThat(bytes).isLessThan(2_500);
  }

  @Test
  void shouldRetainUnderEightKilobytesAfterTenMinutesAtOneReadingPerSecond() {
    double bytes = bytesPerSeries(AnomalyConfig.defaults(), 600);
    // measured 7,034 B (9,066 B with float shapes and long steps): the 256-double window (2 KB), 43
    // remembered shapes in 64 entries (64 x 20 B = 1.3 KB; 3.3 KB before), the block-average cache
    // (256 floats + 256 ints, 2 KB), block rings of 8 (4 x 80 B)
    assertThat(bytes).isLessThan(8_000);
  }

  @Test
  void shouldRetainUnderEighteenKilobytesFullyGrown() {
    double bytes = bytesPerSeries(AnomalyConfig.defaults(), 4_600);
    // measured 16,842 B, about half of the 32,826 B with float shapes and long steps and a sixth of
    // the pre-allocating design's 96,458 B: the 500-entry context memory is 4,000 halves + 500 ints
    // (10 KB; 26 KB as 4,000 floats + 2 x 500 longs + 500 floats); the likelihood baselines are 40
    // block sums each (2 x 672 B) instead of 4,000 doubles (2 x 32 KB)
    assertThat(bytes).isLessThan(18_000);
  }

  @Test
  void shouldReleaseStateOfSeriesIdleLongerThanIdleReleaseAndCountIt() {
    AtomicLong now = new AtomicLong();
    AnomalyConfig config = AnomalyConfig.builder().idleRelease(Duration.ofMinutes(10)).build();
    WindowedDetector d =
        new WindowedDetector(
            config, LiveModel.fixed(new PersistenceWindowModel(AE_WINDOW, "x@1")), now::get);
    d.observe(Series.of("gone").length(1).build());
    d.observe(Series.of("stays").length(1).build());
    now.set(Duration.ofMinutes(6).toNanos());
    d.observe(Series.of("stays").length(1).build());
    now.set(Duration.ofMinutes(10).toNanos());
    d.observe(Series.of("stays").length(1).build());
    assertThat(d.seriesCount()).as("idle exactly 10 min is not yet released").isEqualTo(2);
    now.set(Duration.ofMinutes(10).toNanos() + 1);
    d.observe(Series.of("stays").length(1).build());
    assertThat(d.seriesCount()).isEqualTo(1);
    assertThat(d.seriesReleased()).isEqualTo(1);
  }

  @Test
  void shouldRelearnAReleasedSeriesFromScratch() {
    AtomicLong now = new AtomicLong();
    AnomalyConfig config = AnomalyConfig.builder().idleRelease(Duration.ofMinutes(1)).build();
    WindowedDetector d =
        new WindowedDetector(
            config, LiveModel.fixed(new PersistenceWindowModel(AE_WINDOW, "x@1")), now::get);
    List<Observation> first = Series.of("back").length(40).build();
    for (Observation o : first) {
      d.observe(List.of(o));
    }
    assertThat(d.observe(List.of(first.get(39))).get(0).modelId())
        .as("40 readings fill the 32-value window")
        .isEqualTo("x@1");
    now.set(Duration.ofMinutes(2).toNanos());
    d.observe(Series.of("other").length(1).build()); // the call that releases "back"
    assertThat(d.seriesReleased()).isEqualTo(1);
    assertThat(d.observe(List.of(first.get(0))).get(0).modelId())
        .as("a released series starts without a window")
        .isEqualTo(AnomalyVerdict.NONE);
  }

  @Test
  void shouldNeverReleaseWhenIdleReleaseIsZero() {
    AtomicLong now = new AtomicLong();
    AnomalyConfig config = AnomalyConfig.builder().idleRelease(Duration.ZERO).build();
    WindowedDetector d =
        new WindowedDetector(
            config, LiveModel.fixed(new PersistenceWindowModel(AE_WINDOW, "x@1")), now::get);
    d.observe(Series.of("a").length(1).build());
    now.set(Long.MAX_VALUE / 2);
    d.observe(Series.of("b").length(1).build());
    assertThat(d.seriesCount()).isEqualTo(2);
    assertThat(d.seriesReleased()).isZero();
  }
}
