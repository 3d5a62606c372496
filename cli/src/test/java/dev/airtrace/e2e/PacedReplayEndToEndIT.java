package dev.airtrace.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.airtrace.cli.AirtraceCli;
import dev.airtrace.core.GatewayId;
import dev.airtrace.gateway.EdgeGateway;
import dev.airtrace.gateway.GatewayConfig;
import dev.airtrace.gateway.outbox.OutboxConfig;
import dev.airtrace.inference.InferenceConfig;
import dev.airtrace.localstack.KafkaService;
import dev.airtrace.localstack.MosquittoService;
import dev.airtrace.localstack.Services;
import dev.airtrace.localstack.TestWaits;
import dev.airtrace.mqtt.MqttEndpoint;
import dev.airtrace.processor.ProcessorConfig;
import dev.airtrace.processor.StreamProcessorApp;
import dev.airtrace.processor.VerificationConfig;
import dev.airtrace.serving.ModelServer;
import dev.airtrace.serving.ServingConfig;
import dev.airtrace.serving.kafka.KafkaPathConfig;
import dev.airtrace.serving.model.RepositoryModelSource;
import dev.airtrace.topics.Topics;
import dev.airtrace.topics.processor.ForecastVerification;
import dev.airtrace.topics.serving.Forecast;
import dev.airtrace.topics.serving.ForecastSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code airtrace replay --paced} on real services: a file of hourly rows is published over a real
 * mosquitto to a real gateway, the stream processor (with the forecast verifier) and the forecast
 * server of the committed model repository, on the real Kafka broker. The PM2.5 series is a steady
 * ramp (+6 µg/m³ an hour), which every forecaster that regresses toward recent levels
 * under-predicts by about the same amount hour after hour: a bias the offset correction removes, so
 * the verifier switches to the corrected value once the warm-up is over.
 *
 * <p>Paced, every forecast carries the correction state of exactly the hours verified before it was
 * issued: its update count is at least the number of verified hours up to one hour before the issue
 * time (the replay waited for them) and at most the number up to the issue time (nothing from the
 * future), and no value is served corrected before {@code minVerifications} verified hours.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class PacedReplayEndToEndIT {
  private static final Duration PATIENCE = TestWaits.atMost(Duration.ofMinutes(2));
  private static final long HOUR_MS = 3_600_000L;
  private static final int ROWS = 40;
  private static final int MIN_VERIFICATIONS = 6;

  /** The committed model repository (the module runs in cli/). */
  private static final Path MODELS = Path.of("..", "models", "repository");

  private static final Pattern PACED =
      Pattern.compile("paced (\\d+) event hours: (\\d+) causally .*?, (\\d+) timed out");

  @TempDir Path work;

  @Test
  void shouldServeEveryForecastWithTheCorrectionOfExactlyTheHoursVerifiedBeforeIt()
      throws Exception {
    KafkaService kafka = Services.kafka();
    MosquittoService mosquitto = Services.mosquitto();
    String run = UUID.randomUUID().toString().substring(0, 8);
    String site = "paced-" + run;
    kafka.createTopics(
        1,
        Topics.READINGS.name(),
        Topics.AGGREGATES_1M.name(),
        Topics.GATEWAY_DEAD_LETTERS.name(),
        Topics.SITE_HOURLY.name(),
        Topics.SITE_AQI.name(),
        Topics.SITE_FEATURES.name(),
        Topics.PROCESSOR_DEAD_LETTERS.name(),
        Topics.FORECASTS.name(),
        Topics.SERVING_DEAD_LETTERS.name(),
        Topics.FORECAST_VERIFICATIONS.name(),
        Topics.FORECAST_SKILL.name());

    // Hourly rows in the recent past (the gateway's default max age applies), PM2.5 ramping.
    Instant t0 = Instant.now().minus(Duration.ofDays(3)).truncatedTo(ChronoUnit.HOURS);
    List<String> lines = new ArrayList<>();
    lines.add(
        "time,site,device,pm2_5[ug/m3],temperature[Cel],relative_humidity[%RH],pressure[hPa],"
            + "wind_speed[m/s],wind_direction[deg]");
    for (int h = 0; h < ROWS; h++) {
      lines.add(
          t0.plus(Duration.ofHours(h))
              + ","
              + site
              + ","
              + site
              + "-1,"
              + (20 + 6 * h)
              + ","
              + (10 + h % 5)
              + ",55,1015,2.5,315");
    }
    Path file = work.resolve("ramp.csv");
    Files.write(file, lines, StandardCharsets.UTF_8);

    ProcessorConfig pc =
        ProcessorConfig.builder(kafka.bootstrapServers(), work.resolve("processor"))
            .applicationId("paced-processor-" + run)
            .verification(
                VerificationConfig.builder()
                    .enabled(true)
                    .minVerifications(MIN_VERIFICATIONS)
                    .build())
            .build();
    GatewayId gatewayId = new GatewayId("paced-gw");
    GatewayConfig gc =
        GatewayConfig.builder(gatewayId, mosquitto.serverUri(), kafka.bootstrapServers())
            .mqtt(
                GatewayConfig.defaultMqtt(gatewayId, MqttEndpoint.of(mosquitto.serverUri()))
                    .toBuilder()
                    .clientId("paced-gateway-" + run)
                    .build())
            .outbox(OutboxConfig.builder().directory(work.resolve("outbox")).build())
            .build();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    String output;
    int exit;
    try (StreamProcessorApp processor = new StreamProcessorApp(pc);
        EdgeGateway gateway = EdgeGateway.create(gc, registry);
        RepositoryModelSource forecaster =
            RepositoryModelSource.open(
                InferenceConfig.cpu(),
                MODELS,
                ServingConfig.DEFAULT_MODEL,
                ServingConfig.DEFAULT_RELOAD_INTERVAL,
                registry);
        ModelServer serving =
            ModelServer.start(
                ServingConfig.builder()
                    .repository(MODELS, ServingConfig.DEFAULT_MODEL)
                    .http(new InetSocketAddress("127.0.0.1", 0))
                    .kafka(
                        KafkaPathConfig.builder(kafka.bootstrapServers())
                            .groupId("paced-serving-" + run)
                            .build())
                    .build(),
                forecaster,
                registry,
                null)) {
      processor.start();
      gateway.start();
      assertThat(processor.awaitRunning(PATIENCE)).isTrue();
      await().atMost(PATIENCE).until(() -> gateway.snapshot().mqttConnected());

      ByteArrayOutputStream captured = new ByteArrayOutputStream();
      PrintStream stdout = System.out;
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      try {
        exit =
            AirtraceCli.commandLine(new String[0])
                .execute(
                    "replay",
                    file.toString(),
                    "--paced",
                    "--mqtt-uri",
                    mosquitto.serverUri(),
                    "--client-id",
                    "paced-replay-" + run,
                    "--kafka-bootstrap",
                    kafka.bootstrapServers());
      } finally {
        System.setOut(stdout);
      }
      output = captured.toString(StandardCharsets.UTF_8);
      System.out.print(output);
    }

    assertThat(exit).isZero();
    Matcher m = PACED.matcher(output);
    assertThat(m.find()).as("pacing summary in %s", output).isTrue();
    // 40 rows: 39 boundaries plus the wait after the last row
    assertThat(Long.parseLong(m.group(1))).isEqualTo(ROWS);
    assertThat(Long.parseLong(m.group(2))).as("hours paced causally").isEqualTo(ROWS);
    assertThat(Long.parseLong(m.group(3))).as("hours timed out").isZero();

    // Rows 0..39: the last row (hour 39) closes hours up to 37, so 38 forecasts (issued at the
    // ends of hours 0..37); the pacer waited for all of them and their verifications.
    int closedHours = ROWS - 2;
    List<Forecast> forecasts = new ArrayList<>();
    List<ForecastVerification> verifications = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = kafka.committedReader("paced-it")) {
      consumer.subscribe(List.of(Topics.FORECASTS.name(), Topics.FORECAST_VERIFICATIONS.name()));
      Runnable poll =
          () -> {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
              if (!site.equals(r.key())) {
                continue;
              }
              if (r.topic().equals(Topics.FORECASTS.name())) {
                forecasts.add(
                    Topics.FORECASTS.valueSerde().deserializer().deserialize(r.topic(), r.value()));
              } else {
                verifications.add(
                    Topics.FORECAST_VERIFICATIONS
                        .valueSerde()
                        .deserializer()
                        .deserialize(r.topic(), r.value()));
              }
            }
          };
      await()
          .atMost(PATIENCE)
          .until(
              () -> {
                poll.run();
                return forecasts.size() >= closedHours;
              });
      // then both topics to their end: the verifications are on another topic, and stopping at the
      // last forecast could miss the ones a forecast's correction already counted
      await()
          .atMost(PATIENCE)
          .until(
              () -> {
                poll.run();
                Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
                return end.entrySet().stream()
                    .allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
              });
    }
    assertThat(forecasts).hasSize(closedHours);

    long corrected = 0;
    long withId = 0;
    for (Forecast f : forecasts) {
      for (int i = 0; i < f.horizonsHours().length; i++) {
        int h = f.horizonsHours()[i];
        Forecast.HorizonProvenance p = f.provenance().horizons().get(i);
        long verifiedBefore = verified(verifications, f.model(), h, f.issueTime() - HOUR_MS);
        long verifiedThrough = verified(verifications, f.model(), h, f.issueTime());
        String at = "forecast issued " + Instant.ofEpochMilli(f.issueTime()) + " at " + h + " h";
        if (p.correctionId() == null) {
          assertThat(verifiedBefore)
              .as("%s: no correction though hours were verified", at)
              .isZero();
          assertThat(p.source()).as(at).isEqualTo(ForecastSource.MODEL);
          continue;
        }
        withId++;
        long updates =
            Long.parseLong(p.correctionId().substring(p.correctionId().lastIndexOf('/') + 1));
        assertThat(updates)
            .as("%s: updates of correction %s", at, p.correctionId())
            .isBetween(verifiedBefore, verifiedThrough);
        if (p.source() != ForecastSource.MODEL) {
          assertThat(updates)
              .as("%s: switched during the warm-up", at)
              .isGreaterThanOrEqualTo(MIN_VERIFICATIONS);
        }
        if (p.source() == ForecastSource.CORRECTED) {
          corrected++;
        }
      }
    }
    assertThat(withId).as("horizon values with a correction state").isPositive();
    assertThat(corrected).as("horizon values served corrected on the biased ramp").isPositive();
  }

  /** Verified hours with persistence of one horizon and model whose valid time is at or before. */
  private static long verified(
      List<ForecastVerification> verifications, String model, int hours, long through) {
    return verifications.stream()
        .filter(v -> v.hours() == hours && v.model().equals(model))
        .filter(v -> Double.isFinite(v.persistence()) && v.validTime() <= through)
        .map(ForecastVerification::validTime)
        .distinct()
        .count();
  }
}
