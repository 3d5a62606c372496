package dev.airtrace.processor;

import static dev.airtrace.processor.History.hour;
import static dev.airtrace.processor.SiteHourlyBuilder.hourly;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.airtrace.core.Quantity;
import dev.airtrace.topics.processor.FeatureChannel;
import dev.airtrace.topics.processor.SiteFeatures;
import dev.airtrace.topics.processor.SiteHourly;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The feature-window processor against an in-memory store; hours count from ReadingBuilder.T0. */
class SiteFeaturesProcessorTest {
  private static final int HOURS = 48;

  private MockProcessorContext<String, SiteFeatures> context;
  private KeyValueStore<String, FeatureWindow> store;
  private SiteFeaturesProcessor processor;

  @BeforeEach
  void init() {
    context = new MockProcessorContext<>();
    store =
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore("features"),
                Serdes.String(),
                StateSerdes.featureWindow())
            .withLoggingDisabled()
            .build();
    store.init(context.getStateStoreContext(), store);
    context.addStateStore(store);
    processor = new SiteFeaturesProcessor("features", HOURS, 0);
    processor.init(context);
  }

  private void close(SiteHourlyBuilder hour) {
    SiteHourly h = hour.build();
    processor.process(new Record<>(h.siteId(), h, h.windowEnd() - 1));
  }

  /** Closes hour {@code h} with PM2.5 {@code 100 + h}, so every value names its hour. */
  private void closePm(int h) {
    close(hourly(h).pm25(100 + h));
  }

  private List<SiteFeatures> emitted() {
    List<SiteFeatures> out = new ArrayList<>();
    context.forwarded().forEach(f -> out.add(f.record().value()));
    context.resetForwards();
    return out;
  }

  /** The expected PM2.5 array: 100 + h for the given hours of the window ending at newest. */
  private static List<Double> pm(int newest, int... withData) {
    List<Double> expected = new ArrayList<>(Collections.nCopies(HOURS, null));
    for (int h : withData) {
      expected.set(HOURS - 1 - (newest - h), 100.0 + h);
    }
    return expected;
  }

  @Test
  void shouldEmitTheLast48HoursOldestFirstWithExplicitNullsForHoursWithoutData() {
    for (int h = 0; h <= 50; h++) {
      if (h != 10 && h != 11) { // two hours without any reading
        closePm(h);
      }
    }

    List<SiteFeatures> out = emitted();
    assertThat(out).hasSize(49);
    SiteFeatures last = out.get(out.size() - 1);
    assertThat(last.siteId()).isEqualTo("site-a");
    assertThat(last.hours()).isEqualTo(48);
    assertThat(last.issueTime()).isEqualTo(hour(51));
    assertThat(last.hourStarts())
        .containsExactlyElementsOf(IntStream.rangeClosed(3, 50).mapToObj(History::hour).toList());
    int[] withData = IntStream.rangeClosed(3, 50).filter(h -> h != 10 && h != 11).toArray();
    assertThat(last.values(FeatureChannel.PM2_5)).containsExactlyElementsOf(pm(50, withData));
    assertThat(last.values(FeatureChannel.TEMPERATURE)).containsOnlyNulls().hasSize(48);
    assertThat(store.get("site-a").hourStarts()).hasSize(46).first().isEqualTo(hour(3));
  }

  @Test
  void shouldIssueTheFirstWindowForTheFirstHourWithNullsBeforeIt() {
    closePm(0);

    SiteFeatures first = emitted().get(0);
    assertThat(first.issueTime()).isEqualTo(hour(1));
    assertThat(first.hourStarts().get(0)).isEqualTo(hour(-47));
    assertThat(first.values(FeatureChannel.PM2_5)).containsExactlyElementsOf(pm(0, 0));
  }

  @Test
  void shouldReviseEveryPublishedWindowThatAnHourClosingOutOfOrderBelongsTo() {
    closePm(0);
    closePm(2);
    closePm(3);
    emitted();

    closePm(1); // hour 1 closes after hour 3 (a backfill)
    List<SiteFeatures> revised = emitted();
    // its own window first (revision 0), then the windows of hours 2 and 3 again (revision 1)
    assertThat(revised)
        .extracting(SiteFeatures::issueTime, SiteFeatures::revision)
        .containsExactly(tuple(hour(2), 0), tuple(hour(3), 1), tuple(hour(4), 1));
    assertThat(revised.get(0).values(FeatureChannel.PM2_5)).containsExactlyElementsOf(pm(1, 0, 1));
    assertThat(revised.get(2).values(FeatureChannel.PM2_5))
        .containsExactlyElementsOf(pm(3, 0, 1, 2, 3));

    closePm(4);
    List<SiteFeatures> out = emitted();
    assertThat(out).hasSize(1);
    assertThat(out.get(0).issueTime()).isEqualTo(hour(5));
    assertThat(out.get(0).revision()).isZero();
    assertThat(out.get(0).values(FeatureChannel.PM2_5))
        .containsExactlyElementsOf(pm(4, 0, 1, 2, 3, 4));
  }

  @Test
  void shouldReplaceAnHourThatClosesTwiceAndPublishItsWindowAsARevision() {
    closePm(0);
    emitted();

    close(hourly(0).pm25(7.0));
    List<SiteFeatures> revised = emitted();
    assertThat(revised).extracting(SiteFeatures::revision).containsExactly(1);
    assertThat(revised.get(0).values(FeatureChannel.PM2_5).get(47)).isEqualTo(7.0);
    closePm(1);

    List<SiteFeatures> next = emitted();
    assertThat(next.get(0).revision()).isZero();
    List<Double> pm25 = next.get(0).values(FeatureChannel.PM2_5);
    assertThat(pm25.subList(46, 48)).containsExactly(7.0, 101.0);
  }

  @Test
  void shouldIgnoreAndCountAnHourThatClosesAfterItLeftTheWindow() {
    closePm(0);
    closePm(60);
    emitted();

    closePm(12); // 60 - 48: one hour before the window's oldest hour (13)
    closePm(61);

    SiteFeatures w = emitted().get(0);
    assertThat(w.values(FeatureChannel.PM2_5)).containsExactlyElementsOf(pm(61, 60, 61));
    assertThat(store.get("site-a").hourStarts()).containsExactly(hour(60), hour(61));
    assertThat(
            context.metrics().metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals("feature-hours-outside-window-total"))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
                .sum())
        .isEqualTo(1.0);
  }

  @Test
  void shouldStartOverAfterAGapLongerThanTheWindow() {
    for (int h = 0; h < 5; h++) {
      closePm(h);
    }
    emitted();

    closePm(4 + 49); // 48 hours without data in between

    SiteFeatures w = emitted().get(0);
    assertThat(w.values(FeatureChannel.PM2_5)).containsExactlyElementsOf(pm(53, 53));
    assertThat(store.get("site-a").hourStarts()).containsExactly(hour(53));
  }

  @Test
  void shouldKeepTheOldestHourThatIsExactlyInsideTheWindow() {
    closePm(0);
    closePm(47);

    List<SiteFeatures> out = emitted();
    assertThat(out.get(1).values(FeatureChannel.PM2_5)).containsExactlyElementsOf(pm(47, 0, 47));
  }

  @Test
  void shouldStillEmitWhenTheNewestHourHasNoPm25() {
    closePm(0);
    close(hourly(1).mean(Quantity.TEMPERATURE, 21.0));

    List<SiteFeatures> out = emitted();
    assertThat(out).hasSize(2);
    SiteFeatures w = out.get(1);
    assertThat(w.issueTime()).isEqualTo(hour(2));
    assertThat(w.values(FeatureChannel.PM2_5)).containsExactlyElementsOf(pm(1, 0));
    assertThat(w.values(FeatureChannel.TEMPERATURE).get(47)).isEqualTo(21.0);
  }

  @Test
  void shouldEmitNothingWhileTheWindowHoldsNoPm25() {
    close(hourly(0).mean(Quantity.TEMPERATURE, 21.0).mean(Quantity.NO2, 12.0));
    close(hourly(1).mean(Quantity.NO2, 14.0));

    assertThat(emitted()).isEmpty();
    assertThat(store.get("site-a").hourStarts()).containsExactly(hour(0), hour(1));

    closePm(2);
    SiteFeatures w = emitted().get(0);
    assertThat(w.values(FeatureChannel.TEMPERATURE).get(45)).isEqualTo(21.0);
  }

  @Test
  void shouldKeepSitesApart() {
    close(hourly(0).site("site-a").pm25(1.0));
    close(hourly(0).site("site-b").pm25(2.0));
    close(hourly(1).site("site-a").pm25(3.0));

    List<SiteFeatures> out = emitted();
    assertThat(out).extracting(SiteFeatures::siteId).containsExactly("site-a", "site-b", "site-a");
    assertThat(out.get(2).values(FeatureChannel.PM2_5).subList(46, 48)).containsExactly(1.0, 3.0);
    assertThat(context.forwarded()).isEmpty();
  }

  @Test
  void shouldKeyEachWindowBySite() {
    closePm(0);

    assertThat(context.forwarded())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.record().key()).isEqualTo("site-a");
            });
  }
}
