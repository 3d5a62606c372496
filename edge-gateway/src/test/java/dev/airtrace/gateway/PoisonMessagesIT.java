package dev.airtrace.gateway;

import static dev.airtrace.gateway.testdata.Integration.atMost;
import static dev.airtrace.gateway.testdata.Integration.uniqueName;
import static dev.airtrace.gateway.testdata.SensorPayloads.aSensorMessage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.airtrace.core.Quantity;
import dev.airtrace.core.codec.PayloadLimits;
import dev.airtrace.core.deadletter.DeadLetter;
import dev.airtrace.core.deadletter.RejectReason;
import dev.airtrace.gateway.testdata.Integration;
import dev.airtrace.gateway.testdata.SensorPayloads;
import dev.airtrace.gateway.testdata.TopicReader;
import dev.airtrace.localstack.KafkaService;
import dev.airtrace.localstack.Services;
import dev.airtrace.mqtt.MqttPublisher;
import dev.airtrace.topics.deadletter.DeadLetterJson;
import dev.airtrace.topics.gateway.ReadingJson;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Poison messages between normal readings of another device, through a real mosquitto and a real
 * Kafka broker (topics with Kafka's default 1 MiB record limit): each is exactly one dead letter,
 * every normal reading is delivered, the gateway keeps running, and the poisoning device's next
 * normal reading is accepted (#10: each of these used to stop the gateway for good).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PoisonMessagesIT {
  private static final Duration AT_MOST = atMost(Duration.ofSeconds(60));

  private final KafkaService kafka = Services.kafka();
  private final String mqttUri = Services.mosquitto().serverUri();
  private final String ns = uniqueName("poison");
  private final String site = ns + "-site";
  private final GatewayTopics topics = Integration.createTopics(kafka, ns, 1);

  @Test
  void shouldDeadLetterEachPoisonMessageOnceAndKeepDeliveringEveryOtherReading() throws Exception {
    long t = System.currentTimeMillis() - Duration.ofMinutes(10).toMillis();
    String jsonTopic = "airtrace/v1/" + site + "/bad/json";
    String senmlTopic = "airtrace/v1/" + site + "/bad/senml";
    byte[] hugeJson = hugeJson(t);
    byte[] hundredThousandReadings = senmlPack(t, 100_000);
    List<byte[]> poisons =
        List.of(
            json(9_007_199_254_740_992L, t), // 2^53
            json(-1, t),
            hugeJson,
            hundredThousandReadings,
            ("[{\"bn\":\"bad:\",\"bt\":"
                    + t / 1000
                    + ",\"n\":\"seq\",\"v\":1},{\"n\":\"pm10\",\"v\":5},"
                    + "{\"bn\":\"other:\",\"n\":\"pm2_5\",\"v\":7}]")
                .getBytes(StandardCharsets.UTF_8),
            senmlPack(t, 101));
    List<String> poisonTopics =
        List.of(jsonTopic, jsonTopic, jsonTopic, senmlTopic, senmlTopic, senmlTopic);

    try (EdgeGateway gateway =
            EdgeGateway.create(
                Integration.gateway(ns, mqttUri, kafka.bootstrapServers(), site, topics)
                    .payloadLimits(PayloadLimits.builder().maxReadingsPerMessage(100).build())
                    .build(),
                new SimpleMeterRegistry());
        MqttPublisher publisher = Integration.publisher(mqttUri, ns);
        TopicReader readings = new TopicReader(kafka.bootstrapServers(), topics.readings());
        TopicReader deadLetters = new TopicReader(kafka.bootstrapServers(), topics.deadLetters())) {
      gateway.start();
      await().atMost(AT_MOST).until(() -> gateway.snapshot().mqttConnected());

      int published = 0;
      for (int i = 0; i < poisons.size(); i++) {
        SensorPayloads ok = reading("ok", i + 1, t + i * 1_000L);
        publisher.publish(ok.topic(), ok.payload());
        publisher.publish(poisonTopics.get(i), poisons.get(i));
        published += 2;
      }
      SensorPayloads okLast = reading("ok", poisons.size() + 1, t + 10_000);
      SensorPayloads badNormal = reading("bad", 1, t + 10_000);
      publisher.publish(okLast.topic(), okLast.payload());
      publisher.publish(badNormal.topic(), badNormal.payload());
      int all = published + 2;

      await().atMost(AT_MOST).until(() -> gateway.snapshot().acked() == all);
      await().atMost(AT_MOST).until(() -> readings.drain().size() >= poisons.size() + 2);
      await().atMost(AT_MOST).until(() -> deadLetters.drain().size() >= poisons.size());

      assertThat(gateway.failure()).isEmpty();
      assertThat(gateway.snapshot().state()).isEqualTo(GatewayStatus.State.RUNNING);
      assertThat(readings.records().stream().map(r -> ReadingJson.decode(r.value())))
          .extracting(r -> r.deviceId().value() + "#" + r.sequence())
          .containsExactlyInAnyOrder(
              "ok#1", "ok#2", "ok#3", "ok#4", "ok#5", "ok#6", "ok#7", "bad#1");
      List<DeadLetter> dead = new ArrayList<>();
      deadLetters.records().forEach(r -> dead.add(DeadLetterJson.decode(r.value())));
      assertThat(dead).hasSize(poisons.size());
      assertThat(dead).allSatisfy(d -> assertThat(d.deviceId()).isEqualTo("bad"));
      assertThat(deadLetters.records())
          .allSatisfy(
              r -> assertThat(r.value().length).isLessThan(DeadLetterJson.MAX_ENCODED_BYTES));
      Map<Long, DeadLetter> bySize =
          dead.stream().collect(Collectors.toMap(DeadLetter::originalSize, Function.identity()));
      assertThat(dead)
          .extracting(DeadLetter::reason)
          .containsExactly(
              RejectReason.OUT_OF_RANGE,
              RejectReason.OUT_OF_RANGE,
              RejectReason.PAYLOAD_TOO_LARGE,
              RejectReason.PAYLOAD_TOO_LARGE,
              RejectReason.SCHEMA_VIOLATION,
              RejectReason.PAYLOAD_TOO_LARGE);
      for (byte[] huge : List.of(hugeJson, hundredThousandReadings)) {
        DeadLetter d = bySize.get((long) huge.length);
        assertThat(d.reason()).isEqualTo(RejectReason.PAYLOAD_TOO_LARGE);
        assertThat(d.truncation().originalSha256()).isEqualTo(DeadLetter.sha256Hex(huge));
        assertThat(d.payloadLength()).isEqualTo(DeadLetter.DEFAULT_MAX_STORED_PAYLOAD_BYTES);
      }
      assertThat(dead.get(5).detail()).contains("more than 100 readings");
      assertThat(dead.get(5).truncation()).isNull();
    }
  }

  private SensorPayloads reading(String device, long seq, long eventTime) {
    return aSensorMessage()
        .site(site)
        .device(device)
        .sequence(seq)
        .at(eventTime)
        .with(Quantity.PM2_5, 5.0);
  }

  private static byte[] json(long seq, long t) {
    return ("{\"seq\":" + seq + ",\"time\":" + t + ",\"values\":{\"pm2_5\":3.5}}")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** A 5 MB airtrace JSON payload: a valid reading padded with a long string. */
  private static byte[] hugeJson(long t) {
    return ("{\"seq\":2,\"time\":"
            + t
            + ",\"values\":{\"pm2_5\":3.5},\"pad\":\""
            + "a".repeat(5_000_000)
            + "\"}")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** A SenML pack of {@code n} readings one second apart. */
  private static byte[] senmlPack(long t, int n) {
    StringBuilder sb = new StringBuilder(n * 60).append('[');
    for (int i = 0; i < n; i++) {
      sb.append(i == 0 ? "{\"bt\":" + t / 1000 + "," : ",{")
          .append("\"n\":\"seq\",\"v\":")
          .append(i + 10)
          .append(",\"t\":")
          .append(-i)
          .append("},{\"n\":\"pm10\",\"v\":5,\"t\":")
          .append(-i)
          .append('}');
    }
    return sb.append(']').toString().getBytes(StandardCharsets.UTF_8);
  }
}
