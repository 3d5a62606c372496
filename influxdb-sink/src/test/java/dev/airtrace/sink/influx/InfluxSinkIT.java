package dev.airtrace.sink.influx;

import static dev.airtrace.sink.influx.SampleRecords.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airtrace.localstack.InfluxService;
import dev.airtrace.localstack.KafkaService;
import dev.airtrace.localstack.Services;
import dev.airtrace.sink.influx.standalone.StandaloneSinkWorker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The connector on a real standalone worker, reading a real broker, writing a real influxd. */
// 120 s: the first test pays the cold start of a Connect worker (plugin scan), which took over a
// minute on the shared 2-core machine at load average 40; the waits inside stay AT_MOST
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class InfluxSinkIT {
  private static final Duration AT_MOST = Duration.ofSeconds(30);

  private static KafkaService kafka;
  private static InfluxService influx;

  @TempDir Path stateDir;

  @BeforeAll
  static void services() {
    kafka = Services.kafka();
    influx = Services.influx();
    kafka.createTopics(1, InfluxSinkConfig.AIRTRACE_TOPICS.toArray(String[]::new));
  }

  @Test
  void shouldWriteThePresetTopicsWithExactValues() throws Exception {
    String db = "preset_" + System.nanoTime();
    String device = "d-" + System.nanoTime();
    ProducerRecord<String, String> aggregate =
        new ProducerRecord<>(
            InfluxSinkConfig.TOPIC_DEVICE_1M,
            device,
            SampleRecords.withQuantity(
                    SampleRecords.aggregate(device, T0), "no2", "ppb", 6, 10.0, 14.0, 12.5, 13.0)
                .toString());
    ProducerRecord<String, String> hourly =
        new ProducerRecord<>(
            InfluxSinkConfig.TOPIC_SITE_HOURLY,
            "s1",
            SampleRecords.siteHourly("s1", T0, "pm2_5", 12.34).toString());
    ProducerRecord<String, String> aqi =
        new ProducerRecord<>(
            InfluxSinkConfig.TOPIC_SITE_AQI, "s1", SampleRecords.siteAqi("s1", T0, 66).toString());
    ProducerRecord<String, String> reading =
        new ProducerRecord<>(
            InfluxSinkConfig.TOPIC_READINGS, device, SampleRecords.reading(device, T0, 35.0));
    produce(List.of(aggregate, hourly, aqi, reading));

    StandaloneSinkWorker.Options options =
        StandaloneSinkWorker.Options.builder(kafka.bootstrapServers(), stateDir, influx.url(), db)
            .offsetCommitInterval(Duration.ofSeconds(1))
            .build();
    try (StandaloneSinkWorker worker = StandaloneSinkWorker.start(options)) {
      assertThat(worker.status().isRunning()).isTrue();

      await()
          .atMost(AT_MOST)
          .until(() -> !InfluxRows.query(influx, db, "SELECT * FROM site_aqi").isEmpty());
      await()
          .atMost(AT_MOST)
          .until(
              () ->
                  InfluxRows.query(
                              influx, db, "SELECT * FROM reading WHERE deviceId='" + device + "'")
                          .size()
                      == 2);
      await()
          .atMost(AT_MOST)
          .until(
              () ->
                  InfluxRows.query(
                              influx, db, "SELECT * FROM device_1m WHERE deviceId='" + device + "'")
                          .size()
                      == 2);
    }

    assertThat(
            InfluxRows.query(
                influx,
                db,
                "SELECT \"count\", \"min\", \"max\", \"mean\", \"last\", siteId, gatewayId, unit"
                    + " FROM device_1m WHERE deviceId='"
                    + device
                    + "' AND quantity='no2'"))
        .containsExactly(
            Map.of(
                "time", "2025-11-25T08:00:00Z",
                "count", 6.0,
                "min", 10.0,
                "max", 14.0,
                "mean", 12.5,
                "last", 13.0,
                "siteId", "s1",
                "gatewayId", "gw1",
                "unit", "ppb"));
    assertThat(
            InfluxRows.query(
                influx,
                db,
                "SELECT mean, \"count\", devices FROM site_hourly"
                    + " WHERE siteId='s1' AND quantity='pm2_5' AND unit='ug/m3'"))
        .containsExactly(
            Map.of("time", "2025-11-25T08:00:00Z", "mean", 12.34, "count", 60.0, "devices", 5.0));
    assertThat(
            InfluxRows.query(
                influx,
                db,
                "SELECT aqi, subIndices_pm2_5_aqi, subIndices_pm2_5_concentration,"
                    + " nowcast_pm2_5, pm24h_pm10 FROM site_aqi"
                    + " WHERE siteId='s1' AND dominant='pm2_5' AND category='Moderate'"))
        .containsExactly(
            Map.of(
                "time", "2025-11-25T08:00:00Z",
                "aqi", 66.0,
                "subIndices_pm2_5_aqi", 66.0,
                "subIndices_pm2_5_concentration", 17.4,
                "nowcast_pm2_5", 17.4,
                "pm24h_pm10", 28.0));
    // the reading's QC flags: integer fields on its per-quantity points, selectable by flag
    assertThat(
            InfluxRows.query(
                influx,
                db,
                "SELECT value, qc_flag, qc_tests_flat_line, qc_previousSpike, anomalies_likelihood,"
                    + " quantity FROM reading WHERE deviceId='"
                    + device
                    + "' AND qc_flag >= 3"))
        .containsExactly(
            Map.of(
                "time", "2025-11-25T08:00:00Z",
                "value", 35.0,
                "qc_flag", 4.0,
                "qc_tests_flat_line", 4.0,
                "qc_previousSpike", 3.0,
                "anomalies_likelihood", 0.999,
                "quantity", "pm2_5"));
    assertThat(InfluxRows.query(influx, db, "SHOW FIELD KEYS FROM reading"))
        .contains(
            Map.of("fieldKey", "qc_flag", "fieldType", "integer"),
            Map.of("fieldKey", "qc_tests_flat_line", "fieldType", "integer"),
            Map.of("fieldKey", "value", "fieldType", "float"));
  }

  @Test
  void shouldOverwriteTheSamePointsWhenTheProcessorPublishesARevision() throws Exception {
    String db = "revision_" + System.nanoTime();
    String site = "rev-" + System.nanoTime();
    ObjectNode first = SampleRecords.siteHourly(site, T0, "pm2_5", 12.34).put("revision", 0);
    ObjectNode firstAqi = SampleRecords.siteAqi(site, T0, 66).put("revision", 0);
    produce(
        List.of(
            new ProducerRecord<>(InfluxSinkConfig.TOPIC_SITE_HOURLY, site, first.toString()),
            new ProducerRecord<>(InfluxSinkConfig.TOPIC_SITE_AQI, site, firstAqi.toString())));
    String hourlyQuery =
        "SELECT mean, \"count\", revision FROM site_hourly WHERE siteId='" + site + "'";
    String aqiQuery = "SELECT aqi, revision FROM site_aqi WHERE siteId='" + site + "'";

    StandaloneSinkWorker.Options options =
        StandaloneSinkWorker.Options.builder(kafka.bootstrapServers(), stateDir, influx.url(), db)
            .offsetCommitInterval(Duration.ofSeconds(1))
            .build();
    try (StandaloneSinkWorker worker = StandaloneSinkWorker.start(options)) {
      await()
          .atMost(AT_MOST)
          .until(
              () ->
                  InfluxRows.query(influx, db, hourlyQuery).size() == 1
                      && InfluxRows.query(influx, db, aqiQuery).size() == 1);
      assertThat(InfluxRows.query(influx, db, hourlyQuery))
          .containsExactly(
              Map.of(
                  "time", "2025-11-25T08:00:00Z", "mean", 12.34, "count", 60.0, "revision", 0.0));

      // a late reading changed the hour: the processor publishes revision 1 of the same hour
      ObjectNode revised = SampleRecords.siteHourly(site, T0, "pm2_5", 20.5).put("revision", 1);
      ((ObjectNode) revised.get("quantities").get("pm2_5")).put("count", 61);
      ObjectNode revisedAqi = SampleRecords.siteAqi(site, T0, 70).put("revision", 1);
      produce(
          List.of(
              new ProducerRecord<>(InfluxSinkConfig.TOPIC_SITE_HOURLY, site, revised.toString()),
              new ProducerRecord<>(InfluxSinkConfig.TOPIC_SITE_AQI, site, revisedAqi.toString())));
      await()
          .atMost(AT_MOST)
          .until(
              () ->
                  InfluxRows.query(influx, db, hourlyQuery).get(0).get("revision").equals(1.0)
                      && InfluxRows.query(influx, db, aqiQuery).get(0).get("revision").equals(1.0));
    }

    assertThat(InfluxRows.query(influx, db, hourlyQuery))
        .as("one point, the revision's values")
        .containsExactly(
            Map.of("time", "2025-11-25T08:00:00Z", "mean", 20.5, "count", 61.0, "revision", 1.0));
    assertThat(InfluxRows.query(influx, db, aqiQuery))
        .as("same tags (dominant, category): one point")
        .containsExactly(Map.of("time", "2025-11-25T08:00:00Z", "aqi", 70.0, "revision", 1.0));
  }

  @Test
  void shouldRouteUnconvertibleRecordsToTheDeadLetterQueueAndWriteTheRest() throws Exception {
    String topic = "sink.it.dlq." + System.nanoTime();
    String dlq = topic + ".dlq";
    String db = "dlq_" + System.nanoTime();
    kafka.createTopics(1, topic);
    produce(
        List.of(
            new ProducerRecord<>(topic, "a", "{\"site\":\"a\",\"ts\":1000,\"v\":1.5}"),
            new ProducerRecord<>(topic, "b", "this is not json"),
            new ProducerRecord<>(topic, "c", "{\"site\":\"c\",\"v\":2.5}"),
            new ProducerRecord<>(topic, "d", "{\"site\":\"d\",\"ts\":2000,\"v\":3.5}")));
    StandaloneSinkWorker.Options options =
        new StandaloneSinkWorker.Options(
                kafka.bootstrapServers(),
                stateDir,
                "dlq-" + System.nanoTime(),
                Map.of(
                    "connector.class",
                    InfluxSinkConnector.class.getName(),
                    "topics",
                    topic,
                    InfluxSinkConfig.URL,
                    influx.url(),
                    InfluxSinkConfig.DATABASE,
                    db,
                    InfluxSinkConfig.MAPPING_PRESET,
                    InfluxSinkConfig.PRESET_NONE,
                    InfluxSinkConfig.MAPPINGS,
                    "generic",
                    "influx.mapping.generic.topic",
                    topic,
                    "influx.mapping.generic.measurement",
                    "generic",
                    "influx.mapping.generic.time",
                    "ts",
                    "influx.mapping.generic.tags",
                    "site"),
                Duration.ofSeconds(1),
                StandaloneSinkWorker.Options.DEFAULT_REST_LISTENER,
                StandaloneSinkWorker.Options.DEFAULT_START_TIMEOUT)
            .toBuilder()
                .connectorSettings(
                    Map.of(
                        "errors.tolerance", "all",
                        "errors.deadletterqueue.topic.name", dlq,
                        "errors.deadletterqueue.topic.replication.factor", "1",
                        "errors.deadletterqueue.context.headers.enable", "true"))
                .build();

    try (StandaloneSinkWorker worker = StandaloneSinkWorker.start(options)) {
      await()
          .atMost(AT_MOST)
          .until(() -> InfluxRows.query(influx, db, "SELECT v, site FROM generic").size() == 2);
      assertThat(worker.status().isRunning()).isTrue();
    }

    assertThat(InfluxRows.query(influx, db, "SELECT v, site FROM generic"))
        .containsExactly(
            Map.of("time", "1970-01-01T00:00:01Z", "v", 1.5, "site", "a"),
            Map.of("time", "1970-01-01T00:00:02Z", "v", 3.5, "site", "d"));
    assertThat(consumeAll(dlq, 2))
        .containsExactly("b=this is not json", "c={\"site\":\"c\",\"v\":2.5}");
  }

  private static void produce(List<ProducerRecord<String, String>> records) throws Exception {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      for (ProducerRecord<String, String> r : records) {
        producer.send(r).get();
      }
    }
  }

  private static List<String> consumeAll(String topic, int expected) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "sink-it-" + System.nanoTime());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      await()
          .atMost(AT_MOST)
          .until(
              () -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                  values.add(r.key() + "=" + r.value());
                }
                return values.size() >= expected;
              });
    }
    return values;
  }
}
