package dev.airtrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airtrace.inference.Accelerator;
import dev.airtrace.serving.ServingConfig;
import dev.airtrace.serving.kafka.KafkaPathConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ServeCommandTest {

  private static ServingConfig parse(Map<String, String> env, String... args) {
    String[] full = new String[args.length + 1];
    full[0] = "serve";
    System.arraycopy(args, 0, full, 1, args.length);
    Installation.publish(System.getenv());
    CommandLine cl = new CommandLine(new AirtraceCli());
    cl.setDefaultValueProvider(ConfigDefaults.from(full, env));
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    CommandLine.ParseResult parsed = cl.parseArgs(full);
    ServeCommand serve = parsed.subcommand().commandSpec().commandLine().getCommand();
    return serve.config();
  }

  @Test
  void shouldServeTheForecasterFromTheCommittedRepositoryByDefault() {
    ServingConfig c = parse(Map.of());

    // the installation's repository, wherever the command runs from (docs/operations.md)
    assertThat(c.repository().normalize())
        .isEqualTo(Installation.home(System.getenv()).resolve("models/repository"));
    assertThat(c.modelName()).isEqualTo("pm25-forecast");
    assertThat(c.inference().accelerator()).isEqualTo(Accelerator.AUTO);
    assertThat(c.inference().strict()).isFalse();
    assertThat(c.batcher().maxBatch()).isEqualTo(32);
    assertThat(c.batcher().maxDelay()).isEqualTo(Duration.ofMillis(5));
    assertThat(c.http().getPort()).isEqualTo(8080);
    assertThat(c.http().getAddress().isLoopbackAddress()).isTrue();
    assertThat(c.access().token()).isEmpty();
    assertThat(c.access().tls()).isEmpty();
    KafkaPathConfig k = c.kafka().orElseThrow();
    assertThat(k.featuresTopic()).isEqualTo("airtrace.processor.site-features.v1");
    assertThat(k.forecastsTopic()).isEqualTo("airtrace.serving.forecasts.v1");
    assertThat(k.deadLetterTopic()).isEqualTo("airtrace.serving.deadletter.v1");
    assertThat(k.groupId()).isEqualTo("airtrace-model-serving");
    assertThat(k.siteTimeZone()).isEmpty();
  }

  @Test
  void shouldTakeCommandLineOverEnvironmentOverConfigFile(@TempDir Path dir) throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("serve.properties"),
            "max-batch=64\nmax-delay=20ms\nhttp-port=9000\naccelerator=cuda\n");

    ServingConfig c =
        parse(
            Map.of("AIRTRACE_MAX_BATCH", "16", "AIRTRACE_GROUP_ID", "env-group"),
            "--config",
            file.toString(),
            "--http-port",
            "9100",
            "--strict",
            "--model",
            "other-model");

    assertThat(c.batcher().maxBatch()).isEqualTo(16);
    assertThat(c.batcher().maxDelay()).isEqualTo(Duration.ofMillis(20));
    assertThat(c.http().getPort()).isEqualTo(9100);
    assertThat(c.inference().accelerator()).isEqualTo(Accelerator.CUDA);
    assertThat(c.inference().strict()).isTrue();
    assertThat(c.modelName()).isEqualTo("other-model");
    assertThat(c.kafka().orElseThrow().groupId()).isEqualTo("env-group");
  }

  @Test
  void shouldServeHttpOnlyWithNoKafka() {
    assertThat(parse(Map.of(), "--no-kafka").kafka()).isEmpty();
  }

  @Test
  void shouldPassTheSiteTimeZoneForCalendarInputsToTheKafkaPath() {
    ServingConfig c = parse(Map.of(), "--site-time-zone", "Europe/Rome");

    assertThat(c.kafka().orElseThrow().siteTimeZone()).contains(java.time.ZoneId.of("Europe/Rome"));
  }
}
