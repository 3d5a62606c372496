package dev.airtrace.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.airtrace.localstack.FreePorts;
import dev.airtrace.localstack.TestWaits;
import dev.airtrace.mqtt.InboundMessage;
import dev.airtrace.mqtt.MqttClients;
import dev.airtrace.mqtt.MqttEndpoint;
import dev.airtrace.mqtt.MqttIntake;
import dev.airtrace.mqtt.MqttIntakeConfig;
import dev.airtrace.mqtt.MqttPublisher;
import dev.airtrace.mqtt.MqttPublisherConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's in-process HiveMQ with the gateway's real MQTT intake: how many unacknowledged
 * messages the broker keeps in flight to one subscriber, which sets the demo's drain rate (see
 * {@link EmbeddedMqttBroker}'s delivery window).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class EmbeddedMqttBrokerIT {
  private static final Duration PATIENCE = TestWaits.atMost(Duration.ofSeconds(60));

  /** More than HiveMQ's default window of 50, less than the intake's receive maximum of 2,048. */
  private static final int BURST = 600;

  @TempDir Path work;

  @Test
  void shouldDeliverABurstUpToTheSubscribersReceiveMaximumWithoutWaitingForAcknowledgements()
      throws Exception {
    try (EmbeddedMqttBroker broker = EmbeddedMqttBroker.start(work, FreePorts.pick())) {
      MqttIntakeConfig gateway =
          MqttIntakeConfig.defaults(
              MqttEndpoint.of(broker.serverUri()), "window-gateway", "window/#");
      assertThat(gateway.receiveMaximum()).as("the gateway's window").isGreaterThan(BURST);
      deliverABurstAndHoldItUnacknowledged(broker, gateway);
    }
  }

  /**
   * Queues the burst while the gateway is offline (its persistent session keeps it), then lets the
   * gateway reconnect and acknowledges nothing. HiveMQ reads a subscriber's queue again only once
   * everything in flight was acknowledged, so a queued burst is the case where its window shows:
   * with the default of 50 the gateway gets 50 messages and then nothing.
   */
  private static void deliverABurstAndHoldItUnacknowledged(
      EmbeddedMqttBroker broker, MqttIntakeConfig gateway) throws Exception {
    try (MqttIntake session = MqttClients.intake(gateway)) {
      session.start();
      await("session created").atMost(PATIENCE).until(() -> session.status().connected());
    }
    try (MqttPublisher publisher =
        MqttClients.publisher(
            MqttPublisherConfig.defaults(MqttEndpoint.of(broker.serverUri()), "window-sensor"))) {
      publisher.start();
      assertThat(publisher.awaitConnected(PATIENCE)).isTrue();
      for (int i = 0; i < BURST; i++) {
        publisher.publish("window/d" + i, ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8));
      }
      assertThat(publisher.awaitDelivered(PATIENCE)).isTrue();
    }
    try (MqttIntake intake = MqttClients.intake(gateway)) {
      intake.start();
      // Nothing is acknowledged: every message the intake holds is in flight at the broker.
      List<InboundMessage> received = new ArrayList<>();
      await("all " + BURST + " queued messages in flight at once")
          .atMost(PATIENCE)
          .untilAsserted(
              () -> {
                InboundMessage m;
                while ((m = intake.poll(Duration.ZERO)) != null) {
                  received.add(m);
                }
                assertThat(received).hasSize(BURST);
              });
    }
  }
}
