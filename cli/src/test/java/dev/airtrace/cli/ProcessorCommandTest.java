package dev.airtrace.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airtrace.processor.ProcessorConfig;
import dev.airtrace.topics.Topics;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ProcessorCommandTest {

  private static ProcessorConfig parse(String... args) {
    ProcessorCommand command = new ProcessorCommand();
    new CommandLine(command).parseArgs(args);
    return command.config();
  }

  @Test
  void shouldPublishFortyEightHourFeatureWindowsByDefault() {
    ProcessorConfig config = parse();

    assertThat(config.features()).isTrue();
    assertThat(config.featureWindowHours()).isEqualTo(48);
    assertThat(ProcessorCommand.topics()).contains(Topics.SITE_FEATURES.name());
  }

  @Test
  void shouldTurnFeatureWindowsOffOrResizeThem() {
    assertThat(parse("--no-features").features()).isFalse();
    assertThat(parse("--features").features()).isTrue();
    assertThat(parse("--feature-window-hours", "24").featureWindowHours()).isEqualTo(24);
  }

  @Test
  void shouldRejectAFeatureWindowOutsideTheConfigRange() {
    assertThatThrownBy(() -> parse("--feature-window-hours", "0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("featureWindowHours");
  }

  @Test
  void shouldAcceptReadingsSevenDaysLateAndRememberDuplicatesOneHourLongerByDefault() {
    ProcessorConfig config = parse();

    assertThat(config.lateHorizon()).isEqualTo(Duration.ofDays(7));
    assertThat(config.revisionInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.dedupRetention()).isEqualTo(Duration.ofHours(169));
  }

  @Test
  void shouldDeriveTheDedupRetentionFromAShorterHorizonUnlessGiven() {
    ProcessorConfig config = parse("--late-horizon", "2h", "--revision-interval", "30s");

    assertThat(config.lateHorizon()).isEqualTo(Duration.ofHours(2));
    assertThat(config.revisionInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.dedupRetention()).isEqualTo(Duration.ofHours(3));
    assertThat(parse("--late-horizon", "2h", "--dedup-retention", "48h").dedupRetention())
        .isEqualTo(Duration.ofHours(48));
    assertThatThrownBy(() -> parse("--late-horizon", "2h", "--dedup-retention", "2h"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dedupRetention");
  }

  @Test
  void shouldVerifyForecastsByDefaultUnlessTurnedOff() {
    assertThat(parse().verification().enabled()).isTrue();
    assertThat(parse("--no-verify-forecasts").verification().enabled()).isFalse();
    assertThat(parse("--verify-forecasts").verification().enabled()).isTrue();
    assertThat(parse("--verify-forecasts").verification().windowHours()).isEqualTo(336);
  }

  @Test
  void shouldWaitForKafkaForEverByDefaultOrAsLongAsToldTo() {
    ProcessorCommand command = new ProcessorCommand();
    new CommandLine(command).parseArgs();
    assertThat(command.kafkaTimeout).isEqualTo(Duration.ZERO);
    new CommandLine(command).parseArgs("--kafka-timeout", "10m");
    assertThat(command.kafkaTimeout).isEqualTo(Duration.ofMinutes(10));
  }
}
