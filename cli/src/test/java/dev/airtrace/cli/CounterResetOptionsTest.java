package dev.airtrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airtrace.core.validation.CounterResetRule;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CounterResetOptionsTest {
  @Test
  void gatewayAndProcessorShouldDefaultToTheRulesOwnTolerance() {
    GatewayCommand gateway = new GatewayCommand();
    ProcessorCommand processor = new ProcessorCommand();
    new CommandLine(gateway).parseArgs("--gateway-id", "gw-1");
    new CommandLine(processor).parseArgs();

    assertThat(gateway.counterReset.rule()).isEqualTo(CounterResetRule.defaults());
    assertThat(processor.counterReset.rule()).isEqualTo(CounterResetRule.defaults());
  }

  @Test
  void shouldTakeTheToleranceFromTheCommandLine() {
    ProcessorCommand processor = new ProcessorCommand();
    new CommandLine(processor).parseArgs("--counter-reset-tolerance", "5m");

    assertThat(processor.counterReset.rule())
        .isEqualTo(new CounterResetRule(Duration.ofMinutes(5)));
  }
}
