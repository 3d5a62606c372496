package dev.airtrace.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class GatewayThroughputTest {
  @Test
  void shouldRunEveryGatewayVariantBesideBothBaselinesByDefault() {
    GatewayThroughput.Options o = GatewayThroughput.Options.parse();

    assertThat(o.subjects())
        .containsExactly("b0", "bare", "gw", "gw-no-outbox", "gw-off", "gw-off-no-outbox");
    assertThat(o.warmup()).isEqualTo(Duration.ofSeconds(30));
    assertThat(o.rounds()).isEqualTo(3);
  }

  @Test
  void shouldAddTheBeforeSubjectWhenGivenAnOlderClasspath() {
    GatewayThroughput.Options o =
        GatewayThroughput.Options.parse("--subjects", "bare,gw", "--before-classpath", "/x/*");

    assertThat(o.subjects()).containsExactly("bare", "gw", "gw-before");
  }

  @Test
  void shouldStillReadMessagesAndRoundsFromTheOldPositionalForm() {
    GatewayThroughput.Options o = GatewayThroughput.Options.parse("20000", "5", "1", "models");

    assertThat(o.messages()).isEqualTo(20_000);
    assertThat(o.rounds()).isEqualTo(5);
  }

  @Test
  void shouldRefuseAnUnknownSubject() {
    assertThatThrownBy(() -> GatewayThroughput.Options.parse("--subjects", "bare,gatewy"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("gatewy");
  }

  @Test
  void shouldGiveEverySubjectTheSameFixedHeapG1AndOneProcessor() {
    assertThat(GatewayThroughput.childFlags("2g"))
        .containsExactly(
            "-Xms2g", "-Xmx2g", "-XX:+UseG1GC", "-XX:ActiveProcessorCount=1", "-Xss512k");
  }

  @Test
  void shouldTakeTheMiddleOfAnOddAndTheMeanOfTheMiddlePairOfAnEvenList() {
    assertThat(GatewayThroughput.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
    assertThat(GatewayThroughput.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
  }
}
