package dev.airtrace.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class KafkaServiceOptionsTest {

  @Test
  void shouldDefaultToTemporaryDirAndFreePorts() {
    KafkaService.Options options = KafkaService.Options.defaults();

    assertThat(options.dataDir()).isNull();
    assertThat(options.port()).isZero();
    assertThat(options.controllerPort()).isZero();
    assertThat(options.startTimeout()).isEqualTo(KafkaService.Options.DEFAULT_START_TIMEOUT);
  }

  @Test
  void shouldKeepOtherFieldsWhenCopying() {
    KafkaService.Options options =
        KafkaService.Options.defaults().withDataDir(Path.of("/var/lib/x")).withPort(19092);

    assertThat(options.dataDir()).isEqualTo(Path.of("/var/lib/x"));
    assertThat(options.port()).isEqualTo(19092);
  }

  @Test
  void shouldRejectPortOutOfRange() {
    assertThatThrownBy(() -> new KafkaService.Options(null, 70_000, 0, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("port");
  }

  @Test
  void shouldRejectSameClientAndControllerPort() {
    assertThatThrownBy(() -> new KafkaService.Options(null, 19092, 19092, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldRejectNonPositiveTimeout() {
    assertThatThrownBy(() -> new KafkaService.Options(null, 0, 0, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
