package dev.airtrace.sink.influx;

import static dev.airtrace.sink.influx.SampleRecords.T0;

import dev.airtrace.localstack.InfluxService;
import dev.airtrace.localstack.KafkaService;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What the secured-influxd tests ({@link InfluxAuthIT}, {@link InfluxTlsIT}) share: a user that may
 * only write the databases granted to it, one site-AQI record to sink, and the query that tells
 * whether it arrived. Each test makes its own database so that a failed write shows as an empty
 * one.
 */
final class SecuredInflux {
  static final String WRITER = "writer";
  static final String WRITER_PASSWORD = "writer-" + UUID.randomUUID();

  private SecuredInflux() {}

  /** Creates the write-only user on an influxd started with authentication. */
  static void createWriter(InfluxService influx) {
    influx.query(null, "CREATE USER " + WRITER + " WITH PASSWORD '" + WRITER_PASSWORD + "'");
  }

  /** A new database named {@code prefix} + a unique suffix that the writer may write. */
  static String writableDatabase(InfluxService influx, String prefix) {
    String db = prefix + System.nanoTime();
    influx.createDatabase(db);
    influx.query(null, "GRANT WRITE ON \"" + db + "\" TO " + WRITER);
    return db;
  }

  /** Sends one site-AQI record (AQI 66 at {@link SampleRecords#T0}) for {@code site}. */
  static void produceSiteAqi(KafkaService kafka, String site)
      throws InterruptedException, ExecutionException {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      producer
          .send(
              new ProducerRecord<>(
                  InfluxSinkConfig.TOPIC_SITE_AQI,
                  site,
                  SampleRecords.siteAqi(site, T0, 66).toString()))
          .get();
    }
  }

  /** Whether {@code db} holds a site-AQI point of {@code site}. */
  static boolean hasSiteAqi(InfluxService influx, String db, String site) {
    return !InfluxRows.query(influx, db, "SELECT aqi FROM site_aqi WHERE siteId='" + site + "'")
        .isEmpty();
  }

  /** Whether {@code db} holds no measurement at all. */
  static boolean isEmpty(InfluxService influx, String db) {
    return InfluxRows.query(influx, db, "SHOW MEASUREMENTS").isEmpty();
  }
}
