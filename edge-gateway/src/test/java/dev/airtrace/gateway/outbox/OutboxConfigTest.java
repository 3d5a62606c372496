package dev.airtrace.gateway.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airtrace.core.GatewayId;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OutboxConfigTest {
  @Test
  void shouldDefaultToAnOutboxThatBackPressuresAndFsyncsPerBatch() {
    OutboxConfig c = OutboxConfig.defaults();
    assertThat(c.enabled()).isTrue();
    assertThat(c.maxBytes()).isEqualTo(4L << 30);
    assertThat(c.maxAge()).isEqualTo(Duration.ofDays(7));
    assertThat(c.overflow()).isEqualTo(OverflowPolicy.BACKPRESSURE);
    assertThat(c.fsync()).isEqualTo(FsyncPolicy.PER_BATCH);
    assertThat(c.backfillRate()).isEqualTo(2_000);
    assertThat(OutboxConfig.disabled().enabled()).isFalse();
  }

  @Test
  void shouldHoldAThirtyMinuteOutageAtOneThousandReadingsPerSecondWithinTheDefaultBound() {
    // Stored bytes per message measured: 1,687 and 2,043 in the soak outages (runs 3 and 4,
    // docs/fault-tests.md), 1,900 with OutboxFootprint's fleet; the sizing rule rounds up to 2,100.
    // 30 min x 60 s x 1,000/s x 2,100 B = 3,780,000,000 B < 4 GiB = 4,294,967,296 B (1.14 x)
    long thirtyMinutesAtOneThousand = 30L * 60 * 1_000 * 2_100;
    assertThat(OutboxConfig.DEFAULT_MAX_BYTES).isGreaterThan(thirtyMinutesAtOneThousand);
    assertThat(OutboxConfig.DEFAULT_MAX_BYTES / (double) thirtyMinutesAtOneThousand)
        .isGreaterThan(1.1);
  }

  @Test
  void shouldLiveUnderTheStateDirectoryUnlessADirectoryIsGiven() {
    GatewayId id = new GatewayId("gw-1");
    assertThat(OutboxConfig.defaults().directory(Path.of("/var/lib/airtrace"), id))
        .isEqualTo(Path.of("/var/lib/airtrace/outbox-gw-1"));
    assertThat(
            OutboxConfig.builder()
                .directory(Path.of("/data/outbox"))
                .build()
                .directory(Path.of("/var/lib/airtrace"), id))
        .isEqualTo(Path.of("/data/outbox"));
  }

  @Test
  void shouldRejectValuesOutOfRangeNamingTheField() {
    assertThatThrownBy(() -> OutboxConfig.builder().maxBytes(1_000).build())
        .hasMessageContaining("maxBytes");
    assertThatThrownBy(() -> OutboxConfig.builder().maxAge(Duration.ZERO).build())
        .hasMessageContaining("maxAge");
    assertThatThrownBy(() -> OutboxConfig.builder().backfillRate(0).build())
        .hasMessageContaining("backfillRate");
    assertThatThrownBy(() -> OutboxConfig.builder().maxInFlight(0).build())
        .hasMessageContaining("maxInFlight");
    assertThatThrownBy(
            () ->
                OutboxConfig.builder()
                    .retryBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1))
                    .build())
        .hasMessageContaining("retryBackoffMax");
  }

  @Test
  void shouldParseFaultPointSpecifications() {
    assertThat(FaultPoints.parse("")).isEmpty();
    assertThat(FaultPoints.parse("outbox.after-write:halt, outbox.mid-delete:halt@3"))
        .containsEntry("outbox.after-write", 1L)
        .containsEntry("outbox.mid-delete", 3L);
    assertThatThrownBy(() -> FaultPoints.parse("outbox.after-write"))
        .hasMessageContaining("airtrace.fault");
  }
}
