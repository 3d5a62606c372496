package dev.airtrace.gateway;

import static dev.airtrace.gateway.testdata.Integration.atMost;
import static dev.airtrace.gateway.testdata.Integration.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.airtrace.core.deadletter.DeadLetter;
import dev.airtrace.core.deadletter.RejectReason;
import dev.airtrace.gateway.testdata.Integration;
import dev.airtrace.gateway.testdata.TopicReader;
import dev.airtrace.localstack.KafkaService;
import dev.airtrace.localstack.MosquittoService;
import dev.airtrace.localstack.Services;
import dev.airtrace.mqtt.MqttPublisher;
import dev.airtrace.simulator.FaultMix;
import dev.airtrace.simulator.PlannedMessage;
import dev.airtrace.simulator.SimulationPlan;
import dev.airtrace.simulator.Simulator;
import dev.airtrace.simulator.SimulatorConfig;
import dev.airtrace.topics.deadletter.DeadLetterJson;
import dev.airtrace.topics.gateway.ReadingJson;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A broker restart in the middle of a simulation loses nothing: every planned message ends up
 * accepted or dead-lettered as planned. Redeliveries may add duplicate dead letters, never a
 * missing or wrong verdict.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class MosquittoRestartIT {
  private static final Logger LOG = LoggerFactory.getLogger(MosquittoRestartIT.class);
  private static final Duration AT_MOST = atMost(Duration.ofSeconds(120));

  private final KafkaService kafka = Services.kafka();
  private final String ns = uniqueName("mr");
  private final GatewayTopics topics = Integration.createTopics(kafka, ns, 3);

  @Test
  void shouldLoseNothingWhenTheBrokerRestartsMidStream() throws Exception {
    SimulatorConfig config =
        SimulatorConfig.builder(SimulatorConfig.startHoursBefore(Instant.now(), 2))
            .namespace(ns)
            .faults(new FaultMix(2, 2, 2, 2, 2, 3, 2, 2))
            .fleet(1, 4, 2)
            .interval(Duration.ofSeconds(10))
            .messagesPerSecond(1_500)
            .build();
    Simulator simulator = new Simulator(config);
    SimulationPlan plan = simulator.plan();
    String site = plan.messages().get(0).siteId().value();

    try (MosquittoService broker = MosquittoService.launch();
        EdgeGateway gateway =
            EdgeGateway.create(
                Integration.gateway(ns, broker.serverUri(), kafka.bootstrapServers(), site, topics)
                    .build(),
                new SimpleMeterRegistry());
        MqttPublisher publisher = Integration.publisher(broker.serverUri(), ns);
        TopicReader readings = new TopicReader(kafka.bootstrapServers(), topics.readings());
        TopicReader deadLetters = new TopicReader(kafka.bootstrapServers(), topics.deadLetters())) {
      gateway.start();
      await().atMost(AT_MOST).until(() -> gateway.snapshot().mqttConnected());

      CompletableFuture<SimulationPlan> run =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return simulator.run(publisher, AT_MOST);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  throw new IllegalStateException(e);
                }
              });
      await().atMost(AT_MOST).until(() -> simulator.publishedSoFar() >= plan.published() / 3);
      broker.restart();
      run.get(AT_MOST.toMillis(), TimeUnit.MILLISECONDS);

      Set<String> expectedAccepted =
          plan.expectedAccepted().stream()
              .map(m -> m.deviceId() + "#" + m.sequence())
              .collect(Collectors.toSet());
      await().atMost(AT_MOST).until(() -> acceptedKeys(readings).containsAll(expectedAccepted));
      await()
          .atMost(AT_MOST)
          .until(() -> deadLetters.drain().size() >= plan.expectedRejected().size());
      await().atMost(AT_MOST).until(() -> gateway.snapshot().inFlight() == 0);

      assertThat(acceptedKeys(readings)).isEqualTo(expectedAccepted);
      Map<String, PlannedMessage> byBytes = new HashMap<>();
      plan.messages().forEach(m -> byBytes.put(m.topic() + "|" + encode(m.payload()), m));
      List<DeadLetter> letters =
          deadLetters.drain().stream().map(r -> DeadLetterJson.decode(r.value())).toList();
      for (DeadLetter dl : letters) {
        PlannedMessage origin = byBytes.get(dl.source().substring(5) + "|" + encode(dl.payload()));
        assertThat(origin).as("dead letter %s comes from a planned message", dl).isNotNull();
        if (origin.expectedAccepted() || dl.reason() == RejectReason.DUPLICATE) {
          // a redelivered or re-published copy of a message that was (also) accepted
          assertThat(dl.reason()).as("%s for %s", dl, origin).isEqualTo(RejectReason.DUPLICATE);
        } else {
          assertThat(dl.reason()).as("%s for %s", dl, origin).isEqualTo(origin.expectedRejection());
        }
      }
      for (PlannedMessage rejected : plan.expectedRejected()) {
        assertThat(letters)
            .as("a dead letter for %s", rejected)
            .anyMatch(
                dl ->
                    dl.reason() == rejected.expectedRejection()
                        && dl.source().equals("mqtt:" + rejected.topic())
                        && encode(dl.payload()).equals(encode(rejected.payload())));
      }
      assertThat(expectedAccepted.size() + plan.expectedRejected().size())
          .as("published = accepted + dead-lettered")
          .isEqualTo(plan.published());
      assertThat(gateway.snapshot().mqttReconnects()).isPositive();
      LOG.info(
          "broker restart: {} published, {} accepted, {} dead letters ({} planned), {}",
          plan.published(),
          expectedAccepted.size(),
          letters.size(),
          plan.expectedRejected().size(),
          gateway.snapshot().progressLine());
    }
  }

  private static Set<String> acceptedKeys(TopicReader readings) {
    return readings.drain().stream()
        .map(r -> ReadingJson.decode(r.value()))
        .map(r -> r.deviceId() + "#" + r.sequence())
        .collect(Collectors.toSet());
  }

  private static String encode(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}
