package dev.airtrace.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airtrace.core.GatewayId;
import dev.airtrace.core.codec.PayloadLimits;
import dev.airtrace.gateway.integrity.AckAfterSeal;
import dev.airtrace.gateway.models.CalibrationMode;
import dev.airtrace.gateway.models.ModelsConfig;
import dev.airtrace.gateway.outbox.FsyncPolicy;
import dev.airtrace.gateway.outbox.OutboxConfig;
import dev.airtrace.gateway.outbox.OverflowPolicy;
import dev.airtrace.inference.Accelerator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class GatewayCommandTest {

  private static ModelsConfig parse(Map<String, String> env, String... args) {
    return command(env, args).modelsConfig();
  }

  private static GatewayCommand command(Map<String, String> env, String... args) {
    GatewayCommand command = new GatewayCommand();
    Installation.publish(System.getenv());
    CommandLine cl = new CommandLine(command);
    cl.setDefaultValueProvider(new ConfigDefaults(env, new java.util.Properties()));
    cl.parseArgs(args);
    return command;
  }

  @Test
  void shouldKeepSequenceTrackingAndItsOwnKeyInTheStateDirectoryByDefault() {
    var integrity = command(Map.of(), "--gateway-id", "gw-1").integrityConfig();

    assertThat(integrity.persistSequences()).isTrue();
    assertThat(integrity.stateDirectory())
        .isEqualTo(java.nio.file.Path.of("airtrace-state/gateway"));
    assertThat(integrity.signingKeyFile()).isNull();
  }

  @Test
  void shouldWaitForTheSealWithTheOutboxByDefaultAndTakeBothFlags() {
    assertThat(command(Map.of(), "--gateway-id", "gw-1").integrityConfig().ackAfterSeal())
        .isEqualTo(AckAfterSeal.WITH_OUTBOX);
    assertThat(
            command(Map.of(), "--gateway-id", "gw-1", "--ack-after-seal")
                .integrityConfig()
                .ackAfterSeal())
        .isEqualTo(AckAfterSeal.ALWAYS);
    assertThat(
            command(Map.of(), "--gateway-id", "gw-1", "--no-ack-after-seal")
                .integrityConfig()
                .ackAfterSeal())
        .isEqualTo(AckAfterSeal.NEVER);
  }

  @Test
  void shouldKeepSequenceTrackingWithIntegrityOffUnlessTurnedOff() {
    assertThat(
            command(Map.of(), "--gateway-id", "gw-1", "--no-integrity")
                .integrityConfig()
                .persistSequences())
        .isTrue();
    assertThat(
            command(Map.of(), "--gateway-id", "gw-1", "--no-persist-sequences")
                .integrityConfig()
                .persistSequences())
        .isFalse();
  }

  @Test
  void shouldDefaultPayloadLimitsTo64KibAndOneThousandReadings() {
    assertThat(command(Map.of(), "--gateway-id", "gw-1").payloadLimits())
        .isEqualTo(new PayloadLimits(65_536, 1_000));
  }

  @Test
  void shouldTakePayloadLimitsFromEnvironmentBelowCommandLine() {
    Map<String, String> env =
        Map.of("AIRTRACE_MAX_PAYLOAD_BYTES", "4096", "AIRTRACE_MAX_READINGS_PER_MESSAGE", "10");

    assertThat(command(env, "--gateway-id", "gw-1").payloadLimits())
        .isEqualTo(new PayloadLimits(4_096, 10));
    assertThat(
            command(env, "--gateway-id", "gw-1", "--max-payload-bytes", "2048")
                .payloadLimits()
                .maxPayloadBytes())
        .isEqualTo(2_048);
  }

  @Test
  void shouldRejectPayloadLimitBelowOneKib() {
    assertThatThrownBy(
            () ->
                command(Map.of(), "--gateway-id", "gw-1", "--max-payload-bytes", "10")
                    .payloadLimits())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxPayloadBytes");
  }

  private static ModelsConfig parse(String... args) {
    return parse(Map.of(), args);
  }

  @Test
  void shouldRunBarkjohn2022AndTheAnomalyModelFromTheCommittedRepositoryByDefault() {
    ModelsConfig c = parse("--gateway-id", "gw-1");

    assertThat(c.calibration()).isEqualTo(CalibrationMode.BARKJOHN_2022);
    assertThat(c.anomalyEnabled()).isTrue();
    // the installation's repository, wherever the command runs from (docs/operations.md)
    assertThat(c.modelsDirectory().normalize())
        .isEqualTo(Installation.home(System.getenv()).resolve("models/repository"));
    assertThat(c.inference().accelerator()).isEqualTo(Accelerator.AUTO);
    assertThat(c.inference().strict()).isFalse();
    assertThat(c.rescanInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.channelAgreement().maxAbsoluteDifference()).isEqualTo(5.0);
    assertThat(c.channelAgreement().maxRelativeDifference()).isEqualTo(0.7);
    assertThat(c.maxModelBatchMessages()).isEqualTo(256);
  }

  @Test
  void shouldMapEveryModelOption() {
    ModelsConfig c =
        parse(
            "--gateway-id",
            "gw-1",
            "--calibration",
            "model",
            "--ab-max-difference",
            "3",
            "--ab-max-relative",
            "0.5",
            "--no-anomaly",
            "--models-dir",
            "/srv/models",
            "--model-rescan",
            "0s",
            "--accelerator",
            "TENSORRT",
            "--gpu-device",
            "1",
            "--strict-accelerator",
            "--max-batch",
            "64");

    assertThat(c.calibration()).isEqualTo(CalibrationMode.MODEL);
    assertThat(c.channelAgreement().maxAbsoluteDifference()).isEqualTo(3.0);
    assertThat(c.channelAgreement().maxRelativeDifference()).isEqualTo(0.5);
    assertThat(c.anomalyEnabled()).isFalse();
    assertThat(c.modelsDirectory()).isEqualTo(Path.of("/srv/models"));
    assertThat(c.rescanInterval()).isZero();
    assertThat(c.inference().accelerator()).isEqualTo(Accelerator.TENSORRT);
    assertThat(c.inference().deviceId()).isEqualTo(1);
    assertThat(c.inference().strict()).isTrue();
    assertThat(c.maxModelBatchMessages()).isEqualTo(64);
    assertThat(c.servedModels()).containsExactly("pm25-calibration");
  }

  @Test
  void shouldMapTheAnomalyEventOptions() {
    ModelsConfig defaults = parse("--gateway-id", "gw-1");
    assertThat(defaults.faultEvents().spatialEnabled()).isTrue();
    assertThat(defaults.faultEvents().unusualMinLikelihood()).isEqualTo(1.0);

    ModelsConfig c =
        parse("--gateway-id", "gw-1", "--no-spatial", "--unusual-min-likelihood", "0.6");
    assertThat(c.faultEvents().spatialEnabled()).isFalse();
    assertThat(c.faultEvents().unusualMinLikelihood()).isEqualTo(0.6);
  }

  @Test
  void shouldTakeModelOptionsFromTheEnvironmentBelowTheCommandLine() {
    Map<String, String> env =
        Map.of("AIRTRACE_CALIBRATION", "barkjohn-2021", "AIRTRACE_ANOMALY_THRESHOLD", "0.8");

    assertThat(parse(env, "--gateway-id", "gw-1").calibration())
        .isEqualTo(CalibrationMode.BARKJOHN_2021);
    assertThat(parse(env, "--gateway-id", "gw-1").anomaly().threshold()).isEqualTo(0.8);
    assertThat(parse(env, "--gateway-id", "gw-1", "--calibration", "off").calibration())
        .isEqualTo(CalibrationMode.OFF);
  }

  @Test
  void shouldRejectAnUnknownCalibrationMode() {
    assertThatThrownBy(() -> parse("--gateway-id", "gw-1", "--calibration", "epa"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("barkjohn-2022");
  }

  @Test
  void shouldRunTheOutboxUnderTheStateDirectoryWithItsDefaultsUnlessToldOtherwise() {
    GatewayId id = new GatewayId("gw-1");
    OutboxConfig c = command(Map.of(), "--gateway-id", "gw-1").outboxConfig(id);

    assertThat(c)
        .isEqualTo(
            OutboxConfig.builder()
                .directory(Path.of("airtrace-state/gateway/outbox-gw-1"))
                .build());
  }

  @Test
  void shouldMapEveryOutboxOptionAndTakeThemFromTheEnvironment() {
    GatewayId id = new GatewayId("gw-1");
    OutboxConfig c =
        command(
                Map.of("AIRTRACE_BACKFILL_RATE", "500"),
                "--gateway-id",
                "gw-1",
                "--outbox-dir",
                "/data/outbox",
                "--outbox-max-bytes",
                "2097152",
                "--outbox-max-age",
                "2d",
                "--outbox-overflow",
                "DROP_OLDEST",
                "--outbox-fsync",
                "INTERVAL",
                "--outbox-fsync-interval",
                "200ms",
                "--backfill-after",
                "1m")
            .outboxConfig(id);

    assertThat(c.enabled()).isTrue();
    assertThat(c.directory()).isEqualTo(Path.of("/data/outbox"));
    assertThat(c.maxBytes()).isEqualTo(2_097_152L);
    assertThat(c.maxAge()).isEqualTo(Duration.ofDays(2));
    assertThat(c.overflow()).isEqualTo(OverflowPolicy.DROP_OLDEST);
    assertThat(c.fsync()).isEqualTo(FsyncPolicy.INTERVAL);
    assertThat(c.fsyncInterval()).isEqualTo(Duration.ofMillis(200));
    assertThat(c.backfillRate()).isEqualTo(500);
    assertThat(c.backfillAfter()).isEqualTo(Duration.ofMinutes(1));
    assertThat(command(Map.of(), "--gateway-id", "gw-1", "--no-outbox").outboxConfig(id).enabled())
        .isFalse();
  }

  @Test
  void shouldRunTheDefaultQcLimitsWithoutAQcConfigFile() {
    assertThat(command(Map.of(), "--gateway-id", "gw-1").qualityConfig())
        .isEqualTo(dev.airtrace.gateway.quality.QualityConfig.defaults());
  }

  @Test
  void shouldReadTheQcConfigFileFromTheOptionOrTheEnvironment(
      @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path file =
        java.nio.file.Files.writeString(
            dir.resolve("qc.json"), "{\"quantities\":{\"pm2_5\":{\"spike\":{\"suspect\":20}}}}");
    var expected = new dev.airtrace.quality.SpikeLimits(20, 150);

    assertThat(
            command(Map.of(), "--gateway-id", "gw-1", "--qc-config", file.toString())
                .qualityConfig()
                .qc()
                .limits("d", dev.airtrace.core.Quantity.PM2_5)
                .spike())
        .isEqualTo(expected);
    assertThat(
            command(Map.of("AIRTRACE_QC_CONFIG", file.toString()), "--gateway-id", "gw-1")
                .qualityConfig()
                .qc()
                .limits("d", dev.airtrace.core.Quantity.PM2_5)
                .spike())
        .isEqualTo(expected);
  }
}
