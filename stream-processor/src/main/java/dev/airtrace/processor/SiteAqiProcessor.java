package dev.airtrace.processor;

import dev.airtrace.core.aqi.Pollutant;
import dev.airtrace.topics.processor.SiteAqi;
import dev.airtrace.topics.processor.SiteHourly;
import java.util.EnumMap;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps each site's recent hourly means in a key-value store (key: site id) and, for every closed
 * hour, emits the site's AQI computed by {@link SiteAqiCalculator}. Hours without data stay absent
 * from the history: they are missing hours, not zeros. An hour for which no sub-index can be
 * computed emits nothing.
 *
 * <p>Input is keyed by site id and partitioned like the hourly aggregate, so one task owns a site.
 * One instance per task, called from one thread.
 */
final class SiteAqiProcessor implements Processor<String, SiteHourly, String, SiteAqi> {
  private final String storeName;
  private ProcessorContext<String, SiteAqi> context;
  private KeyValueStore<String, SiteHistory> store;

  SiteAqiProcessor(String storeName) {
    this.storeName = storeName;
  }

  @Override
  public void init(ProcessorContext<String, SiteAqi> context) {
    this.context = context;
    this.store = context.getStateStore(storeName);
  }

  @Override
  public void process(Record<String, SiteHourly> record) {
    SiteHourly hour = record.value();
    String site = hour.siteId();
    SiteHistory before = store.get(site);
    SiteHistory history =
        (before == null ? SiteHistory.EMPTY : before)
            .with(hour.windowStart(), pollutantMeans(hour));
    store.put(site, history);
    SiteAqiCalculator.compute(site, hour.windowStart(), history)
        .ifPresent(aqi -> context.forward(record.withKey(site).withValue(aqi)));
  }

  private static Map<Pollutant, Double> pollutantMeans(SiteHourly hour) {
    Map<Pollutant, Double> means = new EnumMap<>(Pollutant.class);
    hour.quantities().forEach((q, m) -> Pollutant.of(q).ifPresent(p -> means.put(p, m.mean())));
    return means;
  }
}
