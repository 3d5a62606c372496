package dev.airtrace.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MosquittoServiceIT {
  private static final Duration AT_MOST = Duration.ofSeconds(20);

  @TempDir Path dir;

  @Test
  void shouldDeliverPublishedMessageToSubscriber() throws Exception {
    MosquittoService broker = Services.mosquitto();
    String topic = "harness/it/" + System.nanoTime();

    try (MqttCli sub = MqttCli.subscribe(broker, dir, topic, "-C", "1")) {
      await().atMost(AT_MOST).until(sub::subscribed);
      assertThat(MqttCli.publish(broker, topic, "hello-airtrace")).isZero();

      await().atMost(AT_MOST).until(() -> sub.output().contains("hello-airtrace"));
    }
  }

  @Test
  void shouldReportLoopbackServerUri() {
    MosquittoService broker = Services.mosquitto();

    assertThat(broker.serverUri()).isEqualTo("tcp://" + broker.host() + ":" + broker.port());
  }

  @Test
  void shouldKeepPortAndQueuedQos1MessagesAcrossRestart() throws Exception {
    try (MosquittoService broker = MosquittoService.launch()) {
      int port = broker.port();
      long pidBefore = broker.pid();
      String topic = "harness/restart/" + System.nanoTime();
      String[] session = {"-c", "-i", "harness-restart-" + System.nanoTime(), "-q", "1"};
      // Register a persistent session, then go offline so the broker must queue for it.
      try (MqttCli first = MqttCli.subscribe(broker, dir, topic, session)) {
        await().atMost(AT_MOST).until(first::subscribed);
      }
      assertThat(MqttCli.publish(broker, topic, "queued-while-offline", "-q", "1")).isZero();

      broker.restart();

      assertThat(broker.port()).isEqualTo(port);
      assertThat(broker.pid()).isNotEqualTo(pidBefore);
      assertThat(NativeProcess.accepts(broker.host(), port)).isTrue();
      try (MqttCli again = MqttCli.subscribe(broker, dir, topic, concat(session, "-C", "1"))) {
        await().atMost(AT_MOST).until(() -> again.output().contains("queued-while-offline"));
      }
    }
  }

  @Test
  void shouldRefuseConnectionsWhileStoppedAndAcceptAfterRestart() {
    try (MosquittoService broker = MosquittoService.launch()) {
      broker.stop();

      assertThat(broker.isRunning()).isFalse();
      assertThat(NativeProcess.accepts(broker.host(), broker.port())).isFalse();

      broker.restart();

      assertThat(broker.isRunning()).isTrue();
      assertThat(NativeProcess.accepts(broker.host(), broker.port())).isTrue();
    }
  }

  @Test
  void shouldStopProcessAndDeleteDirectoryOnClose() {
    MosquittoService broker = MosquittoService.launch();
    long pid = broker.pid();
    Path log = broker.logFile();

    broker.close();

    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive))
        .isNotEqualTo(java.util.Optional.of(true));
    assertThat(log.getParent()).doesNotExist();
  }

  private static String[] concat(String[] first, String... more) {
    String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
    System.arraycopy(more, 0, all, first.length, more.length);
    return all;
  }
}
