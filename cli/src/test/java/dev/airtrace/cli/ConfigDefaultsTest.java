package dev.airtrace.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

class ConfigDefaultsTest {
  @Command(name = "probe")
  static final class Probe implements Runnable {
    @Option(names = "--config")
    Path config;

    @Option(names = "--kafka-bootstrap", defaultValue = "built-in:9092")
    String bootstrap;

    @Override
    public void run() {}
  }

  private static Probe parse(Map<String, String> env, String... args) {
    Probe probe = new Probe();
    CommandLine cl = new CommandLine(probe);
    cl.setDefaultValueProvider(ConfigDefaults.from(args, env));
    cl.parseArgs(args);
    return probe;
  }

  @Test
  void shouldUseBuiltInDefaultWhenNothingElseSaysOtherwise() {
    assertThat(parse(Map.of()).bootstrap).isEqualTo("built-in:9092");
  }

  @Test
  void shouldPreferEnvironmentOverConfigFile(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("a.properties"), "kafka-bootstrap=file:9092\n");
    assertThat(parse(Map.of(), "--config", file.toString()).bootstrap).isEqualTo("file:9092");
    assertThat(
            parse(Map.of("AIRTRACE_KAFKA_BOOTSTRAP", "env:9092"), "--config", file.toString())
                .bootstrap)
        .isEqualTo("env:9092");
  }

  @Test
  void shouldPreferCommandLineOverEnvironment() {
    Probe p =
        parse(Map.of("AIRTRACE_KAFKA_BOOTSTRAP", "env:9092"), "--kafka-bootstrap", "cli:9092");
    assertThat(p.bootstrap).isEqualTo("cli:9092");
  }

  @Test
  void shouldReadConfigFileNamedByEnvironmentVariable(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("b.properties"), "kafka-bootstrap=viaenv:9092\n");
    assertThat(parse(Map.of("AIRTRACE_CONFIG", file.toString())).bootstrap)
        .isEqualTo("viaenv:9092");
  }

  @Test
  void shouldFailClearlyWhenConfigFileIsMissing(@TempDir Path dir) {
    String missing = dir.resolve("nope.properties").toString();
    assertThatThrownBy(() -> ConfigDefaults.from(new String[] {"--config=" + missing}, Map.of()))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("nope.properties");
  }

  @Test
  void shouldDeriveEnvironmentNameFromOptionName() {
    assertThat(ConfigDefaults.envName("influx-url")).isEqualTo("AIRTRACE_INFLUX_URL");
  }
}
