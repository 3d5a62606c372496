package dev.airtrace.sink.influx;

import static dev.airtrace.localstack.TestWaits.atMost;
import static dev.airtrace.sink.influx.SampleRecords.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.airtrace.localstack.InfluxService;
import dev.airtrace.localstack.KafkaService;
import dev.airtrace.localstack.Services;
import dev.airtrace.sink.influx.standalone.StandaloneSinkWorker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sink against a real influxd with authentication on: a user that may only write the database
 * gets its points in; a wrong password fails the connector (the sink command then exits non-zero)
 * and writes nothing.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class InfluxAuthIT {
  private static final Duration AT_MOST = atMost(Duration.ofSeconds(60));
  private static final String ADMIN_PASSWORD = "admin-" + UUID.randomUUID();
  private static final String WRITER_PASSWORD = "writer-" + UUID.randomUUID();

  private static KafkaService kafka;
  private static InfluxService influx;

  @TempDir Path stateDir;

  @BeforeAll
  static void services() {
    kafka = Services.kafka();
    kafka.createTopics(1, InfluxSinkConfig.AIRTRACE_TOPICS.toArray(String[]::new));
    influx = InfluxService.launchWithAuth("admin", ADMIN_PASSWORD);
    influx.query(null, "CREATE USER writer WITH PASSWORD '" + WRITER_PASSWORD + "'");
  }

  @AfterAll
  static void stopInflux() {
    if (influx != null) {
      influx.close();
    }
  }

  @Test
  void shouldWriteWithAUserThatMayOnlyWriteTheDatabase() throws Exception {
    String db = "auth_ok_" + System.nanoTime();
    influx.createDatabase(db);
    influx.query(null, "GRANT WRITE ON \"" + db + "\" TO writer");
    String site = "s-" + System.nanoTime();
    produce(site);

    try (StandaloneSinkWorker worker = StandaloneSinkWorker.start(options(db, WRITER_PASSWORD))) {
      await()
          .atMost(AT_MOST)
          .until(
              () ->
                  !InfluxRows.query(
                          influx, db, "SELECT aqi FROM site_aqi WHERE siteId='" + site + "'")
                      .isEmpty());
      assertThat(worker.status().isRunning()).isTrue();
    }
  }

  @Test
  void shouldFailTheConnectorAndWriteNothingWhenThePasswordIsWrong() throws Exception {
    String db = "auth_bad_" + System.nanoTime();
    influx.createDatabase(db);
    influx.query(null, "GRANT WRITE ON \"" + db + "\" TO writer");
    produce("s-" + System.nanoTime());

    try (StandaloneSinkWorker worker =
        StandaloneSinkWorker.start(options(db, "not-" + WRITER_PASSWORD))) {
      // The first commit's write is refused; the task then fails instead of retrying forever.
      await().atMost(AT_MOST).until(() -> worker.status().hasFailed());
      assertThat(worker.status().trace()).contains("authorization failed");
    }
    assertThat(InfluxRows.query(influx, db, "SHOW MEASUREMENTS")).isEmpty();
  }

  private StandaloneSinkWorker.Options options(String db, String password) {
    return StandaloneSinkWorker.Options.builder(
            kafka.bootstrapServers(), stateDir, influx.url(), db)
        .connectorName("auth-" + db)
        .offsetCommitInterval(Duration.ofSeconds(1))
        .connectorSettings(
            Map.of(InfluxSinkConfig.USERNAME, "writer", InfluxSinkConfig.PASSWORD, password))
        .build();
  }

  private static void produce(String site) throws Exception {
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
}
