package dev.airtrace.gateway;

import static dev.airtrace.gateway.testdata.Integration.atMost;
import static dev.airtrace.gateway.testdata.Integration.uniqueName;
import static dev.airtrace.gateway.testdata.SensorPayloads.aSensorMessage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.airtrace.core.Quantity;
import dev.airtrace.core.Reading;
import dev.airtrace.core.deadletter.DeadLetter;
import dev.airtrace.core.deadletter.RejectReason;
import dev.airtrace.gateway.testdata.Integration;
import dev.airtrace.gateway.testdata.SensorPayloads;
import dev.airtrace.gateway.testdata.TopicReader;
import dev.airtrace.localstack.KafkaService;
import dev.airtrace.localstack.Services;
import dev.airtrace.mqtt.MqttPublisher;
import dev.airtrace.simulator.FaultMix;
import dev.airtrace.simulator.SimulationPlan;
import dev.airtrace.simulator.Simulator;
import dev.airtrace.simulator.SimulatorConfig;
import dev.airtrace.topics.deadletter.DeadLetterJson;
import dev.airtrace.topics.gateway.AggregateJson;
import dev.airtrace.topics.gateway.DeviceAggregate;
import dev.airtrace.topics.gateway.ReadingJson;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The gateway between a real mosquitto and a real Kafka broker. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class EdgeGatewayIT {
  private static final Duration AT_MOST = atMost(Duration.ofSeconds(60));

  private final KafkaService kafka = Services.kafka();
  private final String mqttUri = Services.mosquitto().serverUri();
  private final String ns = uniqueName("gw");
  private final String site = ns + "-site";
  private final GatewayTopics topics = Integration.createTopics(kafka, ns, 3);

  @Test
  void shouldWriteReadingsKeyedByDeviceAndRejectsWithReasonAndOriginalBytes() throws Exception {
    long t = System.currentTimeMillis() - Duration.ofMinutes(10).toMillis();
    List<SensorPayloads> good =
        List.of(
            reading("d1", 1, t, 10.0),
            reading("d1", 2, t + 1_000, 12.0),
            reading("d2", 1, t, 30.0),
            reading("d2", 2, t + 1_000, 34.0));
    SensorPayloads outOfRange = reading("d2", 3, t + 2_000, -7.0);
    byte[] notJson = SensorPayloads.notJson();

    try (EdgeGateway gateway = startGateway();
        MqttPublisher publisher = Integration.publisher(mqttUri, ns);
        TopicReader readings = new TopicReader(kafka.bootstrapServers(), topics.readings());
        TopicReader deadLetters = new TopicReader(kafka.bootstrapServers(), topics.deadLetters())) {
      await().atMost(AT_MOST).until(() -> gateway.snapshot().mqttConnected());
      for (SensorPayloads p : good) {
        publisher.publish(p.topic(), p.payload());
      }
      publisher.publish(outOfRange.topic(), outOfRange.payload());
      publisher.publish(reading("d1", 3, t, 1).topic(), notJson);

      await().atMost(AT_MOST).until(() -> readings.drain().size() == 4);
      await().atMost(AT_MOST).until(() -> deadLetters.drain().size() == 2);
      await().atMost(AT_MOST).until(() -> gateway.snapshot().acked() == 6);

      assertThat(readings.records())
          .allSatisfy(
              r -> assertThat(r.key()).isEqualTo(ReadingJson.decode(r.value()).deviceId().value()))
          .extracting(r -> r.key() + "#" + ReadingJson.decode(r.value()).sequence())
          .containsExactlyInAnyOrder("d1#1", "d1#2", "d2#1", "d2#2");
      Reading d2first =
          readings.records().stream()
              .map(r -> ReadingJson.decode(r.value()))
              .filter(r -> r.deviceId().value().equals("d2") && r.sequence() == 1)
              .findFirst()
              .orElseThrow();
      assertThat(d2first.values()).containsEntry(Quantity.PM2_5, 30.0);
      assertThat(d2first.gatewayId().value()).isEqualTo("gw-" + ns);

      Map<RejectReason, DeadLetter> byReason =
          deadLetters.records().stream()
              .map(r -> DeadLetterJson.decode(r.value()))
              .collect(Collectors.toMap(DeadLetter::reason, d -> d));
      assertThat(byReason.keySet())
          .containsExactlyInAnyOrder(RejectReason.OUT_OF_RANGE, RejectReason.MALFORMED_PAYLOAD);
      assertThat(byReason.get(RejectReason.OUT_OF_RANGE).payload()).isEqualTo(outOfRange.payload());
      assertThat(byReason.get(RejectReason.OUT_OF_RANGE).source())
          .isEqualTo("mqtt:" + outOfRange.topic());
      assertThat(byReason.get(RejectReason.MALFORMED_PAYLOAD).payload()).isEqualTo(notJson);
      assertThat(deadLetters.records())
          .extracting(ConsumerRecord::key)
          .containsExactlyInAnyOrder("d2", "d1");
    }
  }

  @Test
  void shouldEmitOneMinuteAggregatesPerDeviceOnClose() throws Exception {
    long minute = (System.currentTimeMillis() / 60_000 - 5) * 60_000;
    try (TopicReader aggregates = new TopicReader(kafka.bootstrapServers(), topics.aggregates())) {
      try (EdgeGateway gateway = startGateway();
          MqttPublisher publisher = Integration.publisher(mqttUri, ns)) {
        await().atMost(AT_MOST).until(() -> gateway.snapshot().mqttConnected());
        for (int i = 0; i < 3; i++) {
          SensorPayloads p = reading("d7", i, minute + i * 10_000, 2.0 * (i + 1));
          publisher.publish(p.topic(), p.payload());
        }
        await().atMost(AT_MOST).until(() -> gateway.snapshot().acked() == 3);
      }

      await().atMost(AT_MOST).until(() -> aggregates.drain().size() == 1);
      ConsumerRecord<String, byte[]> record = aggregates.records().get(0);
      DeviceAggregate a = AggregateJson.decode(record.value());
      assertThat(record.key()).isEqualTo("d7");
      assertThat(a.windowStart()).isEqualTo(minute);
      assertThat(a.quantities().get(Quantity.PM2_5).count()).isEqualTo(3);
      assertThat(a.quantities().get(Quantity.PM2_5).mean()).isEqualTo(4.0);
      assertThat(a.quantities().get(Quantity.PM2_5).last()).isEqualTo(6.0);
    }
  }

  @Test
  void shouldAcceptOrDeadLetterEverySimulatedMessageExactlyAsPlanned() throws Exception {
    SimulatorConfig config =
        SimulatorConfig.builder(SimulatorConfig.startHoursBefore(Instant.now(), 2))
            .namespace(ns)
            .faults(new FaultMix(2, 2, 2, 2, 2, 3, 2, 2))
            .fleet(1, 4, 2)
            .interval(Duration.ofSeconds(30))
            .build();
    Simulator simulator = new Simulator(config);
    String simSite = simulator.plan().messages().get(0).siteId().value();

    try (EdgeGateway gateway =
            EdgeGateway.create(
                Integration.gateway(ns, mqttUri, kafka.bootstrapServers(), simSite, topics).build(),
                new SimpleMeterRegistry());
        MqttPublisher publisher = Integration.publisher(mqttUri, ns);
        TopicReader readings = new TopicReader(kafka.bootstrapServers(), topics.readings());
        TopicReader deadLetters = new TopicReader(kafka.bootstrapServers(), topics.deadLetters())) {
      gateway.start();
      await().atMost(AT_MOST).until(() -> gateway.snapshot().mqttConnected());

      SimulationPlan plan = simulator.run(publisher, AT_MOST);

      int accepted = plan.expectedAccepted().size();
      int rejected = plan.expectedRejected().size();
      await().atMost(AT_MOST).until(() -> gateway.snapshot().acked() == plan.published());
      await().atMost(AT_MOST).until(() -> readings.drain().size() >= accepted);
      await().atMost(AT_MOST).until(() -> deadLetters.drain().size() >= rejected);
      assertThat(readings.drain()).hasSize(accepted);
      assertThat(deadLetters.drain()).hasSize(rejected);
      assertThat(accepted + rejected).isEqualTo(plan.published());

      assertThat(readings.records().stream().map(r -> ReadingJson.decode(r.value())))
          .extracting(r -> r.deviceId() + "#" + r.sequence() + "=" + r.values())
          .containsExactlyInAnyOrderElementsOf(
              plan.expectedAccepted().stream()
                  .map(m -> m.deviceId() + "#" + m.sequence() + "=" + m.values())
                  .toList());
      assertThat(deadLetters.records().stream().map(r -> DeadLetterJson.decode(r.value())))
          .extracting(d -> d.reason() + "@" + d.source() + ":" + Arrays.hashCode(d.payload()))
          .containsExactlyInAnyOrderElementsOf(
              plan.expectedRejected().stream()
                  .map(
                      m ->
                          m.expectedRejection()
                              + "@mqtt:"
                              + m.topic()
                              + ":"
                              + Arrays.hashCode(m.payload()))
                  .toList());
      assertThat(gateway.snapshot().rejected()).isEqualTo(plan.expectedDeadLetters());
      assertThat(readings.records())
          .allSatisfy(
              r -> assertThat(r.key()).isEqualTo(ReadingJson.decode(r.value()).deviceId().value()));
    }
  }

  private EdgeGateway startGateway() {
    EdgeGateway gateway =
        EdgeGateway.create(
            Integration.gateway(ns, mqttUri, kafka.bootstrapServers(), site, topics).build(),
            new SimpleMeterRegistry());
    gateway.start();
    return gateway;
  }

  private SensorPayloads reading(String device, long seq, long eventTime, double pm25) {
    return aSensorMessage()
        .site(site)
        .device(device)
        .sequence(seq)
        .at(eventTime)
        .with(Quantity.PM2_5, pm25);
  }
}
