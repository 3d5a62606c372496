package dev.airtrace.processor;

import static dev.airtrace.processor.History.hour;
import static org.assertj.core.api.Assertions.assertThat;

import dev.airtrace.core.Quantity;
import dev.airtrace.core.aqi.Pollutant;
import dev.airtrace.topics.processor.SiteAqi;
import dev.airtrace.topics.processor.SiteHourly;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SiteAqiProcessorTest {
  private MockProcessorContext<String, SiteAqi> context;
  private KeyValueStore<String, SiteHistory> store;
  private SiteAqiProcessor processor;

  @BeforeEach
  void init() {
    context = new MockProcessorContext<>();
    store =
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore("history"), Serdes.String(), StateSerdes.siteHistory())
            .withLoggingDisabled()
            .build();
    store.init(context.getStateStoreContext(), store);
    context.addStateStore(store);
    processor = new SiteAqiProcessor("history", 0);
    processor.init(context);
  }

  private void closeHour(int h, double pm25) {
    SiteHourly hourly =
        new SiteHourly(
            "site-a",
            hour(h),
            hour(h + 1),
            Map.of(
                Quantity.PM2_5, new SiteHourly.QuantityMean(pm25, 60, 3),
                Quantity.TEMPERATURE, new SiteHourly.QuantityMean(21.0, 60, 3)));
    processor.process(new Record<>("site-a", hourly, hour(h + 1) - 1));
  }

  @Test
  void shouldEmitNothingUntilASubIndexIsComputable() {
    closeHour(0, 20.0);

    assertThat(context.forwarded()).isEmpty();
    assertThat(store.get("site-a").hourStarts()).containsExactly(hour(0));
  }

  @Test
  void shouldEmitTheSiteAqiFromTheStoredHours() {
    closeHour(0, 8.0);
    closeHour(1, 20.0);

    // NowCast c1 = 20, c2 = 8: w* = 0.4 -> 0.5; (20 + 4) / 1.5 = 16.0
    // AQI 49/26.3 * (16.0 - 9.1) + 51 = 63.86 -> 64
    assertThat(context.forwarded()).hasSize(1);
    Record<? extends String, ? extends SiteAqi> out = context.forwarded().get(0).record();
    assertThat(out.key()).isEqualTo("site-a");
    assertThat(out.timestamp()).isEqualTo(hour(2) - 1);
    assertThat(out.value().aqi()).isEqualTo(64);
    assertThat(out.value().nowcast()).containsExactlyEntriesOf(Map.of(Pollutant.PM2_5, 16.0));
  }

  @Test
  void shouldKeepOnlyTheLatest24Hours() {
    for (int h = 0; h <= 30; h++) {
      closeHour(h, 10.0);
    }

    assertThat(store.get("site-a").hourStarts()).hasSize(24).startsWith(hour(7)).endsWith(hour(30));
  }
}
