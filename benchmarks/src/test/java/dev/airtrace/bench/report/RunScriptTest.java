package dev.airtrace.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code benchmarks/run.sh} without timing anything: its help, its argument checks and the commands
 * of {@code --dry-run} (which harnesses, in which order, with which JVM flags and main classes).
 */
@Timeout(180)
class RunScriptTest {
  private static final Path SCRIPT = Path.of("run.sh"); // surefire runs in the module folder
  private static final String COMMON_FLAGS = "-Xms1g -Xmx1g -XX:+UseG1GC";

  private static final Pattern JAVA =
      Pattern.compile(
          "java (?<flags>.*?) -Dairtrace\\.bench\\.command=.* -cp \\S+ (?<main>\\S+)(?<args>.*)");

  record Result(int exit, String out) {}

  private static Result run(String... args) throws IOException, InterruptedException {
    return run(Map.of(), args);
  }

  private static Result run(Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
    command.addAll(Arrays.asList(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    // The script's own java (BenchTable, java -version) is the one running this test.
    builder
        .environment()
        .merge(
            "PATH",
            Path.of(System.getProperty("java.home"), "bin").toString(),
            (path, jdk) -> jdk + java.io.File.pathSeparator + path);
    builder.environment().putAll(env);
    Process p =
        builder
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), out);
  }

  /** The java command lines of a dry run, by harness name. */
  private static List<String[]> harnessCommands(String out) {
    List<String[]> commands = new ArrayList<>();
    String[] lines = out.split("\n");
    for (int i = 0; i + 1 < lines.length; i++) {
      if (lines[i].startsWith("# ") && !lines[i].startsWith("# size")) {
        commands.add(new String[] {lines[i].substring(2), lines[i + 1]});
      }
    }
    return commands;
  }

  @Test
  void shouldDescribeEveryOptionInItsHelp() throws Exception {
    Result help = run("--help");

    assertThat(help.exit()).isZero();
    assertThat(help.out())
        .contains("--quick", "--only", "--json FILE", "--no-build", "--dry-run", "--results");
  }

  @Test
  void shouldRefuseAnUnknownHarnessOrOption() throws Exception {
    Result harness = run("--dry-run", "--only", "gateway,bogus");
    Result option = run("--fast");

    assertThat(harness.exit()).isEqualTo(2);
    assertThat(harness.out()).contains("unknown harness 'bogus'");
    assertThat(option.exit()).isEqualTo(2);
    assertThat(option.out()).contains("unknown option --fast");
  }

  @Test
  void shouldPlanEveryHarnessAsItsOwnJavaProcessWithTheSameFlags() throws Exception {
    Result dry = run("--dry-run", "--no-build");

    assertThat(dry.exit()).isZero();
    assertThat(dry.out()).doesNotContain("mvnw");
    List<String[]> commands = harnessCommands(dry.out());
    assertThat(commands)
        .extracting(c -> c[0])
        .containsExactly("gateway", "processor", "memory", "serving", "merkle");
    for (String[] c : commands) {
      Matcher m = JAVA.matcher(c[1]);
      assertThat(m.find()).as("a java command for %s: %s", c[0], c[1]).isTrue();
      String flags = m.group("flags").replace(" -XX:ActiveProcessorCount=1", "");
      assertThat(flags).as("JVM flags of %s", c[0]).isEqualTo(COMMON_FLAGS);
      if (c[1].contains("ActiveProcessorCount")) {
        assertThat(c[0])
            .as("only the single-threaded in-process harness is pinned")
            .isEqualTo("merkle");
        assertThat(c[1]).startsWith("taskset -c 1 ");
      }
      assertThat(c[1]).contains("-Dairtrace.bench.command=benchmarks/run.sh\\ --only\\ " + c[0]);
    }
  }

  @Test
  void shouldNameMainClassesThatExist() throws Exception {
    Result dry = run("--dry-run", "--no-build");

    for (String[] c : harnessCommands(dry.out())) {
      Matcher m = JAVA.matcher(c[1]);
      assertThat(m.find()).isTrue();
      String main = m.group("main");
      assertThat(Class.forName(main).getMethod("main", String[].class))
          .as("main of %s", c[0])
          .isNotNull();
    }
  }

  @Test
  void shouldRunOnlyTheNamedHarnessesAtQuickSizesAndBuildFirstUnlessToldNot() throws Exception {
    Result quick = run("--dry-run", "--quick", "--only", "serving,merkle");

    assertThat(quick.out()).contains("# size: quick").contains("mvnw");
    List<String[]> commands = harnessCommands(quick.out());
    assertThat(commands).extracting(c -> c[0]).containsExactly("serving", "merkle");
    assertThat(commands.get(0)[1])
        .endsWith("ServingThroughput models/repository pm25-forecast 5 3 10 no-latency")
        .contains("--only\\ serving\\ --quick");
    assertThat(commands.get(1)[1]).endsWith("MerkleRatio 3 3 2 3 2");
  }

  @Test
  void shouldResolveARelativeResultsFolderFromWhereTheCallerStands() throws Exception {
    Result dry = run("--dry-run", "--no-build", "--only", "merkle", "--results", "some/where");

    // surefire runs in the module folder; the script itself works from the repository root
    assertThat(dry.out())
        .contains("-XX:ErrorFile=" + Path.of("some/where").toAbsolutePath() + "/hs_err_pid%p.log");
  }

  /**
   * A whole run with a stand-in for {@code java} that plays the harnesses: the gateway prints a row
   * among other output, the processor exits 0 without a row, the memory harness fails, the serving
   * harness prints two rows and then fails. The table and the JSON file hold the three rows there
   * are, and the run names the three harnesses that failed and exits 1.
   */
  @Test
  void shouldPrintTheRowsItHasThenNameEveryFailedHarnessAndExitNonZero(@TempDir Path dir)
      throws Exception {
    Path fakeJava = dir.resolve("fake-java");
    String gatewayRow =
        BenchRow.of("gateway ÷ bare bridge, models on", 10_000, 8_500, "msg/s", 1.0, "g").line();
    String servingRow1 = BenchRow.of("serving ÷ raw ORT", 40_000, 36_000, "rows/s", 1, "s").line();
    String servingRow2 = BenchRow.of("wrapper ÷ raw ORT", 40_000, 38_000, "rows/s", 1, "s").line();
    Files.writeString(
        fakeJava,
        String.join(
            "\n",
            "#!/usr/bin/env bash",
            "case \"$*\" in",
            "  *GatewayThroughput*) echo 'INFO kafka started'; echo '" + gatewayRow + "' ;;",
            "  *ProcessorThroughput*) echo 'round 1 features on 1,000 readings/s' ;;",
            "  *GatewayMemory*) echo 'no such class' >&2; exit 3 ;;",
            "  *ServingThroughput*) echo '"
                + servingRow1
                + "'; echo '"
                + servingRow2
                + "'; exit 1 ;;",
            "  *) echo 'unexpected harness' >&2; exit 9 ;;",
            "esac",
            ""));
    Files.setPosixFilePermissions(fakeJava, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path json = dir.resolve("rows.json");

    Result run =
        run(
            Map.of(
                "BENCH_JAVA", fakeJava.toString(),
                "BENCH_CLASSPATH", System.getProperty("java.class.path")),
            "--no-build",
            "--quick",
            "--only",
            "gateway,processor,memory,serving",
            "--results",
            dir.resolve("results").toString(),
            "--json",
            json.toString());

    assertThat(run.exit()).as(run.out()).isEqualTo(1);
    assertThat(run.out())
        .contains("| gateway ÷ bare bridge, models on | msg/s | 10,000 | 8,500 | 0.85 |")
        .contains("| serving ÷ raw ORT | rows/s | 40,000 | 36,000 | 0.90 |")
        .contains("run.sh: 3 harness(es) failed:")
        .contains("  - processor (exit 0 but printed no BENCH-ROW line)")
        .contains("  - memory (exit 3; 0 rows)")
        .contains("  - serving (exit 1; 2 rows)");
    JsonNode rows = new ObjectMapper().readTree(Files.readString(json));
    assertThat(rows)
        .extracting(r -> r.get("figure").asText())
        .containsExactly(
            "gateway ÷ bare bridge, models on", "serving ÷ raw ORT", "wrapper ÷ raw ORT");
    assertThat(dir.resolve("results/processor.log")).content().contains("1,000 readings/s");
    assertThat(dir.resolve("results/table.md")).content().contains("wrapper ÷ raw ORT");
    assertThat(dir.resolve("results/environment.txt")).content().contains("load average at end");
  }
}
