package dev.airtrace.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.airtrace.cli.AirtraceCli;
import dev.airtrace.core.GatewayId;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.Reading;
import dev.airtrace.core.deadletter.DeadLetter;
import dev.airtrace.core.deadletter.RejectReason;
import dev.airtrace.core.validation.ValidationConfig;
import dev.airtrace.gateway.EdgeGateway;
import dev.airtrace.gateway.GatewayConfig;
import dev.airtrace.gateway.GatewayTopics;
import dev.airtrace.gateway.outbox.OutboxConfig;
import dev.airtrace.localstack.KafkaService;
import dev.airtrace.localstack.MosquittoService;
import dev.airtrace.localstack.Services;
import dev.airtrace.localstack.TestWaits;
import dev.airtrace.mqtt.MqttEndpoint;
import dev.airtrace.topics.deadletter.DeadLetterJson;
import dev.airtrace.topics.gateway.ReadingJson;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code airtrace replay} on real services: a small file of 2014 hourly rows (a bad row, a row with
 * no value and an implausible value among them) is published over a real mosquitto to a real
 * gateway configured for replay ({@code --max-age} of a century), which writes to a real Kafka
 * broker. Every good row arrives as one reading with the file's event time and values; the
 * implausible one is dead-lettered by the gateway; the bad and empty rows are never published.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ReplayEndToEndIT {
  private static final Duration PATIENCE = Duration.ofMinutes(2);
  private static final int GOOD_ROWS = 30;

  @TempDir Path work;

  @Test
  void shouldDeliverEveryGoodRowOfAnOldFileAsAReadingWithItsEventTime() throws Exception {
    KafkaService kafka = Services.kafka();
    MosquittoService mosquitto = Services.mosquitto();
    String run = TestWaits.uniqueName("rp");
    String site = run;
    String device = run + "-1";
    GatewayTopics gt = GatewayTopics.defaults();
    kafka.createTopics(1, gt.readings(), gt.aggregates(), gt.deadLetters());

    // 30 good hours from 2014-01-01T00:00+08:00, then a bad row, an empty row, an implausible one
    OffsetDateTime start = OffsetDateTime.of(2014, 1, 1, 0, 0, 0, 0, ZoneOffset.ofHours(8));
    List<String> lines = new ArrayList<>();
    lines.add("time,site,device,pm2_5[ug/m3],temperature[Cel]");
    for (int h = 0; h < GOOD_ROWS; h++) {
      lines.add(start.plusHours(h) + "," + site + "," + device + "," + (10 + h) + ",-5");
    }
    lines.add(start.plusHours(GOOD_ROWS) + "," + site + "," + device + ",twelve,-5");
    lines.add(start.plusHours(GOOD_ROWS + 1) + "," + site + "," + device + ",NA,NA");
    lines.add(start.plusHours(GOOD_ROWS + 2) + "," + site + "," + device + ",99999,-5");
    Path file = work.resolve("replay.csv");
    Files.write(file, lines, StandardCharsets.UTF_8);
    Path badRows = work.resolve("bad-rows.jsonl");

    GatewayId gatewayId = new GatewayId("replay-gw");
    GatewayConfig gc =
        GatewayConfig.builder(gatewayId, mosquitto.serverUri(), kafka.bootstrapServers())
            .mqtt(
                GatewayConfig.defaultMqtt(gatewayId, MqttEndpoint.of(mosquitto.serverUri()))
                    .toBuilder()
                    .clientId("replay-gateway-" + run)
                    .build())
            .outbox(OutboxConfig.builder().directory(work.resolve("outbox")).build())
            .validation(
                new ValidationConfig(
                    ValidationConfig.DEFAULT_MAX_FUTURE_SKEW, Duration.ofDays(36_500)))
            .build();
    try (EdgeGateway gateway = EdgeGateway.create(gc, new SimpleMeterRegistry())) {
      gateway.start();
      // the replay publishes at once: wait for the gateway's subscription (clean session)
      await().atMost(PATIENCE).until(() -> gateway.snapshot().mqttConnected());

      int exit =
          AirtraceCli.commandLine(new String[0])
              .execute(
                  "replay",
                  file.toString(),
                  "--mqtt-uri",
                  mosquitto.serverUri(),
                  "--client-id",
                  "replay-" + run,
                  "--bad-rows",
                  badRows.toString());

      assertThat(exit).isZero();
      await()
          .atMost(TestWaits.atMost(PATIENCE))
          .until(() -> gateway.snapshot().accepted() >= GOOD_ROWS);
    }

    List<Reading> readings = new ArrayList<>();
    List<DeadLetter> deadLetters = new ArrayList<>();
    AtomicInteger extra = new AtomicInteger();
    try (KafkaConsumer<String, byte[]> consumer = kafka.committedReader("replay-check")) {
      consumer.subscribe(List.of(gt.readings(), gt.deadLetters()));
      await()
          .atMost(TestWaits.atMost(PATIENCE))
          .until(
              () -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                  if (!device.equals(r.key())) {
                    continue;
                  }
                  if (r.topic().equals(gt.readings())) {
                    readings.add(ReadingJson.decode(r.value()));
                  } else {
                    deadLetters.add(DeadLetterJson.decode(r.value()));
                  }
                }
                return readings.size() >= GOOD_ROWS && !deadLetters.isEmpty();
              });
      // nothing more arrives: the bad and the empty row were never published
      await()
          .during(Duration.ofSeconds(3))
          .atMost(TestWaits.atMost(Duration.ofSeconds(10)))
          .until(
              () -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                  if (device.equals(r.key())) {
                    extra.incrementAndGet();
                  }
                }
                return true;
              });
    }

    assertThat(extra).hasValue(0);
    assertThat(readings).hasSize(GOOD_ROWS);
    for (int h = 0; h < GOOD_ROWS; h++) {
      Reading r = readings.get(h);
      assertThat(r.siteId().value()).isEqualTo(site);
      assertThat(r.eventTime()).isEqualTo(start.plusHours(h).toInstant().toEpochMilli());
      assertThat(r.values().get(Quantity.PM2_5)).isEqualTo(10.0 + h);
      assertThat(r.sequence()).isEqualTo(h);
    }
    assertThat(deadLetters).hasSize(1);
    assertThat(deadLetters.get(0).reason()).isEqualTo(RejectReason.OUT_OF_RANGE);
    List<String> bad = Files.readAllLines(badRows, StandardCharsets.UTF_8);
    assertThat(bad).hasSize(1);
    assertThat(bad.get(0)).contains("\"row\":" + (GOOD_ROWS + 2)).contains("twelve");
  }
}
