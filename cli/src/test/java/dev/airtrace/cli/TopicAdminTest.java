package dev.airtrace.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airtrace.topics.TopicProvisioningException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

/** Start-up topic creation waits for Kafka with backoff instead of exiting. */
class TopicAdminTest {
  /** A fake clock that the fake sleeper advances: no real waiting in the test. */
  private final long[] now = {0};

  private final List<Duration> pauses = new ArrayList<>();

  private final TopicAdmin.Sleeper sleeper =
      d -> {
        pauses.add(d);
        now[0] += d.toNanos();
      };

  private static TopicProvisioningException unanswered() {
    return new TopicProvisioningException(
        "cannot create topics on 127.0.0.1:9092: Timed out waiting for a node assignment",
        new TimeoutException("Timed out waiting for a node assignment"));
  }

  @Test
  void retriesWhileKafkaDoesNotAnswerWithDoublingBackoffCappedAtThirtySeconds() throws Exception {
    AtomicInteger calls = new AtomicInteger();

    String result =
        TopicAdmin.retrying(
            () -> {
              if (calls.incrementAndGet() <= 7) {
                throw unanswered();
              }
              return "created";
            },
            Duration.ZERO,
            sleeper,
            () -> now[0]);

    assertThat(result).isEqualTo("created");
    assertThat(calls).hasValue(8);
    // 1, 2, 4, 8, 16, then capped at 30
    assertThat(pauses)
        .containsExactly(
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            Duration.ofSeconds(4),
            Duration.ofSeconds(8),
            Duration.ofSeconds(16),
            Duration.ofSeconds(30),
            Duration.ofSeconds(30));
  }

  @Test
  void givesUpWithTheLastErrorOnceTheNextPauseWouldPassTheTimeout() {
    AtomicInteger calls = new AtomicInteger();

    assertThatThrownBy(
            () ->
                TopicAdmin.retrying(
                    () -> {
                      calls.incrementAndGet();
                      throw unanswered();
                    },
                    Duration.ofSeconds(10),
                    sleeper,
                    () -> now[0]))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Timed out waiting for a node assignment")
        .hasMessageContaining("gave up after 4 attempts");
    // pauses 1 + 2 + 4 = 7 s; the next (8 s) would end at 15 s > 10 s
    assertThat(pauses)
        .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
    assertThat(calls).hasValue(4);
  }

  @Test
  void failsAtOnceOnAnErrorNoRetryCanFix() {
    AtomicInteger calls = new AtomicInteger();

    assertThatThrownBy(
            () ->
                TopicAdmin.retrying(
                    () -> {
                      calls.incrementAndGet();
                      throw new TopicProvisioningException(
                          "cannot create topics on k:9093: bad credentials",
                          new AuthenticationException("bad credentials"));
                    },
                    Duration.ZERO,
                    sleeper,
                    () -> now[0]))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("bad credentials");
    assertThat(calls).hasValue(1);
    assertThat(pauses).isEmpty();
  }
}
