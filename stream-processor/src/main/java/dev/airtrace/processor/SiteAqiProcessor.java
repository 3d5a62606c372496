package dev.airtrace.processor;

import dev.airtrace.core.aqi.Pollutant;
import dev.airtrace.topics.processor.SiteAqi;
import dev.airtrace.topics.processor.SiteHourly;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
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
 * <p><b>Revisions.</b> An hourly record (a first publication or a revision) changes the AQI of its
 * own hour and of the closed hours up to {@value SiteHistory#HOURS_KEPT} − 1 hours after it
 * (NowCast 12 h, 8-hour averages, 24-hour PM means). Each of those already closed hours gets its
 * AQI again with the next revision (0 for its first): in the live case, where hours close in order,
 * that is only the new hour, with revision 0. The history keeps the late horizon plus 24 hours, so
 * an hour revised at the horizon still finds its look-back.
 *
 * <p>Input is keyed by site id and partitioned like the hourly aggregate, so one task owns a site.
 * One instance per task, called from one thread.
 */
final class SiteAqiProcessor implements Processor<String, SiteHourly, String, SiteAqi> {
  private final String storeName;
  private final int keptHours;
  private ProcessorContext<String, SiteAqi> context;
  private KeyValueStore<String, SiteHistory> store;

  /** A processor for revisions up to {@code horizonHours} behind a site's newest hour. */
  SiteAqiProcessor(String storeName, int horizonHours) {
    this.storeName = storeName;
    this.keptHours = horizonHours + SiteHistory.HOURS_KEPT;
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
    long start = hour.windowStart();
    SiteHistory before = store.get(site);
    SiteHistory history =
        (before == null ? SiteHistory.EMPTY : before).with(start, pollutantMeans(hour), keptHours);
    long lastAffected = start + (SiteHistory.HOURS_KEPT - 1) * SiteHistory.HOUR_MS;
    for (Map.Entry<Long, Integer> closed : history.closedHours(start, lastAffected).entrySet()) {
      long h = closed.getKey();
      Optional<SiteAqi> aqi = SiteAqiCalculator.compute(site, h, history);
      if (aqi.isPresent()) {
        int revision = closed.getValue() + 1;
        history = history.withPublished(h, revision);
        context.forward(
            record
                .withKey(site)
                .withValue(aqi.get().withRevision(revision))
                .withTimestamp(h + SiteHistory.HOUR_MS - 1));
      }
    }
    store.put(site, history);
  }

  private static Map<Pollutant, Double> pollutantMeans(SiteHourly hour) {
    Map<Pollutant, Double> means = new EnumMap<>(Pollutant.class);
    hour.quantities().forEach((q, m) -> Pollutant.of(q).ifPresent(p -> means.put(p, m.mean())));
    return means;
  }
}
