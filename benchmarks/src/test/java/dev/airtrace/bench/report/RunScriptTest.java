package dev.airtrace.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code benchmarks/run.sh} without timing anything: its help, its argument checks and the commands
 * of {@code --dry-run} (which harnesses, in which order, with which JVM flags and main classes).
 */
@Timeout(60)
class RunScriptTest {
  private static final Path SCRIPT = Path.of("run.sh"); // surefire runs in the module folder
  private static final String COMMON_FLAGS = "-Xms1g -Xmx1g -XX:+UseG1GC";

  /**
   * Main classes named in run.sh that come from slices not merged into this branch yet; the lead
   * removes an entry once its harness is in the tree.
   */
  private static final Set<String> NOT_YET_IN_TREE =
      Set.of("dev.airtrace.bench.memory.GatewayMemory");

  private static final Pattern JAVA =
      Pattern.compile(
          "java (?<flags>.*?) -Dairtrace\\.bench\\.command=.* -cp \\S+ (?<main>\\S+)(?<args>.*)");

  record Result(int exit, String out) {}

  private static Result run(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
    command.addAll(Arrays.asList(args));
    Process p =
        new ProcessBuilder(command)
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
        assertThat(c[0]).as("only in-process harnesses are pinned").isIn("serving", "merkle");
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
      if (!NOT_YET_IN_TREE.contains(main)) {
        assertThat(Class.forName(main).getMethod("main", String[].class))
            .as("main of %s", c[0])
            .isNotNull();
      }
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
}
