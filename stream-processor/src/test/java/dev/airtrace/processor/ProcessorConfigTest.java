package dev.airtrace.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airtrace.core.kafka.Compression;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ProcessorConfigTest {
  private static final ProcessorConfig DEFAULTS =
      ProcessorConfig.defaults("broker:9092", Path.of("/var/lib/airtrace"));

  @Test
  void shouldUseTheDocumentedDefaults() {
    assertThat(DEFAULTS.applicationId()).isEqualTo("airtrace-processor");
    assertThat(DEFAULTS.windowGrace()).isEqualTo(Duration.ofMinutes(10));
    assertThat(DEFAULTS.lateHorizon()).isEqualTo(Duration.ofDays(7));
    assertThat(DEFAULTS.lateHorizonHours()).isEqualTo(168);
    assertThat(DEFAULTS.revisionInterval()).isEqualTo(Duration.ofSeconds(5));
    // 7 d horizon + 1 h: the least that never forgets a duplicate inside the horizon
    assertThat(DEFAULTS.dedupRetention()).isEqualTo(Duration.ofHours(169));
    assertThat(DEFAULTS.hourlyWindow()).isEqualTo(Duration.ofHours(1));
    assertThat(DEFAULTS.numStreamThreads()).isEqualTo(1);
    assertThat(DEFAULTS.replicationFactor()).isEqualTo(-1);
    assertThat(DEFAULTS.features()).isTrue();
    assertThat(DEFAULTS.featureWindowHours()).isEqualTo(48);
  }

  @Test
  void shouldRejectAFeatureWindowOutsideOneHourToOneWeek() {
    assertThatThrownBy(() -> DEFAULTS.toBuilder().featureWindowHours(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("featureWindowHours");
    assertThatThrownBy(() -> DEFAULTS.toBuilder().featureWindowHours(169).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(DEFAULTS.toBuilder().featureWindowHours(168).features(false).build())
        .satisfies(c -> assertThat(c.featureWindowHours()).isEqualTo(168))
        .satisfies(c -> assertThat(c.features()).isFalse());
  }

  @Test
  void shouldMapToExactlyOnceStreamsProperties() {
    Properties p =
        DEFAULTS.toBuilder()
            .replicationFactor(3)
            .numStreamThreads(2)
            .commitInterval(Duration.ofMillis(250))
            .compression(Compression.ZSTD)
            .build()
            .toStreamsProperties();

    assertThat(p)
        .containsEntry("application.id", "airtrace-processor")
        .containsEntry("bootstrap.servers", "broker:9092")
        .containsEntry("state.dir", Path.of("/var/lib/airtrace").toString())
        .containsEntry("processing.guarantee", "exactly_once_v2")
        .containsEntry("replication.factor", 3)
        .containsEntry("num.stream.threads", 2)
        .containsEntry("commit.interval.ms", 250L)
        .containsEntry("producer.compression.type", "zstd")
        .doesNotContainKey("default.key.serde")
        .doesNotContainKey("default.value.serde");
  }

  @Test
  void shouldRejectAnApplicationIdThatCannotPrefixATopic() {
    assertThatThrownBy(() -> DEFAULTS.toBuilder().applicationId("my app").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("applicationId");
  }

  @Test
  void shouldRejectANegativeGrace() {
    assertThatThrownBy(() -> DEFAULTS.toBuilder().windowGrace(Duration.ofMinutes(-1)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("windowGrace");
  }

  @Test
  void shouldRejectADedupRetentionShorterThanTheWindowPlusTheLateHorizon() {
    ProcessorConfig.Builder twoHours = DEFAULTS.toBuilder().lateHorizon(Duration.ofHours(2));
    assertThatThrownBy(() -> twoHours.dedupRetention(Duration.ofMinutes(179)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PT3H");
    assertThat(twoHours.dedupRetention(Duration.ofMinutes(180)).build().dedupRetention())
        .isEqualTo(Duration.ofMinutes(180));
  }

  @Test
  void shouldRejectALateHorizonShorterThanTheGraceLongerThanAMonthOrNotWholeHours() {
    assertThatThrownBy(() -> DEFAULTS.toBuilder().lateHorizon(Duration.ofMinutes(9)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lateHorizon");
    assertThatThrownBy(() -> DEFAULTS.toBuilder().lateHorizon(Duration.ofMinutes(90)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("whole hours");
    assertThatThrownBy(
            () ->
                DEFAULTS.toBuilder()
                    .lateHorizon(Duration.ofDays(32))
                    .dedupRetention(Duration.ofDays(40))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PT744H");
    assertThat(
            DEFAULTS.toBuilder()
                .windowGrace(Duration.ZERO)
                .lateHorizon(Duration.ZERO)
                .dedupRetention(Duration.ofHours(1))
                .build()
                .lateHorizonHours())
        .as("a zero horizon: nothing is accepted after its hour closed")
        .isZero();
  }

  @Test
  void shouldRejectImpossibleThreadsCommitIntervalsAndReplication() {
    assertThatThrownBy(() -> DEFAULTS.toBuilder().numStreamThreads(0).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DEFAULTS.toBuilder().commitInterval(Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DEFAULTS.toBuilder().replicationFactor(0).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ProcessorConfig.defaults(" ", Path.of("x")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
