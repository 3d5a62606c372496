package dev.airtrace.sink.influx;

import static dev.airtrace.localstack.TestWaits.atMost;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.airtrace.localstack.InfluxService;
import dev.airtrace.localstack.KafkaService;
import dev.airtrace.localstack.Services;
import dev.airtrace.sink.influx.standalone.StandaloneSinkWorker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
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

  private static KafkaService kafka;
  private static InfluxService influx;

  @TempDir Path stateDir;

  @BeforeAll
  static void services() {
    kafka = Services.kafka();
    kafka.createTopics(1, InfluxSinkConfig.AIRTRACE_TOPICS.toArray(String[]::new));
    influx = InfluxService.launchWithAuth("admin", ADMIN_PASSWORD);
    SecuredInflux.createWriter(influx);
  }

  @AfterAll
  static void stopInflux() {
    if (influx != null) {
      influx.close();
    }
  }

  @Test
  void shouldWriteWithAUserThatMayOnlyWriteTheDatabase() throws Exception {
    String db = SecuredInflux.writableDatabase(influx, "auth_ok_");
    String site = "s-" + System.nanoTime();
    SecuredInflux.produceSiteAqi(kafka, site);

    try (StandaloneSinkWorker worker =
        StandaloneSinkWorker.start(options(db, SecuredInflux.WRITER_PASSWORD))) {
      await().atMost(AT_MOST).until(() -> SecuredInflux.hasSiteAqi(influx, db, site));
      assertThat(worker.status().isRunning()).isTrue();
    }
  }

  @Test
  void shouldFailTheConnectorAndWriteNothingWhenThePasswordIsWrong() throws Exception {
    String db = SecuredInflux.writableDatabase(influx, "auth_bad_");
    SecuredInflux.produceSiteAqi(kafka, "s-" + System.nanoTime());

    try (StandaloneSinkWorker worker =
        StandaloneSinkWorker.start(options(db, "not-" + SecuredInflux.WRITER_PASSWORD))) {
      // The first commit's write is refused; the task then fails instead of retrying forever.
      await().atMost(AT_MOST).until(() -> worker.status().hasFailed());
      assertThat(worker.status().trace()).contains("authorization failed");
    }
    assertThat(SecuredInflux.isEmpty(influx, db)).isTrue();
  }

  private StandaloneSinkWorker.Options options(String db, String password) {
    return StandaloneSinkWorker.Options.builder(
            kafka.bootstrapServers(), stateDir, influx.url(), db)
        .connectorName("auth-" + db)
        .offsetCommitInterval(Duration.ofSeconds(1))
        .connectorSettings(
            Map.of(
                InfluxSinkConfig.USERNAME,
                SecuredInflux.WRITER,
                InfluxSinkConfig.PASSWORD,
                password))
        .build();
  }
}
