package dev.airtrace.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OrphansIT {

  private static long deadPid() throws Exception {
    Process finished = new ProcessBuilder("true").start();
    finished.waitFor();
    return finished.pid();
  }

  @Test
  void shouldStopBrokerAndDeleteDirLeftByADeadJvm() throws Exception {
    try (MosquittoService broker = MosquittoService.launch()) {
      long pid = broker.pid();
      Path dir = broker.logFile().getParent();
      ServiceFiles.write(dir.resolve(Orphans.OWNER_FILE), Long.toString(deadPid()));

      Orphans.reap("mosquitto", "mosquitto");

      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
      assertThat(dir).doesNotExist();
    }
  }

  @Test
  void shouldLeaveServicesOfLiveJvmsAlone() {
    try (MosquittoService broker = MosquittoService.launch()) {
      Orphans.reap("mosquitto", "mosquitto");

      assertThat(broker.isRunning()).isTrue();
      assertThat(broker.logFile().getParent()).isDirectory();
    }
  }
}
