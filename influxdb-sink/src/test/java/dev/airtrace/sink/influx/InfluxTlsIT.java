package dev.airtrace.sink.influx;

import static dev.airtrace.localstack.TestWaits.atMost;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.airtrace.localstack.InfluxService;
import dev.airtrace.localstack.KafkaService;
import dev.airtrace.localstack.Services;
import dev.airtrace.localstack.TlsFiles;
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
 * The sink against a real influxd that serves HTTPS only, with a certificate from a throw-away CA
 * and authentication on: with that CA as {@value InfluxSinkConfig#CA_FILE} the points arrive; with
 * another CA the connector fails with one TLS line and nothing is written.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class InfluxTlsIT {
  private static final Duration AT_MOST = atMost(Duration.ofSeconds(60));
  private static final String ADMIN_PASSWORD = "admin-" + UUID.randomUUID();

  @TempDir static Path pki;

  private static KafkaService kafka;
  private static InfluxService influx;
  private static TlsFiles ca;
  private static TlsFiles otherCa;

  @TempDir Path stateDir;

  @BeforeAll
  static void services() {
    kafka = Services.kafka();
    kafka.createTopics(1, InfluxSinkConfig.AIRTRACE_TOPICS.toArray(String[]::new));
    ca = TlsFiles.create(pki.resolve("ca"), "influx-test-ca");
    otherCa = TlsFiles.create(pki.resolve("other"), "someone-elses-ca");
    influx = InfluxService.launchWithAuthAndTls("admin", ADMIN_PASSWORD, ca);
    SecuredInflux.createWriter(influx);
  }

  @AfterAll
  static void stopInflux() {
    if (influx != null) {
      influx.close();
    }
  }

  @Test
  void shouldWriteOverHttpsWhenGivenTheServersCa() throws Exception {
    assertThat(influx.url()).startsWith("https://");
    String db = SecuredInflux.writableDatabase(influx, "tls_ok_");
    String site = "s-" + System.nanoTime();
    SecuredInflux.produceSiteAqi(kafka, site);

    try (StandaloneSinkWorker worker =
        StandaloneSinkWorker.start(options(db, ca.caCertificate()))) {
      await().atMost(AT_MOST).until(() -> SecuredInflux.hasSiteAqi(influx, db, site));
      assertThat(worker.status().isRunning()).isTrue();
    }
  }

  @Test
  void shouldFailWithOneTlsLineAndWriteNothingWhenTheCaIsNotTheServers() throws Exception {
    String db = SecuredInflux.writableDatabase(influx, "tls_bad_");
    SecuredInflux.produceSiteAqi(kafka, "s-" + System.nanoTime());

    try (StandaloneSinkWorker worker =
        StandaloneSinkWorker.start(options(db, otherCa.caCertificate()))) {
      // Retrying cannot fix trust: the task fails instead of retrying for ever.
      await().atMost(AT_MOST).until(() -> worker.status().hasFailed());
      assertThat(worker.status().trace()).contains("TLS: InfluxDB's certificate is not trusted");
    }
    assertThat(SecuredInflux.isEmpty(influx, db)).isTrue();
  }

  private StandaloneSinkWorker.Options options(String db, Path caFile) {
    return StandaloneSinkWorker.Options.builder(
            kafka.bootstrapServers(), stateDir, influx.url(), db)
        .connectorName("tls-" + db)
        .offsetCommitInterval(Duration.ofSeconds(1))
        .connectorSettings(
            Map.of(
                InfluxSinkConfig.USERNAME,
                SecuredInflux.WRITER,
                InfluxSinkConfig.PASSWORD,
                SecuredInflux.WRITER_PASSWORD,
                InfluxSinkConfig.CA_FILE,
                caFile.toString()))
        .build();
  }
}
