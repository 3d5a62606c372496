package dev.airtrace.serving.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airtrace.localstack.FreePorts;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The skill-table reader keeps serving up while Kafka does not answer. */
class CorrectionTableTest {
  @Test
  void unreachableKafkaAtStartLeavesForecastsUncorrectedAndCountedInsteadOfFailing()
      throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    // Nothing listens on this port: every metadata look-up times out.
    KafkaPathConfig config = KafkaPathConfig.defaults("127.0.0.1:" + FreePorts.pick());
    CorrectionTable table =
        CorrectionTable.reading(config, "airtrace.processor.forecast-skill.v1", registry);
    try {
      long started = System.nanoTime();
      table.onStart(); // must return (bounded by TOPIC_RECHECK), not throw
      Duration took = Duration.ofNanos(System.nanoTime() - started);

      assertThat(took).isLessThan(CorrectionTable.TOPIC_RECHECK.multipliedBy(3));
      assertThat(table.awaitLoaded(Duration.ZERO)).as("start does not wait for Kafka").isTrue();
      assertThat(table.lookup("site-1", 1, "pm25-forecast@2")).isEmpty();
      assertThat(table.doWork()).as("next check only after TOPIC_RECHECK").isZero();
      assertThat(registry.counter("airtrace.serving.skill.unreachable").count()).isEqualTo(1.0);
      assertThat(
              registry.counter("airtrace.serving.skill.lookups", "outcome", "unreachable").count())
          .isEqualTo(1.0);
    } finally {
      table.onClose();
    }
  }
}
