package dev.airtrace.processor;

import dev.airtrace.core.deadletter.DeadLetter;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The topics the stream processor reads and writes. Names, keys and value schemas are contracts
 * documented in {@code docs/topics.md} and {@code docs/schemas/}.
 */
public final class Topics {
  /**
   * Input: readings accepted by the gateways. Key: device id. Value: {@code ReadingJson} bytes,
   * consumed raw so that undecodable records reach the dead-letter topic instead of failing the
   * application.
   */
  public static final Topic<String, byte[]> READINGS =
      new Topic<>("airtrace.gateway.readings.v1", Serdes.String(), Serdes.ByteArray());

  /** Output: hourly per-site means per quantity, one record per site per closed hour. */
  public static final Topic<String, SiteHourly> SITE_HOURLY =
      new Topic<>("airtrace.processor.site-hourly.v1", Serdes.String(), JsonSerdes.siteHourly());

  /** Output: per-site AQI for each closed hour. Key: site id. */
  public static final Topic<String, SiteAqi> SITE_AQI =
      new Topic<>("airtrace.processor.site-aqi.v1", Serdes.String(), JsonSerdes.siteAqi());

  /**
   * Output: per-site hourly feature windows for the forecaster, one record per site and closed hour
   * (while the window holds PM2.5). Key: site id.
   */
  public static final Topic<String, SiteFeatures> SITE_FEATURES =
      new Topic<>(
          "airtrace.processor.site-features.v1", Serdes.String(), JsonSerdes.siteFeatures());

  /**
   * Output: undecodable input records and readings later than the window grace. Key: device id, or
   * null when it is not known.
   */
  public static final Topic<String, DeadLetter> DEAD_LETTERS =
      new Topic<>("airtrace.processor.deadletter.v1", Serdes.String(), JsonSerdes.deadLetter());

  private Topics() {}
}
