package dev.airtrace.serving.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airtrace.core.DeviceId;
import dev.airtrace.core.GatewayId;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.Reading;
import dev.airtrace.core.SiteId;
import dev.airtrace.core.codec.Json;
import dev.airtrace.inference.InferenceConfig;
import dev.airtrace.localstack.InfluxService;
import dev.airtrace.localstack.KafkaService;
import dev.airtrace.localstack.Services;
import dev.airtrace.processor.ProcessorConfig;
import dev.airtrace.processor.StreamProcessorApp;
import dev.airtrace.processor.VerificationConfig;
import dev.airtrace.serving.ModelServer;
import dev.airtrace.serving.ServingConfig;
import dev.airtrace.serving.batching.ServingBatchConfig;
import dev.airtrace.serving.kafka.KafkaPathConfig;
import dev.airtrace.serving.model.RepositoryModelSource;
import dev.airtrace.serving.testdata.Repositories;
import dev.airtrace.serving.testdata.TestModels;
import dev.airtrace.sink.influx.InfluxSinkConfig;
import dev.airtrace.sink.influx.standalone.StandaloneSinkWorker;
import dev.airtrace.topics.Topics;
import dev.airtrace.topics.gateway.ReadingJson;
import dev.airtrace.topics.processor.ForecastSkill;
import dev.airtrace.topics.processor.ForecastVerification;
import dev.airtrace.topics.processor.VerificationJson;
import dev.airtrace.topics.serving.Forecast;
import dev.airtrace.topics.serving.ForecastJson;
import dev.airtrace.topics.serving.ForecastSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole online-correction loop on the real broker and a real influxd: readings → the stream
 * processor's hourly means and feature windows → serving's forecasts → the processor's forecast
 * verifier (verifications, skill, correction) → serving's skill table → the next forecasts carry
 * the learned correction (a correction id and a non-model source where the table decided so) → the
 * sink writes verifications and skill to InfluxDB.
 *
 * <p>Readings go straight onto the readings topic (what the gateway writes), one per hour at minute
 * 10 for one site, in the recent past; the processor closes hour h when the reading of hour h + 1
 * arrives (grace 5 minutes). Phase 1 closes hours 0-7 (forecasts after each, verified as the later
 * hours close); phase 2, once serving has loaded the skill, closes hours 8-9.
 */
@Timeout(300)
class OnlineCorrectionIT {
  private static final String SITE = "site-e2e";
  private static final Duration PATIENCE = TestModels.atMost(Duration.ofSeconds(120));

  /** The dashboard whose panels must return rows on what this pipeline writes. */
  private static final Path DASHBOARD =
      Path.of("..", "deploy", "grafana", "dashboards", "forecasts.json");

  @TempDir Path dir;

  private long seq = 1;

  @Test
  void shouldVerifyLearnAndApplyCorrectionsAndWriteThemToInfluxDb() throws Exception {
    KafkaService kafka = Services.kafka();
    InfluxService influx = Services.influx();
    String database = "online_correction_it_" + System.nanoTime();
    kafka.createTopics(
        1,
        Topics.READINGS.name(),
        Topics.SITE_HOURLY.name(),
        Topics.SITE_AQI.name(),
        Topics.SITE_FEATURES.name(),
        Topics.PROCESSOR_DEAD_LETTERS.name(),
        Topics.FORECASTS.name(),
        Topics.SERVING_DEAD_LETTERS.name(),
        Topics.FORECAST_VERIFICATIONS.name(),
        Topics.FORECAST_SKILL.name());
    Instant t0 = Instant.now().minus(Duration.ofHours(12)).truncatedTo(ChronoUnit.HOURS);

    ProcessorConfig pc =
        ProcessorConfig.builder(kafka.bootstrapServers(), dir.resolve("processor"))
            .applicationId("online-correction-it-" + System.nanoTime())
            .windowGrace(Duration.ofMinutes(5))
            .verification(VerificationConfig.builder().enabled(true).minVerifications(2).build())
            .build();
    Path repo = Repositories.withVersions(dir.resolve("repo"), 2);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (KafkaProducer<String, byte[]> producer = producer(kafka);
        StreamProcessorApp processor = new StreamProcessorApp(pc);
        RepositoryModelSource source =
            RepositoryModelSource.open(
                InferenceConfig.cpu(), repo, TestModels.FORECASTER, Duration.ZERO, registry);
        ModelServer server =
            ModelServer.start(
                ServingConfig.builder()
                    .repository(repo, TestModels.FORECASTER)
                    .batcher(ServingBatchConfig.builder().maxBatch(4).build())
                    .http(new InetSocketAddress("127.0.0.1", 0))
                    .kafka(
                        KafkaPathConfig.builder(kafka.bootstrapServers())
                            .groupId("online-correction-it-serving-" + System.nanoTime())
                            .build())
                    .build(),
                source,
                registry,
                null);
        StandaloneSinkWorker sink =
            StandaloneSinkWorker.start(
                StandaloneSinkWorker.Options.builder(
                        kafka.bootstrapServers(), dir.resolve("sink"), influx.url(), database)
                    .connectorName("online-correction-it-sink-" + System.nanoTime())
                    .connectorSettings(
                        Map.of("topics", String.join(",", InfluxSinkConfig.VERIFICATION_TOPICS)))
                    .offsetCommitInterval(Duration.ofSeconds(1))
                    .build());
        KafkaConsumer<String, byte[]> out = kafka.committedReader("online-correction-it-reader")) {
      processor.start();
      assertThat(processor.awaitRunning(PATIENCE)).isTrue();
      out.subscribe(
          List.of(
              Topics.FORECASTS.name(),
              Topics.FORECAST_VERIFICATIONS.name(),
              Topics.FORECAST_SKILL.name()));
      List<Forecast> forecasts = new ArrayList<>();
      List<ForecastVerification> verifications = new ArrayList<>();
      List<ForecastSkill> skills = new ArrayList<>();
      Runnable drain =
          () -> {
            for (ConsumerRecord<String, byte[]> r : out.poll(Duration.ofMillis(200))) {
              if (r.topic().equals(Topics.FORECASTS.name())) {
                forecasts.add(ForecastJson.decode(r.value()));
              } else if (r.topic().equals(Topics.FORECAST_VERIFICATIONS.name())) {
                verifications.add(VerificationJson.decodeVerification(r.value()));
              } else {
                skills.add(VerificationJson.decodeSkill(r.value()));
              }
            }
          };

      // Phase 1: hours 0..8 (8 closes hour 7); forecasts after hours 0..7, verified hours 1..7.
      for (int h = 0; h <= 8; h++) {
        send(producer, t0, h, 20 + 3 * (h % 3));
      }
      await()
          .atMost(PATIENCE)
          .until(
              () -> {
                drain.run();
                return forecasts.size() >= 8
                    && skills.stream().anyMatch(s -> s.hours() == 1 && s.count() >= 6);
              });
      assertThat(forecasts.get(0).provenance().horizons())
          .allSatisfy(h -> assertThat(h.source()).isEqualTo(ForecastSource.MODEL));
      ForecastVerification v =
          verifications.stream().filter(x -> x.hours() == 1).findFirst().orElseThrow();
      assertThat(v.error()).isEqualTo(v.forecast() - v.observed());
      assertThat(v.persistence()).isFinite();

      // Phase 2: once the skill table has reached serving, close hours 8 and 9.
      long issuedBefore = forecasts.stream().mapToLong(Forecast::issueTime).max().orElseThrow();
      await()
          .atMost(PATIENCE)
          .until(
              () ->
                  registry
                          .get("airtrace.serving.skill.records")
                          .tag("outcome", "applied")
                          .counter()
                          .count()
                      >= skills.size());
      send(producer, t0, 9, 22);
      send(producer, t0, 10, 26);
      await()
          .atMost(PATIENCE)
          .until(
              () -> {
                drain.run();
                return forecasts.stream().anyMatch(f -> f.issueTime() > issuedBefore + 3_600_000L);
              });
      Forecast corrected =
          forecasts.stream().filter(f -> f.issueTime() > issuedBefore).findFirst().orElseThrow();
      ForecastSkill h1 =
          skills.stream().filter(s -> s.hours() == 1).reduce((a, b) -> b).orElseThrow();
      assertThat(h1.correction().scale()).as("default: offset-only correction").isEqualTo(1.0);
      Forecast.HorizonProvenance first = corrected.provenance().horizons().get(0);
      // The correction is computed and recorded on every forecast once a skill record exists; which
      // value is served is the verifier's decision (the model's own unless a challenger beats it by
      // the switch margin on the window), and the served value is that source's.
      assertThat(first.correctionId()).as("correction id of horizon 1").isNotNull();
      assertThat(first.correctedPm25()).isFinite();
      assertThat(corrected.persistence()).isFinite();
      float served = corrected.pm25()[0];
      switch (first.source()) {
        case PERSISTENCE ->
            assertThat((double) served).isEqualTo((double) (float) corrected.persistence());
        case CORRECTED ->
            assertThat((double) served).isEqualTo((double) (float) first.correctedPm25());
        case MODEL -> assertThat(served).isEqualTo(first.modelPm25());
      }

      // InfluxDB: the sink wrote both measurements.
      await()
          .atMost(PATIENCE)
          .until(
              () ->
                  count(influx, database, "observed", "forecast_verification") > 0
                      && count(influx, database, "rmse", "forecast_skill") > 0);

      // Every panel query of the Grafana forecasts dashboard returns rows on what was written
      // (deploy's GrafanaQueriesIT runs no serving, so they are checked here).
      JsonNode dashboard = readTree(Files.readString(DASHBOARD));
      int queries = 0;
      for (JsonNode panel : dashboard.path("panels")) {
        for (JsonNode target : panel.path("targets")) {
          String q =
              target
                  .path("query")
                  .asText()
                  .replace("$timeFilter", "time > now() - 30d")
                  .replace("$__interval", "1h")
                  .replace("$site", SITE)
                  .replace("$horizon", "1");
          assertThat(readTree(influx.query(database, q)).path("results").path(0).path("series"))
              .as("rows of %s / %s", panel.path("title").asText(), q)
              .isNotEmpty();
          queries++;
        }
      }
      assertThat(queries).isEqualTo(4);
    } finally {
      influx.query(null, "DROP DATABASE " + database);
    }
  }

  /** A reading of hour {@code h} (at minute 10) with PM2.5 {@code pm}. */
  private void send(KafkaProducer<String, byte[]> producer, Instant t0, int h, double pm)
      throws Exception {
    long t = t0.plus(Duration.ofHours(h)).plus(Duration.ofMinutes(10)).toEpochMilli();
    Reading r =
        new Reading(
            new DeviceId("dev-e2e"),
            new SiteId(SITE),
            t,
            seq++,
            Map.of(Quantity.PM2_5, pm),
            null,
            new GatewayId("gw-e2e"),
            t + 250);
    producer
        .send(new ProducerRecord<>(Topics.READINGS.name(), "dev-e2e", ReadingJson.encode(r)))
        .get();
  }

  private static long count(InfluxService influx, String db, String field, String measurement) {
    JsonNode series =
        readTree(influx.query(db, "SELECT count(\"" + field + "\") FROM \"" + measurement + "\""))
            .path("results")
            .path(0)
            .path("series");
    return series.isArray() && series.size() > 0
        ? series.get(0).path("values").get(0).get(1).asLong()
        : 0;
  }

  private static JsonNode readTree(String json) {
    try {
      return Json.mapper().readTree(json);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static KafkaProducer<String, byte[]> producer(KafkaService kafka) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }
}
