package dev.airtrace.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.airtrace.core.deadletter.DeadLetter;
import dev.airtrace.core.deadletter.RejectReason;
import dev.airtrace.localstack.MosquittoService;
import dev.airtrace.localstack.TestWaits;
import dev.airtrace.mqtt.MqttPublisher;
import dev.airtrace.simulator.SimulationPlan;
import dev.airtrace.simulator.Simulator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Scenario d: poison messages from their own devices, published into a running fleet through a real
 * mosquitto and a real gateway process: a sequence number beyond 2^53−1, a 5 MB payload (five times
 * Kafka's default record limit), a SenML pack naming two devices, and one specimen of every hostile
 * input class the decoders' property tests generate ({@code SensorPayloadDecoderPropertiesTest}:
 * arbitrary bytes, JSON-like text, byte mutations of valid payloads, structural mutations with
 * extreme numbers, wrong types and missing fields). Each is exactly one dead letter, the gateway
 * process stays alive, and every fleet reading is delivered.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class PoisonMessagesProcessIT {
  /** One poison message: where it is published, its bytes, and the reason when it is certain. */
  record Poison(String label, String format, byte[] payload, RejectReason reason) {}

  @Test
  void shouldDeadLetterEachPoisonOnceKeepTheGatewayAliveAndDeliverEveryOtherReading()
      throws Exception {
    FaultProfile profile = FaultProfile.current();
    String ns = TestWaits.uniqueName("poison");
    Simulator simulator =
        new Simulator(Scenarios.fleet(ns, profile, profile.hours(), profile.readingsPerSecond()));
    SimulationPlan plan = simulator.plan();
    long t = plan.config().startEpochMillis() + Duration.ofHours(1).toMillis();
    List<Poison> poisons = poisons(t);
    Expectation expected = new Expectation().add(plan);
    Map<String, Poison> byTopic = new HashMap<>();
    for (int i = 0; i < poisons.size(); i++) {
      Poison p = poisons.get(i);
      expected.deadLetter(p.payload(), p.label());
      byTopic.put("airtrace/v1/" + ns + "-poison/poison-" + i + "/" + p.format(), p);
    }

    try (FaultStack stack = FaultStack.onSharedKafka("poison");
        MosquittoService mosquitto = MosquittoService.launch();
        MqttPublisher fleet = FaultStack.publisher(mosquitto.serverUri(), ns + "-fleet");
        MqttPublisher attacker = FaultStack.publisher(mosquitto.serverUri(), ns + "-attacker")) {
      ChildJvm gateway = stack.startGateway(ns + "-gw", mosquitto.serverUri());
      CompletableFuture<SimulationPlan> run =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return simulator.run(fleet, TestWaits.atMost(Duration.ofSeconds(120)));
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  throw new IllegalStateException(e);
                }
              });
      await()
          .atMost(TestWaits.atMost(Duration.ofSeconds(60)))
          .until(() -> simulator.publishedSoFar() >= plan.published() / 3);
      for (Map.Entry<String, Poison> e : byTopic.entrySet()) {
        attacker.publish(e.getKey(), e.getValue().payload());
      }
      assertThat(attacker.awaitDelivered(TestWaits.atMost(Duration.ofSeconds(60)))).isTrue();
      run.get(TestWaits.atMost(Duration.ofSeconds(180)).toMillis(), TimeUnit.MILLISECONDS);

      try (Auditor auditor = new Auditor(stack.kafka().bootstrapServers(), ns)) {
        Audit audit = Scenarios.awaitAudit(auditor, expected);
        FaultTable.row(
            "d) poison messages (" + profile.name() + ")",
            audit,
            poisons.size()
                + " poisons (seq 2^53, 5 MB, mixed SenML names, property-test classes) among "
                + plan.published()
                + " fleet messages; gateway alive: "
                + gateway.isAlive());
        assertThat(gateway.isAlive()).as("the gateway survived every poison").isTrue();
        assertThat(audit.lost()).as(audit.toString()).isZero();
        assertThat(audit.delivered()).isEqualTo(expected.readings().size());
        assertThat(audit.deadLettered()).isEqualTo(expected.deadLetters().size());
        assertThat(audit.redeliveredCopies()).as("exactly one dead letter each").isZero();
        assertThat(audit.unexpectedDeadLetters()).isZero();
        assertThat(audit.dupAfterDedup()).isZero();
        Map<String, RejectReason> reasons = new HashMap<>();
        for (DeadLetter d : auditor.deadLetters()) {
          reasons.put(d.source().substring(d.source().indexOf(':') + 1), d.reason());
        }
        byTopic.forEach(
            (topic, p) -> {
              if (p.reason() != null) {
                assertThat(reasons.get(topic)).as(p.label()).isEqualTo(p.reason());
              }
            });
      }
    }
  }

  /** One specimen per hostile class; every one must be rejected whatever the device's history. */
  static List<Poison> poisons(long t) {
    List<Poison> p = new ArrayList<>();
    long s = t / 1000;
    p.add(
        json(
            "seq 2^53",
            "{\"seq\":9007199254740992,\"time\":" + t + ",\"values\":{\"pm2_5\":3.5}}",
            RejectReason.OUT_OF_RANGE));
    p.add(
        json(
            "seq -1",
            "{\"seq\":-1,\"time\":" + t + ",\"values\":{\"pm2_5\":3.5}}",
            RejectReason.OUT_OF_RANGE));
    p.add(
        json(
            "seq 1e40",
            "{\"seq\":10000000000000000000000000000000000000000,\"time\":"
                + t
                + ",\"values\":{\"pm2_5\":3.5}}",
            null));
    p.add(
        json(
            "seq Long.MAX",
            "{\"seq\":" + Long.MAX_VALUE + ",\"time\":" + t + ",\"values\":{\"pm2_5\":3.5}}",
            null));
    p.add(
        new Poison(
            "5 MB JSON payload",
            "json",
            ("{\"seq\":2,\"time\":"
                    + t
                    + ",\"values\":{\"pm2_5\":3.5},\"pad\":\""
                    + "a".repeat(5_000_000)
                    + "\"}")
                .getBytes(StandardCharsets.UTF_8),
            RejectReason.PAYLOAD_TOO_LARGE));
    p.add(
        senml(
            "SenML pack naming two devices",
            "[{\"bn\":\"a:\",\"bt\":"
                + s
                + ",\"n\":\"seq\",\"v\":1},{\"n\":\"pm10\",\"v\":5},"
                + "{\"bn\":\"b:\",\"n\":\"pm2_5\",\"v\":7}]",
            RejectReason.SCHEMA_VIOLATION));
    p.add(
        new Poison(
            "arbitrary bytes (invalid UTF-8)",
            "json",
            new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, (byte) 0xc3, 0x28},
            null));
    p.add(new Poison("empty payload", "senml", new byte[0], null));
    p.add(json("JSON-like text", "{\"seq\":[{]},\"values\":{", null));
    p.add(
        json("truncated valid payload", "{\"seq\":7,\"time\":" + t + ",\"values\":{\"pm2_", null));
    p.add(
        json(
            "byte flipped in a key",
            "{\"seq\":7,\"time\":" + t + ",\"values\":{\"pm2\u00015\":3.5}}",
            null));
    p.add(json("time 1e300", "{\"seq\":7,\"time\":1e300,\"values\":{\"pm2_5\":3.5}}", null));
    p.add(
        json(
            "time as text",
            "{\"seq\":7,\"time\":\"2025-11-25T08:00:00Z\",\"values\":{\"pm2_5\":3.5}}",
            null));
    p.add(
        json(
            "value Infinity", "{\"seq\":7,\"time\":" + t + ",\"values\":{\"pm2_5\":1e400}}", null));
    p.add(json("values null", "{\"seq\":7,\"time\":" + t + ",\"values\":null}", null));
    p.add(json("values missing", "{\"seq\":7,\"time\":" + t + "}", null));
    p.add(
        json(
            "value of the wrong type",
            "{\"seq\":7,\"time\":" + t + ",\"values\":{\"pm2_5\":[true]}}",
            null));
    p.add(
        json(
            "latitude 91",
            "{\"seq\":7,\"time\":"
                + t
                + ",\"values\":{\"pm2_5\":3.5},\"location\":{\"latitude\":91,\"longitude\":0}}",
            null));
    p.add(
        senml(
            "SenML time 1e300",
            "[{\"bt\":1e300,\"n\":\"seq\",\"v\":1},{\"n\":\"pm10\",\"v\":5}]",
            null));
    p.add(
        senml(
            "SenML seq 2^53",
            "[{\"bt\":" + s + ",\"n\":\"seq\",\"v\":9007199254740992},{\"n\":\"pm10\",\"v\":5}]",
            null));
    p.add(
        senml(
            "SenML unknown unit",
            "[{\"bt\":" + s + ",\"n\":\"seq\",\"v\":3},{\"n\":\"pm10\",\"u\":\"furlong\",\"v\":5}]",
            null));
    p.add(
        senml(
            "SenML string value",
            "[{\"bt\":" + s + ",\"n\":\"seq\",\"v\":3},{\"n\":\"pm10\",\"vs\":\"five\"}]",
            null));
    return p;
  }

  private static Poison json(String label, String text, RejectReason reason) {
    return new Poison(label, "json", text.getBytes(StandardCharsets.UTF_8), reason);
  }

  private static Poison senml(String label, String text, RejectReason reason) {
    return new Poison(label, "senml", text.getBytes(StandardCharsets.UTF_8), reason);
  }
}
