package dev.airtrace.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class AirtraceCliTest {
  private static String run(List<String> args, int expectedExit) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = AirtraceCli.commandLine(args.toArray(String[]::new));
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    assertThat(cl.execute(args.toArray(String[]::new))).as(err.toString()).isEqualTo(expectedExit);
    return out + err.toString();
  }

  @Test
  void shouldListEveryComponentInTopLevelHelp() {
    String help = run(List.of("--help"), 0);
    assertThat(help)
        .contains("demo", "gateway", "processor", "sink", "simulate", "verify", "AIRTRACE_");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"demo", "gateway", "processor", "sink", "simulate", "anchor", "proof", "verify"})
  void shouldDescribeEachCommandWithItsDefaults(String command) {
    String help = run(List.of(command, "--help"), 0);
    assertThat(help).contains("Usage: airtrace " + command).contains("default");
  }

  @Test
  void shouldRefuseAGatewayWithoutAnId() {
    assertThat(run(List.of("gateway"), 2)).contains("--gateway-id");
  }

  @Test
  void shouldRefuseAMalformedDuration() {
    assertThat(run(List.of("processor", "--window-grace", "ten minutes", "--help"), 2))
        .contains("not a duration");
  }

  @ParameterizedTest
  @CsvSource({"250ms,PT0.25S", "30s,PT30S", "10m,PT10M", "48h,PT48H", "7d,PT168H", "PT5M,PT5M"})
  void shouldParseOperatorDurations(String text, String iso) {
    assertThat(DurationConverter.parse(text)).isEqualTo(Duration.parse(iso));
  }

  @Test
  void shouldExplainHowToWriteADuration() {
    assertThatThrownBy(() -> DurationConverter.parse("soon"))
        .hasMessageContaining("10m")
        .hasMessageContaining("PT10M");
  }
}
