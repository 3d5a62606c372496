package dev.airtrace.processor;

import dev.airtrace.core.deadletter.DeadLetter;
import dev.airtrace.topics.Topic;
import dev.airtrace.topics.Topics;
import dev.airtrace.topics.processor.SiteHourly;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds the stream processor's topology: readings in; hourly per-site means, per-site AQI,
 * per-sensor quality scores (when {@link ProcessorConfig#qualityScores()}), per-site feature
 * windows (unless {@link ProcessorConfig#features()} is off) and dead letters out. A pure function
 * of its configuration: it creates no clients and starts nothing.
 *
 * <pre>
 * readings-source (airtrace.gateway.readings.v1, bytes)
 *   -> decode-reading -> decoded-{rejected -> undecodable-deadletter-sink | accepted}
 *   -> deduplicate-readings [reading-dedup-device-store-v2]
 *   -> key-by-site -> readings-by-site (repartition)
 *   -> sensor-quality [sensor-quality-hours-store, sensor-quality-clock-store]
 *        -> sensor-quality-sink (airtrace.processor.sensor-quality.v1)        (optional)
 *   -> site-hourly [site-hours-store, site-event-time-store]
 *        -> site-hourly-{beyond-horizon -> late-deadletter-sink | published}
 *   -> to-site-hourly -> site-hourly-sink (airtrace.processor.site-hourly.v1)
 *                     -> site-aqi [site-aqi-history-store] -> site-aqi-sink
 *                     -> site-features [site-features-store] -> site-features-sink   (optional)
 *                     -> hour-to-verifier-event ─┐                                      (optional)
 * forecasts-source (airtrace.serving.forecasts.v1, bytes) -> decode-forecast               │
 *   -> forecasts-{rejected -> undecodable-forecast-deadletter-sink | accepted}           │
 *   -> merge-forecasts-and-hours ◀──────────────────────────────────────────────────────┘
 *   -> verification-by-site (repartition)
 *   -> verify-forecasts [forecast-verification-pending-store, forecast-verification-observed-store,
 *                        forecast-skill-store]
 *   -> verifier-{verification -> forecast-verifications-sink | skill -> forecast-skill-sink}
 * </pre>
 *
 * Every processor, store and internal topic is named (no generated {@code KSTREAM-...} names), so
 * the topology can evolve without orphaning state. Details: {@code docs/stream-processor.md}.
 */
public final class SiteAqiTopology {
  /**
   * Key-value store of the de-duplication: device id -> its whole de-duplication state (counter
   * epoch and the sequence numbers seen, as intervals; {@link DeviceDedupState}). Version 2: the
   * previous version's per-reading window store {@code reading-dedup-store} and per-device {@code
   * reading-dedup-epoch-store} are no longer used (docs/stream-processor.md#de-duplication).
   */
  public static final String DEDUP_DEVICE_STORE = "reading-dedup-device-store-v2";

  /**
   * Key-value store of the running per-site hour buckets: {@code site/<hour>} -> accumulator,
   * revision last published, dirty flag; held until the hour is beyond the late horizon.
   */
  public static final String HOURLY_STORE = "site-hours-store";

  /** Key-value store: site id -> the newest event time seen at the site (its clock). */
  public static final String SITE_CLOCK_STORE = "site-event-time-store";

  /** Key-value store: site id -> recent hourly means of the AQI pollutants. */
  public static final String HISTORY_STORE = "site-aqi-history-store";

  /** Key-value store: site id -> the closed hours the site's feature window can still see. */
  public static final String FEATURES_STORE = "site-features-store";

  /** Per site, hour, device and quantity: the counts and mean the quality scores are made of. */
  public static final String QUALITY_STORE = "sensor-quality-hours-store";

  /** Per site: the newest event time, which closes hours for the quality scores. */
  public static final String QUALITY_CLOCK_STORE = "sensor-quality-clock-store";

  /**
   * Name of the repartition (its topic is {@code <application.id>-readings-by-site-repartition}).
   */
  public static final String REPARTITION = "readings-by-site";

  /**
   * The readings topic consumed as raw bytes, so that an undecodable record becomes a dead letter
   * instead of failing the application.
   */
  static final Topic<String, byte[]> RAW_READINGS =
      Topics.READINGS.withValueSerde(Serdes.ByteArray());

  /** Key-value store of the verifier: {@code site/validTime} -> forecast values for that hour. */
  public static final String VERIFICATION_PENDING_STORE = "forecast-verification-pending-store";

  /** Key-value store of the verifier: {@code site/validTime} -> observed PM2.5 and its revision. */
  public static final String VERIFICATION_OBSERVED_STORE = "forecast-verification-observed-store";

  /**
   * Key-value store of the verifier: {@code site/hours/model} -> the rolling window of verified
   * hours (changelogged, so the correction survives a restart).
   */
  public static final String SKILL_STORE = "forecast-skill-store";

  /** Name of the verifier's repartition of forecasts and closed hours by site. */
  public static final String VERIFICATION_REPARTITION = "verification-by-site";

  /** The forecasts topic consumed as raw bytes, so that a bad record becomes a dead letter. */
  static final Topic<String, byte[]> RAW_FORECASTS =
      Topics.FORECASTS.withValueSerde(Serdes.ByteArray());

  private SiteAqiTopology() {}

  /** How the topology consumes {@code topic}, with a named source node. */
  static <K, V> Consumed<K, V> consumed(Topic<K, V> topic, String sourceName) {
    return Consumed.with(topic.keySerde(), topic.valueSerde()).withName(sourceName);
  }

  /** How the topology produces to {@code topic}, with a named sink node. */
  static <K, V> Produced<K, V> produced(Topic<K, V> topic, String sinkName) {
    return Produced.with(topic.keySerde(), topic.valueSerde()).withName(sinkName);
  }

  /** Builds the topology for {@code cfg}. */
  public static Topology build(ProcessorConfig cfg) {
    StreamsBuilder builder =
        new StreamsBuilder(new TopologyConfig(new StreamsConfig(cfg.toStreamsProperties())));

    // Cached: a device's value changes with each of its readings, and the cache turns those
    // changes into one RocksDB write and one changelog record per device per commit.
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(DEDUP_DEVICE_STORE),
                Serdes.String(),
                StateSerdes.deviceDedupState())
            .withCachingEnabled());
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(HISTORY_STORE),
                Serdes.String(),
                StateSerdes.siteHistory())
            .withCachingEnabled());
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(HOURLY_STORE),
                Serdes.String(),
                StateSerdes.hourBucket())
            .withCachingEnabled());
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(SITE_CLOCK_STORE), Serdes.String(), Serdes.Long())
            .withCachingEnabled());

    Map<String, KStream<String, Routed<SourcedReading>>> decoded =
        builder.stream(RAW_READINGS.name(), consumed(RAW_READINGS, "readings-source"))
            .process(DecodeReadingProcessor::new, Named.as("decode-reading"))
            .split(Named.as("decoded-"))
            .branch((device, r) -> r.rejected(), Branched.as("rejected"))
            .defaultBranch(Branched.as("accepted"));
    toDeadLetters(decoded.get("decoded-rejected"), "undecodable");

    KStream<String, SourcedReading> bySite =
        decoded
            .get("decoded-accepted")
            .mapValues(Routed::value, Named.as("unwrap-decoded"))
            .process(
                () ->
                    new DeduplicateProcessor(
                        DEDUP_DEVICE_STORE, cfg.dedupRetention(), cfg.counterReset()),
                Named.as("deduplicate-readings"),
                DEDUP_DEVICE_STORE)
            .selectKey((device, r) -> r.reading().siteId().value(), Named.as("key-by-site"))
            .repartition(
                Repartitioned.with(Serdes.String(), StateSerdes.sourcedReading())
                    .withName(REPARTITION));

    if (cfg.qualityScores()) {
      addQualityScores(builder, bySite, cfg);
    }

    Map<String, KStream<String, Routed<SiteHourly>>> hourly =
        bySite
            .process(
                () ->
                    new SiteHourlyProcessor(
                        HOURLY_STORE,
                        SITE_CLOCK_STORE,
                        cfg.windowGrace(),
                        cfg.lateHorizon(),
                        cfg.revisionInterval()),
                Named.as("site-hourly"),
                HOURLY_STORE,
                SITE_CLOCK_STORE)
            .split(Named.as("site-hourly-"))
            .branch((site, r) -> r.rejected(), Branched.as("beyond-horizon"))
            .defaultBranch(Branched.as("published"));
    toDeadLetters(hourly.get("site-hourly-beyond-horizon"), "late");

    KStream<String, SiteHourly> closedHours =
        hourly.get("site-hourly-published").mapValues(Routed::value, Named.as("to-site-hourly"));

    closedHours.to(Topics.SITE_HOURLY.name(), produced(Topics.SITE_HOURLY, "site-hourly-sink"));
    closedHours
        .process(
            () -> new SiteAqiProcessor(HISTORY_STORE, cfg.lateHorizonHours()),
            Named.as("site-aqi"),
            HISTORY_STORE)
        .to(Topics.SITE_AQI.name(), produced(Topics.SITE_AQI, "site-aqi-sink"));

    if (cfg.features()) {
      builder.addStateStore(
          Stores.keyValueStoreBuilder(
                  Stores.persistentKeyValueStore(FEATURES_STORE),
                  Serdes.String(),
                  StateSerdes.featureWindow())
              .withCachingEnabled());
      closedHours
          .process(
              () ->
                  new SiteFeaturesProcessor(
                      FEATURES_STORE, cfg.featureWindowHours(), cfg.lateHorizonHours()),
              Named.as("site-features"),
              FEATURES_STORE)
          .to(Topics.SITE_FEATURES.name(), produced(Topics.SITE_FEATURES, "site-features-sink"));
    }

    if (cfg.verification().enabled()) {
      addVerification(builder, closedHours, cfg.verification());
    }

    return builder.build();
  }

  /**
   * Per-sensor quality scores (docs/quality.md) from the de-duplicated readings keyed by site: the
   * QC flags and anomaly marks the gateway wrote, completeness and agreement with the site's other
   * devices, to {@code airtrace.processor.sensor-quality.v1}.
   */
  private static void addQualityScores(
      StreamsBuilder builder, KStream<String, SourcedReading> bySite, ProcessorConfig cfg) {
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(QUALITY_STORE), Serdes.String(), Serdes.String())
            .withCachingEnabled());
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(QUALITY_CLOCK_STORE), Serdes.String(), Serdes.Long())
            .withCachingEnabled());
    bySite
        .process(
            () -> new SensorQualityProcessor(QUALITY_STORE, QUALITY_CLOCK_STORE, cfg.windowGrace()),
            Named.as("sensor-quality"),
            QUALITY_STORE,
            QUALITY_CLOCK_STORE)
        .to(Topics.SENSOR_QUALITY.name(), produced(Topics.SENSOR_QUALITY, "sensor-quality-sink"));
  }

  /**
   * The forecast verifier: forecasts (decoded here; undecodable ones are dead-lettered) and the
   * closed hours are merged and repartitioned together by site, so that a site's forecasts and
   * hours meet in one task whatever the two topics' partition counts, then verified.
   */
  private static void addVerification(
      StreamsBuilder builder, KStream<String, SiteHourly> closedHours, VerificationConfig vc) {
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(VERIFICATION_PENDING_STORE),
            Serdes.String(),
            VerifierState.pending()));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(VERIFICATION_OBSERVED_STORE),
            Serdes.String(),
            VerifierState.observations()));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(SKILL_STORE),
            Serdes.String(),
            VerifierState.skillWindows()));

    Map<String, KStream<String, Routed<VerifierState.Event>>> forecasts =
        builder.stream(RAW_FORECASTS.name(), consumed(RAW_FORECASTS, "forecasts-source"))
            .process(DecodeForecastProcessor::new, Named.as("decode-forecast"))
            .split(Named.as("forecasts-"))
            .branch((site, r) -> r.rejected(), Branched.as("rejected"))
            .defaultBranch(Branched.as("accepted"));
    toDeadLetters(forecasts.get("forecasts-rejected"), "undecodable-forecast");

    Map<String, KStream<String, VerifierState.Output>> out =
        forecasts
            .get("forecasts-accepted")
            .mapValues(Routed::value, Named.as("unwrap-forecast"))
            .merge(
                closedHours.mapValues(VerifierState.Event::of, Named.as("hour-to-verifier-event")),
                Named.as("merge-forecasts-and-hours"))
            .repartition(
                Repartitioned.with(Serdes.String(), VerifierState.events())
                    .withName(VERIFICATION_REPARTITION))
            .process(
                () ->
                    new ForecastVerifierProcessor(
                        VERIFICATION_PENDING_STORE, VERIFICATION_OBSERVED_STORE, SKILL_STORE, vc),
                Named.as("verify-forecasts"),
                VERIFICATION_PENDING_STORE,
                VERIFICATION_OBSERVED_STORE,
                SKILL_STORE)
            .split(Named.as("verifier-"))
            .branch((k, o) -> o.verification() != null, Branched.as("verification"))
            .defaultBranch(Branched.as("skill"));
    out.get("verifier-verification")
        .mapValues(VerifierState.Output::verification, Named.as("to-verification"))
        .to(
            Topics.FORECAST_VERIFICATIONS.name(),
            produced(Topics.FORECAST_VERIFICATIONS, "forecast-verifications-sink"));
    out.get("verifier-skill")
        .mapValues(VerifierState.Output::skill, Named.as("to-skill"))
        .to(Topics.FORECAST_SKILL.name(), produced(Topics.FORECAST_SKILL, "forecast-skill-sink"));
  }

  /** Dead letters are keyed by device id (null when unknown), whatever the stream's key was. */
  private static <T> void toDeadLetters(KStream<String, Routed<T>> rejected, String kind) {
    rejected
        .map(
            (key, r) -> {
              DeadLetter d = r.deadLetter();
              return KeyValue.pair(d.deviceId(), d);
            },
            Named.as(kind + "-to-deadletter"))
        .to(
            Topics.PROCESSOR_DEAD_LETTERS.name(),
            produced(Topics.PROCESSOR_DEAD_LETTERS, kind + "-deadletter-sink"));
  }
}
