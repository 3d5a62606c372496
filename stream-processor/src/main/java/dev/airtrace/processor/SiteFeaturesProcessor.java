package dev.airtrace.processor;

import dev.airtrace.topics.processor.FeatureChannel;
import dev.airtrace.topics.processor.SiteFeatures;
import dev.airtrace.topics.processor.SiteHourly;
import java.util.OptionalLong;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each site's last {@code windowHours} closed hours in a key-value store (key: site id) and,
 * whenever a newer hour closes, emits the site's feature window ending with that hour.
 *
 * <ul>
 *   <li>Hours without any reading are absent from the store and written as explicit nulls.
 *   <li>A newer hour more than {@code windowHours} after the newest held starts the window over.
 *   <li>An hour that closes out of order (not newer than the newest held) is merged into the stored
 *       window, so later windows include it, but emits nothing: the window for its issue time was
 *       already published, and re-publishing would give consumers two windows for one issue time.
 *       An hour already outside the window is ignored and counted in the {@value
 *       #METRIC_OPERATION}-total metric (its hourly mean was published on the site-hourly topic;
 *       only the feature window leaves it out).
 *   <li>A window is emitted only when it holds at least one PM2.5 value: a newest hour without
 *       PM2.5 still emits (the forecaster masks missing inputs), a site without any PM2.5 in the
 *       whole window does not (there is nothing to forecast from).
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
  private ProcessorContext<String, SiteFeatures> context;
  private KeyValueStore<String, FeatureWindow> store;
  private Sensor outsideWindow;

  SiteFeaturesProcessor(String storeName, int windowHours) {
    if (windowHours < 1) {
      throw new IllegalArgumentException("windowHours must be >= 1 but was " + windowHours);
    }
    this.storeName = storeName;
    this.windowHours = windowHours;
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
    boolean newer = newest.isEmpty() || start > newest.getAsLong();
    if (!newer && start <= newest.getAsLong() - windowHours * FeatureWindow.HOUR_MS) {
      outsideWindow.record();
      LOG.debug("site {}: hour {} closed after it left the feature window; ignored", site, start);
      return;
    }
    FeatureWindow after = before.with(start, HourFeatures.of(hour), windowHours);
    store.put(site, after);
    if (!newer) {
      LOG.debug("site {}: hour {} closed out of order; merged, not re-emitted", site, start);
      return;
    }
    if (after.has(FeatureChannel.PM2_5)) {
      context.forward(record.withKey(site).withValue(after.toSiteFeatures(site, windowHours)));
    }
  }
}
