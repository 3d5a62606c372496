package dev.airtrace.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airtrace.cli.forecast.ForecastSkill;
import dev.airtrace.cli.pacing.PacingConfig;
import dev.airtrace.simulator.replay.BeijingPm25Csv;
import dev.airtrace.simulator.replay.ReplayConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ReplayCommandTest {
  @TempDir Path dir;

  /** Enum values case-insensitive, as {@link AirtraceCli#commandLine} sets them. */
  private static CommandLine cli(Object command) {
    return new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true);
  }

  @Test
  void shouldTurnOptionsIntoAReplayConfig() {
    ReplayCommand command = new ReplayCommand();
    cli(command)
        .parseArgs(
            "f.csv",
            "--speed",
            "3600",
            "--from",
            "2014-01-01",
            "--until",
            "2014-02-01T00:00+08:00",
            "--stop-on-bad-row",
            "--first-sequence",
            "7");

    ReplayConfig config = command.replay.toConfig();

    assertThat(config.speed()).isEqualTo(3600.0);
    assertThat(config.from()).contains(Instant.parse("2014-01-01T00:00:00Z"));
    assertThat(config.until()).contains(Instant.parse("2014-01-31T16:00:00Z"));
    assertThat(config.badRows()).isEqualTo(ReplayConfig.BadRowPolicy.STOP);
    assertThat(config.firstSequence()).isEqualTo(7);
  }

  @Test
  void shouldTurnPacedOptionsIntoAPacingConfig() {
    ReplayCommand command = new ReplayCommand();
    cli(command)
        .parseArgs("f.csv", "--paced", "--paced-max-wait", "45s", "--processor-grace", "5m");

    PacingConfig config = command.replay.pacingConfig(command.processorGrace, 48);

    assertThat(command.replay.paced()).isTrue();
    assertThat(config.maxWait()).isEqualTo(Duration.ofSeconds(45));
    assertThat(config.grace()).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.featureWindowHours()).isEqualTo(48);
  }

  @Test
  void shouldDefaultToUnpacedWithAThirtySecondBoundWhenPaced() {
    ReplayCommand command = new ReplayCommand();
    cli(command).parseArgs("f.csv");

    assertThat(command.replay.paced()).isFalse();
    assertThat(command.replay.pacingConfig(command.processorGrace, 48).maxWait())
        .isEqualTo(Duration.ofSeconds(30));
    assertThat(command.processorGrace).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void shouldRefusePacedWithASpeedFactor() {
    ReplayCommand command = new ReplayCommand();
    cli(command).parseArgs("f.csv", "--paced", "--speed", "3600");

    assertThatThrownBy(() -> command.replay.pacingConfig(command.processorGrace, 48))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--speed");
  }

  @Test
  void shouldConvertTheBeijingFileToTheReplayLayoutAndReportItsBadRows() throws Exception {
    Path in = dir.resolve("prsa.csv");
    Files.writeString(
        in,
        BeijingPm25Csv.HEADER
            + "\r\n35065,2014,1,1,0,24,-20,7,1014,NW,143.48,0,0\r\n"
            + "35066,2014,1,1,1,53,-20,7,1013,ZZ,147.5,0,0\r\n",
        StandardCharsets.UTF_8);
    Path out = dir.resolve("replay.csv");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ReplayCommand command = new ReplayCommand();
    command.err = new PrintStream(err, true, StandardCharsets.UTF_8);
    command.out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    int exit =
        cli(command)
            .execute(
                in.toString(),
                "--format",
                "beijing",
                "--site",
                "bj",
                "--convert-to",
                out.toString());

    assertThat(exit).isZero();
    assertThat(Files.readAllLines(out, StandardCharsets.UTF_8))
        .isEqualTo(
            List.of(
                "time,site,device,pm2_5[ug/m3],temperature[Cel],relative_humidity[%RH],"
                    + "pressure[hPa],wind_speed[m/s],wind_direction[deg]",
                "2014-01-01T00:00:00+08:00,bj,bj-1,24,7,12.59,1014,143.48,315"));
    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith("prsa.csv: row 3: cbwd 'ZZ' is none of");
  }

  @Test
  void shouldReadTheDiurnalProfileAndZoneOfAModelSidecarForTheReport() throws Exception {
    Path sidecar = dir.resolve("model.json");
    StringBuilder profile = new StringBuilder();
    for (int h = 0; h < 24; h++) {
      profile.append(h == 0 ? "" : ",").append(100 + h);
    }
    Files.writeString(
        sidecar,
        "{\"features\":{\"calendar_zone\":\"Etc/GMT-8\"},"
            + "\"metrics\":{\"diurnal_profile_ug_m3\":["
            + profile
            + "]}}",
        StandardCharsets.UTF_8);
    ForecastReportCommand command = new ForecastReportCommand();
    new CommandLine(command)
        .parseArgs("--diurnal-profile", sidecar.toString(), "--site", "bj", "--min-history", "12");

    ForecastSkill.Options options = command.options();

    assertThat(options.diurnalProfile()).isPresent();
    assertThat(options.diurnalProfile().get()[23]).isEqualTo(123.0);
    assertThat(options.zone()).isEqualTo(ZoneId.of("Etc/GMT-8"));
    assertThat(options.site()).contains("bj");
    assertThat(options.minHistoryHours()).isEqualTo(12);
    assertThat(options.allHorizons()).isTrue();
  }
}
