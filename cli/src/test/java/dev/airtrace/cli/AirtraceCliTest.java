package dev.airtrace.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airtrace.core.DeviceId;
import dev.airtrace.core.integrity.Ed25519;
import dev.airtrace.core.integrity.KeyFiles;
import dev.airtrace.gateway.integrity.DeviceKeys;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class AirtraceCliTest {
  @TempDir Path dir;

  /** What one run printed. */
  private record Printed(String out, String err) {}

  private static Printed runCapturing(List<String> args, int expectedExit) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = AirtraceCli.commandLine(args.toArray(String[]::new));
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    assertThat(cl.execute(args.toArray(String[]::new))).as(err.toString()).isEqualTo(expectedExit);
    return new Printed(out.toString(), err.toString());
  }

  private static String run(List<String> args, int expectedExit) {
    Printed p = runCapturing(args, expectedExit);
    return p.out() + p.err();
  }

  private static void assertOneLineWithoutStackTrace(String err) {
    assertThat(err.lines()).hasSize(1);
    assertThat(err).doesNotContain("\tat ").doesNotContain("Exception:");
  }

  @Test
  void shouldReportAMissingOptionInOneLineWithExitCode2() {
    Printed p = runCapturing(List.of("gateway"), 2);

    assertOneLineWithoutStackTrace(p.err());
    assertThat(p.err())
        .startsWith("airtrace gateway: ")
        .contains("--gateway-id")
        .contains("airtrace gateway --help");
  }

  @Test
  void shouldReportAFailedCommandInOneLineWithExitCode1() {
    Path missing = dir.resolve("no-corpus-here");

    Printed p = runCapturing(List.of("nab", "--data", missing.toString()), 1);

    assertOneLineWithoutStackTrace(p.err());
    assertThat(p.err()).startsWith("airtrace nab: ").contains(missing.toString());
  }

  @Test
  void shouldRefuseABadQcConfigFileInOneLineNamingTheKeyBeforeStarting() throws Exception {
    Path qc =
        Files.writeString(
            dir.resolve("qc.json"), "{\"quantities\":{\"pm2_5\":{\"spike\":{\"fail\":-1}}}}");

    // unreachable broker and Kafka: the file is checked before either is contacted
    Printed p =
        runCapturing(
            List.of(
                "gateway",
                "--gateway-id",
                "gw-1",
                "--mqtt-uri",
                "tcp://127.0.0.1:1",
                "--kafka-bootstrap",
                "127.0.0.1:1",
                "--qc-config",
                qc.toString()),
            1);

    assertOneLineWithoutStackTrace(p.err());
    assertThat(p.err())
        .startsWith("airtrace gateway: QC config " + qc + ": quantities.pm2_5.spike: ");
  }

  @Test
  void shouldAddTheStackTraceWhenVerbose() {
    Path missing = dir.resolve("no-corpus-here");

    Printed p = runCapturing(List.of("nab", "--verbose", "--data", missing.toString()), 1);

    assertThat(p.err()).startsWith("airtrace nab: ").contains("\tat dev.airtrace.");
  }

  @Test
  void shouldFailServeFastWhenKafkaDoesNotAnswer() {
    long start = System.nanoTime();

    Printed p =
        runCapturing(
            List.of(
                "serve",
                "--kafka-bootstrap",
                "127.0.0.1:1",
                "--kafka-timeout",
                "2s",
                "--http-port",
                "0"),
            1);

    assertOneLineWithoutStackTrace(p.err());
    assertThat(p.err())
        .contains("Kafka at 127.0.0.1:1 did not answer within 2.0 s")
        .contains("--no-kafka");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
  }

  @Test
  void shouldProvisionADeviceKeyPairTheGatewayAccepts() throws Exception {
    Path keys = dir.resolve("gateway/device-keys.properties");
    Path keyDir = dir.resolve("devices");

    Printed p =
        runCapturing(
            List.of(
                "device",
                "--device-id",
                "dev-001",
                "--key-dir",
                keyDir.toString(),
                "--device-keys",
                keys.toString()),
            0);

    Path privateKey = keyDir.resolve("dev-001.key.pem");
    assertThat(Files.getPosixFilePermissions(privateKey)).isEqualTo(KeyFiles.OWNER_ONLY);
    PrivateKey key = Ed25519.privateKeyFromPem(Files.readString(privateKey));
    PublicKey provisioned = DeviceKeys.load(keys).get(new DeviceId("dev-001")).orElseThrow();
    byte[] message = {7, 7, 7};
    assertThat(Ed25519.verify(provisioned, message, Ed25519.sign(key, message))).isTrue();
    assertThat(p.out().strip())
        .isEqualTo("dev-001 = " + Ed25519.publicKeyToBase64(provisioned))
        .isEqualTo(Files.readString(keys).strip());
  }

  @Test
  void shouldRefuseToProvisionADeviceTwice() throws Exception {
    Path keyDir = dir.resolve("devices");
    List<String> args = List.of("device", "--device-id", "dev-002", "--key-dir", keyDir.toString());
    runCapturing(args, 0);
    String first = Files.readString(keyDir.resolve("dev-002.key.pem"));

    Printed again = runCapturing(args, 1);

    assertOneLineWithoutStackTrace(again.err());
    assertThat(again.err()).contains("dev-002.key.pem exists");
    assertThat(Files.readString(keyDir.resolve("dev-002.key.pem"))).isEqualTo(first);
  }

  @Test
  void shouldResolveTheDefaultModelRepositoryAgainstTheInstallation() {
    Path home = Installation.home(Map.of());
    assertThat(home.resolve("models/repository")).isDirectory();

    CommandLine cl = AirtraceCli.commandLine(new String[0]);
    CommandLine.ParseResult parsed = cl.parseArgs("gateway", "--gateway-id", "gw-1");
    GatewayCommand gateway = (GatewayCommand) parsed.subcommand().commandSpec().userObject();

    assertThat(gateway.modelsDir).isAbsolute();
    assertThat(gateway.modelsDir.normalize()).isEqualTo(home.resolve("models/repository"));
  }

  @Test
  void shouldTakeTheInstallationFromAirtraceHome() {
    assertThat(Installation.home(Map.of(Installation.HOME_ENV, dir.toString()))).isEqualTo(dir);
  }

  @Test
  void shouldListEveryComponentInTopLevelHelp() {
    String help = run(List.of("--help"), 0);
    assertThat(help)
        .contains("demo", "gateway", "processor", "sink", "simulate", "verify", "AIRTRACE_");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "demo",
        "gateway",
        "processor",
        "sink",
        "simulate",
        "anchor",
        "proof",
        "verify",
        "device"
      })
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
