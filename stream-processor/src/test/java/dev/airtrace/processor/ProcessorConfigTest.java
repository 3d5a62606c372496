package dev.airtrace.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    assertThat(DEFAULTS.dedupRetention()).isEqualTo(Duration.ofHours(48));
    assertThat(DEFAULTS.hourlyWindow()).isEqualTo(Duration.ofHours(1));
    assertThat(DEFAULTS.numStreamThreads()).isEqualTo(1);
    assertThat(DEFAULTS.replicationFactor()).isEqualTo(-1);
    assertThat(DEFAULTS.features()).isTrue();
    assertThat(DEFAULTS.featureWindowHours()).isEqualTo(48);
  }

  @Test
  void shouldRejectAFeatureWindowOutsideOneHourToOneWeek() {
    assertThatThrownBy(() -> DEFAULTS.withFeatureWindowHours(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("featureWindowHours");
    assertThatThrownBy(() -> DEFAULTS.withFeatureWindowHours(169))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(DEFAULTS.withFeatureWindowHours(168).withFeatures(false))
        .satisfies(c -> assertThat(c.featureWindowHours()).isEqualTo(168))
        .satisfies(c -> assertThat(c.features()).isFalse());
  }

  @Test
  void shouldMapToExactlyOnceStreamsProperties() {
    Properties p =
        DEFAULTS
            .withReplicationFactor(3)
            .withNumStreamThreads(2)
            .withCommitInterval(Duration.ofMillis(250))
            .withCompression(ProcessorConfig.Compression.ZSTD)
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
    assertThatThrownBy(() -> DEFAULTS.withApplicationId("my app"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("applicationId");
  }

  @Test
  void shouldRejectANegativeGrace() {
    assertThatThrownBy(() -> DEFAULTS.withWindowGrace(Duration.ofMinutes(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("windowGrace");
  }

  @Test
  void shouldRejectADedupRetentionShorterThanTheWindowPlusGrace() {
    assertThatThrownBy(() -> DEFAULTS.withDedupRetention(Duration.ofMinutes(69)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PT1H10M");
    assertThat(DEFAULTS.withDedupRetention(Duration.ofMinutes(70)).dedupRetention())
        .isEqualTo(Duration.ofMinutes(70));
  }

  @Test
  void shouldRejectImpossibleThreadsCommitIntervalsAndReplication() {
    assertThatThrownBy(() -> DEFAULTS.withNumStreamThreads(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DEFAULTS.withCommitInterval(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DEFAULTS.withReplicationFactor(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ProcessorConfig.defaults(" ", Path.of("x")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
