package dev.airtrace.processor;

import static dev.airtrace.processor.ReadingBuilder.at;
import static dev.airtrace.processor.ReadingBuilder.reading;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.airtrace.core.Quantity;
import dev.airtrace.core.Reading;
import dev.airtrace.core.deadletter.RejectReason;
import dev.airtrace.topics.processor.SiteHourly;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link SiteHourlyProcessor} on in-memory stores: restarts, expiry, the horizon's edge. */
class SiteHourlyProcessorTest {
  private static final Duration SETTLE = Duration.ofMinutes(10);
  private static final Duration HORIZON = Duration.ofHours(3);
  private static final Duration INTERVAL = Duration.ofSeconds(5);

  private MockProcessorContext<String, Routed<SiteHourly>> context;
  private KeyValueStore<String, HourBucket> buckets;
  private KeyValueStore<String, Long> clocks;
  private SiteHourlyProcessor processor;

  @BeforeEach
  void init() {
    context = new MockProcessorContext<>();
    context.setCurrentSystemTimeMs(0L);
    buckets =
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore("buckets"), Serdes.String(), StateSerdes.hourBucket())
            .withLoggingDisabled()
            .build();
    buckets.init(context.getStateStoreContext(), buckets);
    context.addStateStore(buckets);
    clocks =
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore("clocks"), Serdes.String(), Serdes.Long())
            .withLoggingDisabled()
            .build();
    clocks.init(context.getStateStoreContext(), clocks);
    context.addStateStore(clocks);
    processor = newProcessor();
  }

  private SiteHourlyProcessor newProcessor() {
    SiteHourlyProcessor p = new SiteHourlyProcessor("buckets", "clocks", SETTLE, HORIZON, INTERVAL);
    p.init(context);
    return p;
  }

  private void process(SiteHourlyProcessor p, ReadingBuilder r) {
    Reading reading = r.build();
    p.process(
        new Record<>(
            reading.siteId().value(),
            new SourcedReading(reading, "kafka:t/0/0", r.bytes()),
            reading.eventTime()));
  }

  private void punctuate() {
    List<MockProcessorContext.CapturedPunctuator> ps = context.scheduledPunctuators();
    ps.get(ps.size() - 1).getPunctuator().punctuate(0L);
  }

  private List<Routed<SiteHourly>> forwarded() {
    List<Routed<SiteHourly>> out = new java.util.ArrayList<>();
    for (CapturedForward<? extends String, ? extends Routed<SiteHourly>> f : context.forwarded()) {
      out.add(f.record().value());
    }
    context.resetForwards();
    return out;
  }

  private static long ms(Instant t) {
    return t.toEpochMilli();
  }

  @Test
  void shouldPublishARevisionThatACrashLeftPendingAfterTheRestart() {
    process(processor, reading().device("d1").seq(1).at(at(0, 10)).pm25(10.0));
    process(processor, reading().device("d1").seq(2).at(at(1, 10)).pm25(0.0)); // closes hour 0
    process(processor, reading().device("d2").seq(1).at(at(0, 20)).pm25(30.0)); // late
    assertThat(forwarded()).extracting(r -> r.value().revision()).containsExactly(0);

    // crash before the punctuation: a new instance on the same (restored) stores
    SiteHourlyProcessor restarted = newProcessor();
    punctuate();

    List<Routed<SiteHourly>> out = forwarded();
    assertThat(out).hasSize(1);
    SiteHourly h = out.get(0).value();
    // (10 + 30) / 2 = 20.0, revision 1
    assertThat(h.windowStart()).isEqualTo(ms(at(0, 0)));
    assertThat(h.revision()).isEqualTo(1);
    assertThat(h.quantities().get(Quantity.PM2_5).mean()).isEqualTo(20.0);
    punctuate();
    assertThat(forwarded()).as("published once").isEmpty();
    restarted.close();
  }

  @Test
  void shouldAcceptAReadingExactlyAtTheHorizonAndDeadLetterOneMillisecondBeyond() {
    process(processor, reading().device("d1").seq(1).at(at(3, 30)).pm25(10.0));
    forwarded();
    // 00:30 is exactly 3 h behind 03:30: accepted (its hour is closed, so it waits as a revision)
    process(processor, reading().device("d2").seq(1).at(at(0, 30)).pm25(20.0));
    assertThat(forwarded()).isEmpty();
    process(
        processor,
        reading().device("d2").seq(2).at(at(0, 30).minusMillis(1)).pm25(20.0)); // 1 ms beyond

    List<Routed<SiteHourly>> out = forwarded();
    assertThat(out).hasSize(1);
    assertThat(out.get(0).rejected()).isTrue();
    assertThat(out.get(0).deadLetter().reason()).isEqualTo(RejectReason.LATE_BEYOND_GRACE);
    punctuate();
    assertThat(forwarded())
        .extracting(r -> r.value().windowStart(), r -> r.value().revision())
        .containsExactly(tuple(ms(at(0, 0)), 0));
  }

  @Test
  void shouldDropBucketsOnceTheirHourIsBeyondTheHorizon() {
    process(processor, reading().device("d1").seq(1).at(at(0, 30)).pm25(10.0));
    process(processor, reading().device("d1").seq(2).at(at(1, 30)).pm25(10.0));
    assertThat(buckets.approximateNumEntries()).isEqualTo(2);
    // 04:00 - 3 h = 01:00: hour 0 can receive nothing more
    process(processor, reading().device("d1").seq(3).at(at(4, 0)).pm25(10.0));

    assertThat(buckets.get(SiteHourlyProcessor.key("site-a", ms(at(0, 0))))).isNull();
    assertThat(buckets.get(SiteHourlyProcessor.key("site-a", ms(at(1, 0))))).isNotNull();
    assertThat(clocks.get("site-a")).isEqualTo(ms(at(4, 0)));
  }

  @Test
  void shouldOrderBucketKeysByHourWithinASiteAndNeverInterleaveSites() {
    long h = 3_600_000L;
    assertThat(SiteHourlyProcessor.key("s", -h)).isLessThan(SiteHourlyProcessor.key("s", 0));
    assertThat(SiteHourlyProcessor.key("s", 9 * h))
        .isLessThan(SiteHourlyProcessor.key("s", 10 * h));
    assertThat(SiteHourlyProcessor.hourOf(SiteHourlyProcessor.key("s-1", -h))).isEqualTo(-h);
    assertThat(SiteHourlyProcessor.siteOf(SiteHourlyProcessor.key("s-1", h))).isEqualTo("s-1");
    // "s-b" sorts before every key of "s", "sb" after
    assertThat(SiteHourlyProcessor.key("s-b", Long.MAX_VALUE))
        .isLessThan(SiteHourlyProcessor.key("s", Long.MIN_VALUE));
    assertThat(SiteHourlyProcessor.key("sb", Long.MIN_VALUE))
        .isGreaterThan(SiteHourlyProcessor.key("s", Long.MAX_VALUE));
  }

  @Test
  void shouldKeepTheStoredKeyFormatOfSixteenZeroPaddedHexDigitsWithTheSignBitFlipped() {
    // keys already in state stores must still be found: the layout String.format("%016x") gave
    assertThat(SiteHourlyProcessor.key("s", 0)).isEqualTo("s/8000000000000000");
    assertThat(SiteHourlyProcessor.key("s", 3_600_000L)).isEqualTo("s/800000000036ee80");
    assertThat(SiteHourlyProcessor.key("s", -3_600_000L)).isEqualTo("s/7fffffffffc91180");
    assertThat(SiteHourlyProcessor.key("s", Long.MIN_VALUE)).isEqualTo("s/0000000000000000");
    assertThat(SiteHourlyProcessor.key("s", Long.MAX_VALUE)).isEqualTo("s/ffffffffffffffff");
  }
}
