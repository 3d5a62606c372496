package dev.airtrace.mqtt;

import static dev.airtrace.localstack.TestWaits.atMost;
import static dev.airtrace.localstack.TestWaits.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.airtrace.localstack.Services;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Paho intake and publisher against a real mosquitto. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class MqttIntakeIT {
  private static final Duration AT_MOST = atMost(Duration.ofSeconds(30));
  private static final Duration QUIET = Duration.ofMillis(500);

  private final String uri = Services.mosquitto().serverUri();
  private final String ns = uniqueName("mi");
  private final String filter = "it/" + ns + "/#";

  @Test
  void shouldRedeliverOnlyUnacknowledgedMessagesToTheNextSessionWithTheSameClientId()
      throws Exception {
    List<InboundMessage> first;
    try (MqttIntake intake = intake();
        MqttPublisher publisher = publisher()) {
      intake.start();
      await().atMost(AT_MOST).until(() -> intake.status().connected());
      publish(publisher, "m1", "m2", "m3");

      first = pollAll(intake, 3);
      assertThat(intake.acknowledge(first.get(0))).isTrue();
    }

    try (MqttIntake next = intake()) {
      next.start();
      List<InboundMessage> again = pollAll(next, 2);

      assertThat(again).extracting(MqttIntakeIT::text).containsExactly("m2", "m3");
      again.forEach(next::acknowledge);
      assertThat(next.poll(QUIET)).isNull();
    }
  }

  @Test
  void shouldReceiveWhatWasPublishedWhileTheIntakeWasAway() throws Exception {
    try (MqttIntake intake = intake()) {
      intake.start();
      await().atMost(AT_MOST).until(() -> intake.status().connected());
    }
    try (MqttPublisher publisher = publisher()) {
      publish(publisher, "a", "b", "c", "d");
    }

    try (MqttIntake next = intake()) {
      next.start();
      List<InboundMessage> got = pollAll(next, 4);
      got.forEach(next::acknowledge);

      assertThat(got).extracting(MqttIntakeIT::text).containsExactly("a", "b", "c", "d");
    }
  }

  @Test
  void shouldNotTakeMessagesOncePaused() throws Exception {
    try (MqttIntake intake = intake();
        MqttPublisher publisher = publisher()) {
      intake.start();
      await().atMost(AT_MOST).until(() -> intake.status().connected());
      intake.pause();

      publish(publisher, "ignored");

      assertThat(intake.poll(QUIET)).isNull();
    }
    try (MqttIntake next = intake()) {
      next.start();
      assertThat(pollAll(next, 1)).extracting(MqttIntakeIT::text).containsExactly("ignored");
    }
  }

  @Test
  void shouldCompletePublishFuturesOnceTheBrokerAcknowledged() throws Exception {
    try (MqttPublisher publisher = publisher()) {
      List<CompletableFuture<Void>> futures = new ArrayList<>();
      for (int i = 0; i < 2_000; i++) {
        futures.add(publisher.publish("it/" + ns + "/load", new byte[] {(byte) i}));
      }

      assertThat(publisher.awaitDelivered(AT_MOST)).isTrue();
      assertThat(futures).allSatisfy(f -> assertThat(f).isCompleted());
      assertThat(publisher.acknowledged()).isEqualTo(2_000);
    }
  }

  private MqttIntake intake() {
    return MqttClients.intake(
        MqttIntakeConfig.builder(MqttEndpoint.of(uri), "intake-" + ns, filter)
            .queueCapacity(64)
            .build());
  }

  private MqttPublisher publisher() throws InterruptedException {
    MqttPublisher publisher =
        MqttClients.publisher(MqttPublisherConfig.defaults(MqttEndpoint.of(uri), "pub-" + ns));
    publisher.start();
    assertThat(publisher.awaitConnected(AT_MOST)).isTrue();
    return publisher;
  }

  private void publish(MqttPublisher publisher, String... texts) throws InterruptedException {
    for (String text : texts) {
      publisher.publish("it/" + ns + "/x", text.getBytes(StandardCharsets.UTF_8));
    }
    assertThat(publisher.awaitDelivered(AT_MOST)).isTrue();
  }

  private static List<InboundMessage> pollAll(MqttIntake intake, int count) {
    List<InboundMessage> out = new ArrayList<>();
    await()
        .atMost(AT_MOST)
        .until(
            () -> {
              InboundMessage m = intake.poll(Duration.ofMillis(100));
              if (m != null) {
                out.add(m);
              }
              return out.size() >= count;
            });
    return out;
  }

  private static String text(InboundMessage m) {
    return new String(m.payload(), StandardCharsets.UTF_8);
  }
}
