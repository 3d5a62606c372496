package dev.airtrace.topics;

import static dev.airtrace.topics.CreationPolicy.LONG_RETENTION;
import static dev.airtrace.topics.CreationPolicy.STREAM_RETENTION;

import dev.airtrace.core.deadletter.DeadLetter;
import dev.airtrace.core.integrity.BatchHeader;
import dev.airtrace.topics.deadletter.DeadLetterJson;
import dev.airtrace.topics.gateway.AcceptedReading;
import dev.airtrace.topics.gateway.AggregateJson;
import dev.airtrace.topics.gateway.AnomalyEvent;
import dev.airtrace.topics.gateway.AnomalyEventJson;
import dev.airtrace.topics.gateway.BatchHeaderJson;
import dev.airtrace.topics.gateway.DeviceAggregate;
import dev.airtrace.topics.gateway.ReadingJson;
import dev.airtrace.topics.processor.ForecastSkill;
import dev.airtrace.topics.processor.ForecastVerification;
import dev.airtrace.topics.processor.SensorQuality;
import dev.airtrace.topics.processor.SensorQualityJson;
import dev.airtrace.topics.processor.SiteAqi;
import dev.airtrace.topics.processor.SiteFeatures;
import dev.airtrace.topics.processor.SiteFeaturesJson;
import dev.airtrace.topics.processor.SiteHourly;
import dev.airtrace.topics.processor.SiteOutputJson;
import dev.airtrace.topics.processor.VerificationJson;
import dev.airtrace.topics.serving.Forecast;
import dev.airtrace.topics.serving.ForecastJson;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Every Kafka topic of airtrace: one constant per topic, and {@link #all()}. Names, owners, keys
 * and schemas are the contracts of {@code docs/topics.md} (whose topic table is checked against
 * this class); nothing outside this module spells a topic name.
 *
 * <p>Keys are strings: the device id for per-device topics, the site id for per-site topics (so a
 * downstream {@code groupByKey} needs no repartition), {@code <gatewayId>:<seq>} for batch headers.
 * Values are UTF-8 JSON.
 */
public final class Topics {
  /** The module names used as owners. */
  public static final String EDGE_GATEWAY = "edge-gateway";

  /** Owner: the Kafka Streams processor. */
  public static final String STREAM_PROCESSOR = "stream-processor";

  /** Owner: the model-serving tier. */
  public static final String MODEL_SERVING = "model-serving";

  /** Owner: the anchoring service. */
  public static final String ANCHORING = "anchoring";

  /**
   * The topic names as compile-time constants, for the few places Java needs a constant expression
   * (annotation values such as picocli defaults, {@code switch} labels). Everything else takes the
   * name from the {@link Topic} constant.
   */
  public static final class Names {
    /** {@link Topics#READINGS}. */
    public static final String READINGS = "airtrace.gateway.readings.v1";

    /** {@link Topics#AGGREGATES_1M}. */
    public static final String AGGREGATES_1M = "airtrace.gateway.aggregates-1m.v1";

    /** {@link Topics#GATEWAY_DEAD_LETTERS}. */
    public static final String GATEWAY_DEAD_LETTERS = "airtrace.gateway.deadletter.v1";

    /** {@link Topics#BATCH_HEADERS}. */
    public static final String BATCH_HEADERS = "airtrace.gateway.batch-headers.v1";

    /** {@link Topics#ANOMALIES}. */
    public static final String ANOMALIES = "airtrace.gateway.anomalies.v1";

    /** {@link Topics#SITE_HOURLY}. */
    public static final String SITE_HOURLY = "airtrace.processor.site-hourly.v1";

    /** {@link Topics#SITE_AQI}. */
    public static final String SITE_AQI = "airtrace.processor.site-aqi.v1";

    /** {@link Topics#SITE_FEATURES}. */
    public static final String SITE_FEATURES = "airtrace.processor.site-features.v1";

    /** {@link Topics#SENSOR_QUALITY}. */
    public static final String SENSOR_QUALITY = "airtrace.processor.sensor-quality.v1";

    /** {@link Topics#PROCESSOR_DEAD_LETTERS}. */
    public static final String PROCESSOR_DEAD_LETTERS = "airtrace.processor.deadletter.v1";

    /** {@link Topics#FORECASTS}. */
    public static final String FORECASTS = "airtrace.serving.forecasts.v1";

    /** {@link Topics#SERVING_DEAD_LETTERS}. */
    public static final String SERVING_DEAD_LETTERS = "airtrace.serving.deadletter.v1";

    /** {@link Topics#FORECAST_VERIFICATIONS}. */
    public static final String FORECAST_VERIFICATIONS =
        "airtrace.processor.forecast-verifications.v1";

    /** {@link Topics#FORECAST_SKILL}. */
    public static final String FORECAST_SKILL = "airtrace.processor.forecast-skill.v1";

    /** {@link Topics#ANCHORING_DEAD_LETTERS}. */
    public static final String ANCHORING_DEAD_LETTERS = "airtrace.anchoring.deadletter.v1";

    /** {@link Topics#EPOCHS}. */
    public static final String EPOCHS = "airtrace.anchoring.epochs.v1";

    private Names() {}
  }

  private static final String DEVICE_ID = "deviceId";
  private static final String SITE_ID = "siteId";

  /**
   * Every reading a gateway accepted, units normalised, with its batch place and anomaly marks.
   * Key: device id. Kept a week: the processor re-reads it after losing its state.
   */
  public static final Topic<String, AcceptedReading> READINGS =
      new Topic<>(
          Names.READINGS,
          Serdes.String(),
          serde("reading", ReadingJson::encode, ReadingJson::decodeAccepted),
          EDGE_GATEWAY,
          DEVICE_ID,
          "schemas/reading.v1.schema.json",
          CreationPolicy.log(STREAM_RETENTION));

  /** One-minute per-device aggregates. Key: device id. Kept a week, like the readings. */
  public static final Topic<String, DeviceAggregate> AGGREGATES_1M =
      new Topic<>(
          Names.AGGREGATES_1M,
          Serdes.String(),
          serde("aggregate", AggregateJson::encode, AggregateJson::decode),
          EDGE_GATEWAY,
          DEVICE_ID,
          "schemas/aggregate-1m.v1.schema.json",
          CreationPolicy.log(STREAM_RETENTION));

  /**
   * Rejected MQTT input: reason, detail, source, original bytes. Key: device id, or null when no
   * valid device is known. Kept 30 days for inspection and replay.
   */
  public static final Topic<String, DeadLetter> GATEWAY_DEAD_LETTERS =
      deadLetters(Names.GATEWAY_DEAD_LETTERS, EDGE_GATEWAY, DEVICE_ID);

  /**
   * Signed Merkle batch headers, one per sealed gateway batch; read by the anchoring service. Key:
   * {@code <gatewayId>:<seq>}. Kept 30 days, so anchoring can be down for a while without gaps.
   */
  public static final Topic<String, BatchHeader> BATCH_HEADERS =
      new Topic<>(
          Names.BATCH_HEADERS,
          Serdes.String(),
          serde("batch-header", BatchHeaderJson::encode, BatchHeaderJson::decode),
          EDGE_GATEWAY,
          "gatewayId:seq",
          "schemas/batch-header.v1.schema.json",
          CreationPolicy.log(LONG_RETENTION));

  /** One event per anomalous value the gateway's detector found. Key: device id. 30 days. */
  public static final Topic<String, AnomalyEvent> ANOMALIES =
      new Topic<>(
          Names.ANOMALIES,
          Serdes.String(),
          serde("anomaly-event", AnomalyEventJson::encode, AnomalyEventJson::decode),
          EDGE_GATEWAY,
          DEVICE_ID,
          "schemas/anomaly-event.v1.schema.json",
          CreationPolicy.log(LONG_RETENTION));

  /** Hourly per-site means per quantity, one record per site per closed hour. Key: site id. */
  public static final Topic<String, SiteHourly> SITE_HOURLY =
      new Topic<>(
          Names.SITE_HOURLY,
          Serdes.String(),
          serde("site-hourly", SiteOutputJson::encodeSiteHourly, SiteOutputJson::decodeSiteHourly),
          STREAM_PROCESSOR,
          SITE_ID,
          "schemas/site-hourly.v1.schema.json",
          CreationPolicy.log(LONG_RETENTION));

  /** Per-site EPA AQI for each closed hour. Key: site id. */
  public static final Topic<String, SiteAqi> SITE_AQI =
      new Topic<>(
          Names.SITE_AQI,
          Serdes.String(),
          serde("site-aqi", SiteOutputJson::encodeSiteAqi, SiteOutputJson::decodeSiteAqi),
          STREAM_PROCESSOR,
          SITE_ID,
          "schemas/site-aqi.v1.schema.json",
          CreationPolicy.log(LONG_RETENTION));

  /**
   * Per-site hourly feature windows for the forecaster, one record per site and closed hour (while
   * the window holds PM2.5). Key: site id. Kept a week: each record repeats the last 48 hours.
   */
  public static final Topic<String, SiteFeatures> SITE_FEATURES =
      new Topic<>(
          Names.SITE_FEATURES,
          Serdes.String(),
          serde("site-features", SiteFeaturesJson::encode, SiteFeaturesJson::decode),
          STREAM_PROCESSOR,
          SITE_ID,
          "schemas/site-features.v1.schema.json",
          CreationPolicy.log(STREAM_RETENTION));

  /**
   * Per-sensor data-quality scores: one record per device and quantity per closed hour of its site,
   * over the 24 hours ending there (docs/quality.md). Key: device id.
   */
  public static final Topic<String, SensorQuality> SENSOR_QUALITY =
      new Topic<>(
          Names.SENSOR_QUALITY,
          Serdes.String(),
          serde("sensor-quality", SensorQualityJson::encode, SensorQualityJson::decode),
          STREAM_PROCESSOR,
          DEVICE_ID,
          "schemas/sensor-quality.v1.schema.json",
          CreationPolicy.log(LONG_RETENTION));

  /**
   * Undecodable input records and readings beyond the late horizon. Key: device id, or null when it
   * is not known.
   */
  public static final Topic<String, DeadLetter> PROCESSOR_DEAD_LETTERS =
      deadLetters(Names.PROCESSOR_DEAD_LETTERS, STREAM_PROCESSOR, DEVICE_ID);

  /** PM2.5 forecasts per site feature window. Key: site id. */
  public static final Topic<String, Forecast> FORECASTS =
      new Topic<>(
          Names.FORECASTS,
          Serdes.String(),
          serde("forecast", ForecastJson::encode, ForecastJson::decode),
          MODEL_SERVING,
          SITE_ID,
          "schemas/forecast.v1.schema.json",
          CreationPolicy.log(LONG_RETENTION));

  /** Feature records the forecaster cannot use. Key: site id when known. */
  public static final Topic<String, DeadLetter> SERVING_DEAD_LETTERS =
      deadLetters(Names.SERVING_DEAD_LETTERS, MODEL_SERVING, SITE_ID);

  /**
   * Every forecast value checked against the hourly mean of the hour it was for, once per
   * observation revision (written by the stream processor's forecast verifier). Key: site id.
   */
  public static final Topic<String, ForecastVerification> FORECAST_VERIFICATIONS =
      new Topic<>(
          Names.FORECAST_VERIFICATIONS,
          Serdes.String(),
          serde(
              "forecast-verification",
              VerificationJson::encodeVerification,
              VerificationJson::decodeVerification),
          STREAM_PROCESSOR,
          SITE_ID,
          "schemas/forecast-verification.v1.schema.json",
          CreationPolicy.log(LONG_RETENTION));

  /**
   * Rolling skill per site, horizon and model, with the online correction and the source serving
   * uses next; a table (compacted, latest per key) that model-serving reads in full. Key: {@code
   * siteId/hours/model}.
   */
  public static final Topic<String, ForecastSkill> FORECAST_SKILL =
      new Topic<>(
          Names.FORECAST_SKILL,
          Serdes.String(),
          serde("forecast-skill", VerificationJson::encodeSkill, VerificationJson::decodeSkill),
          STREAM_PROCESSOR,
          "siteId/hours/model",
          "schemas/forecast-skill.v1.schema.json",
          CreationPolicy.compacted());

  /**
   * Batch headers the anchoring service could not take: bytes that do not decode, and headers that
   * conflict with one already taken (same {@code gatewayId:seq}, other content). Key: {@code
   * gatewayId:seq} (the header record's key), or null when the record had none.
   */
  public static final Topic<String, DeadLetter> ANCHORING_DEAD_LETTERS =
      deadLetters(Names.ANCHORING_DEAD_LETTERS, ANCHORING, "gatewayId:seq");

  /**
   * The anchoring service's own state: one record per epoch, the latest state per epoch wins. Key:
   * the epoch sequence number. One partition (single writer, read back in order on restart),
   * compacted. The value type and its codec live with the service's state machine ({@code
   * dev.airtrace.anchoring.state.EpochRecordJson}, used by {@code KafkaEpochStore} on these raw
   * bytes); it is a state topic, so it has no analytics schema.
   */
  public static final Topic<String, byte[]> EPOCHS =
      new Topic<>(
          Names.EPOCHS,
          Serdes.String(),
          Serdes.ByteArray(),
          ANCHORING,
          "epoch seq",
          null,
          CreationPolicy.compactedSinglePartition());

  private static final List<Topic<?, ?>> ALL =
      List.of(
          READINGS,
          AGGREGATES_1M,
          GATEWAY_DEAD_LETTERS,
          BATCH_HEADERS,
          ANOMALIES,
          SITE_HOURLY,
          SITE_AQI,
          SITE_FEATURES,
          SENSOR_QUALITY,
          PROCESSOR_DEAD_LETTERS,
          FORECASTS,
          SERVING_DEAD_LETTERS,
          FORECAST_VERIFICATIONS,
          FORECAST_SKILL,
          ANCHORING_DEAD_LETTERS,
          EPOCHS);

  private Topics() {}

  /** Every topic, in the order of the topic table. */
  public static List<Topic<?, ?>> all() {
    return ALL;
  }

  /** The topics {@code owner} writes, in catalogue order. */
  public static List<Topic<?, ?>> ownedBy(String owner) {
    return ALL.stream().filter(t -> t.owner().equals(owner)).toList();
  }

  private static Topic<String, DeadLetter> deadLetters(String name, String owner, String key) {
    return new Topic<>(
        name,
        Serdes.String(),
        serde("dead-letter", DeadLetterJson::encode, DeadLetterJson::decode),
        owner,
        key,
        "schemas/dead-letter.v1.schema.json",
        CreationPolicy.log(LONG_RETENTION));
  }

  private static <T> Serde<T> serde(
      String what,
      java.util.function.Function<T, byte[]> encode,
      java.util.function.Function<byte[], T> decode) {
    return JsonSerdes.of(what, encode, decode);
  }
}
