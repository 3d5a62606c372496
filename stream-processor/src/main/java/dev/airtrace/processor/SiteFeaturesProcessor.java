package dev.airtrace.processor;

import dev.airtrace.topics.processor.FeatureChannel;
import dev.airtrace.topics.processor.SiteFeatures;
import dev.airtrace.topics.processor.SiteHourly;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each site's closed hours (the feature window plus the late horizon) in a key-value store
 * (key: site id) and publishes, for each closed hour, the feature window of the {@code windowHours}
 * hours ending with it.
 *
 * <ul>
 *   <li>Hours without any reading are absent from the store and written as explicit nulls.
 *   <li><b>Revisions.</b> An hourly record (first publication or revision) changes the windows of
 *       every closed hour from its own to {@code windowHours} − 1 hours after it. Each of those
 *       windows is published again with the next revision (0 for its first). In the live case,
 *       where hours close in order, that is only the new hour's window, with revision 0.
 *   <li>An hour older than the hours kept is ignored and counted in the {@value
 *       #METRIC_OPERATION}-total metric (its hourly mean was published on the site-hourly topic).
 *       The hourly processor's horizon keeps this from happening; the check guards the store.
 *   <li>A window is published only when it holds at least one PM2.5 value: a newest hour without
 *       PM2.5 still publishes (the forecaster masks missing inputs), a window without any PM2.5
 *       does not (there is nothing to forecast from).
 * </ul>
 *
 * <p>Input is keyed by site id and partitioned like the hourly aggregate, so one task owns a site.
 * One instance per task, called from one thread.
 */
final class SiteFeaturesProcessor implements Processor<String, SiteHourly, String, SiteFeatures> {
  static final String METRIC_OPERATION = "feature-hours-outside-window";

  private static final Logger LOG = LoggerFactory.getLogger(SiteFeaturesProcessor.class);

  private final String storeName;
  private final int windowHours;
  private final int keptHours;
  private ProcessorContext<String, SiteFeatures> context;
  private KeyValueStore<String, FeatureWindow> store;
  private Sensor outsideWindow;

  /**
   * Windows of {@code windowHours}, revisable up to {@code horizonHours} behind the newest hour.
   */
  SiteFeaturesProcessor(String storeName, int windowHours, int horizonHours) {
    if (windowHours < 1) {
      throw new IllegalArgumentException("windowHours must be >= 1 but was " + windowHours);
    }
    if (horizonHours < 0) {
      throw new IllegalArgumentException("horizonHours must be >= 0 but was " + horizonHours);
    }
    this.storeName = storeName;
    this.windowHours = windowHours;
    this.keptHours = windowHours + horizonHours;
  }

  @Override
  public void init(ProcessorContext<String, SiteFeatures> context) {
    this.context = context;
    this.store = context.getStateStore(storeName);
    this.outsideWindow =
        context
            .metrics()
            .addRateTotalSensor(
                DeduplicateProcessor.METRIC_SCOPE,
                "site-features",
                METRIC_OPERATION,
                Sensor.RecordingLevel.INFO);
  }

  @Override
  public void process(Record<String, SiteHourly> record) {
    SiteHourly hour = record.value();
    String site = hour.siteId();
    long start = hour.windowStart();
    FeatureWindow before = store.get(site);
    if (before == null) {
      before = FeatureWindow.EMPTY;
    }
    OptionalLong newest = before.newestHour();
    if (newest.isPresent() && start <= newest.getAsLong() - keptHours * FeatureWindow.HOUR_MS) {
      outsideWindow.record();
      LOG.debug("site {}: hour {} closed after it left the kept hours; ignored", site, start);
      return;
    }
    FeatureWindow after = before.with(start, HourFeatures.of(hour), keptHours);
    long lastAffected = start + (windowHours - 1) * FeatureWindow.HOUR_MS;
    for (Map.Entry<Long, Integer> held : after.heldHours(start, lastAffected).entrySet()) {
      long h = held.getKey();
      if (after.has(FeatureChannel.PM2_5, h, windowHours)) {
        int revision = held.getValue() + 1;
        after = after.withPublished(h, revision);
        context.forward(
            record
                .withKey(site)
                .withValue(after.toSiteFeatures(site, windowHours, h).withRevision(revision))
                .withTimestamp(h + FeatureWindow.HOUR_MS - 1));
      }
    }
    store.put(site, after);
  }
}
