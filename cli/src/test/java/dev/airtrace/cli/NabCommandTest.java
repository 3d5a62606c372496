package dev.airtrace.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airtrace.inference.Accelerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class NabCommandTest {
  private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  private static final LocalDateTime START = LocalDateTime.of(2024, 1, 1, 0, 0);

  private static NabCommand parse(String... args) {
    String[] full = new String[args.length + 1];
    full[0] = "nab";
    System.arraycopy(args, 0, full, 1, args.length);
    Installation.publish(System.getenv());
    CommandLine cl = new CommandLine(new AirtraceCli());
    cl.setDefaultValueProvider(ConfigDefaults.from(full, Map.of()));
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    return cl.parseArgs(full).subcommand().commandSpec().commandLine().getCommand();
  }

  @Test
  void shouldDefaultToCpuTheCommittedRepositoryAndTheSharedCorpus() {
    NabCommand c = parse();
    assertThat(c.inferenceConfig().accelerator()).isEqualTo(Accelerator.CPU);
    assertThat(c.inferenceConfig().intraOpThreads()).isEqualTo(1);
    assertThat(c.repositoryConfig().root().normalize())
        .isEqualTo(Installation.home(System.getenv()).resolve("models/repository"));
    assertThat(c.repositoryConfig().models()).containsExactly("anomaly-ae");
    assertThat(c.repositoryConfig().rescanInterval()).isEqualTo(Duration.ZERO);
    assertThat(c.corpusRoot().toString()).endsWith("nab");
    assertThat(c.resultsDir).isNull();
  }

  @Test
  void shouldPinTheModelVersionWhenAsked() {
    NabCommand c = parse("--model-version", "1", "--accelerator", "auto");
    assertThat(c.repositoryConfig().pinned()).containsEntry("anomaly-ae", 1L);
    assertThat(c.inferenceConfig().accelerator()).isEqualTo(Accelerator.AUTO);
  }

  @Test
  void shouldScoreACorpusInNabLayoutAndWriteResultFiles(@TempDir Path dir) throws IOException {
    Path corpus = dir.resolve("nab");
    // a spike inside the labelled window of one file, and a file without anomalies
    writeSeries(corpus, "demo/spiky.csv", 1500, 1200, 60);
    writeSeries(corpus, "demo/calm.csv", 1500, -1, 0);
    Files.createDirectories(corpus.resolve("labels"));
    Files.writeString(
        corpus.resolve("labels/combined_windows.json"),
        "{\"demo/spiky.csv\": [[\""
            + stamp(1150)
            + ".000000\", \""
            + stamp(1250)
            + ".000000\"]], \"demo/calm.csv\": []}");
    Files.createDirectories(corpus.resolve("config"));
    Files.writeString(corpus.resolve("config/profiles.json"), profiles());
    Path results = dir.resolve("results");

    StringWriter text = new StringWriter();
    CommandLine cl = AirtraceCli.commandLine(new String[0]);
    cl.setOut(new PrintWriter(text));
    int exit =
        cl.execute(
            "nab",
            "--data",
            corpus.toString(),
            "--models-dir",
            repository().toString(),
            "--results-dir",
            results.toString());

    assertThat(exit).isZero();
    assertThat(text.toString())
        .contains("model anomaly-ae@1 on ort-cpu")
        .contains("Standard")
        .contains("reward_low_FN_rate");
    // the spike is found at the start of its window's second half: a positive standard score
    String row =
        text.toString().lines().filter(l -> l.startsWith("airtrace")).findFirst().orElseThrow();
    assertThat(Double.parseDouble(row.trim().split("\\s+")[1])).isGreaterThan(50);
    List<String> written = Files.readAllLines(results.resolve("demo/airtrace_spiky.csv"));
    assertThat(written).hasSize(1501);
    assertThat(written.get(0)).startsWith("timestamp,");
  }

  private static String stamp(int row) {
    return START.plusMinutes(5L * row).format(TS);
  }

  private static void writeSeries(Path corpus, String key, int rows, int spikeAt, double spike)
      throws IOException {
    Random r = new Random(key.hashCode());
    StringBuilder sb = new StringBuilder("timestamp,value");
    for (int i = 0; i < rows; i++) {
      double v = 50 + 10 * Math.sin(2 * Math.PI * i / 288.0) + r.nextGaussian();
      if (i == spikeAt) {
        v += spike;
      }
      sb.append('\n').append(stamp(i)).append(',').append(String.format("%.3f", v));
    }
    Path file = corpus.resolve("data").resolve(key);
    Files.createDirectories(file.getParent());
    Files.writeString(file, sb.toString());
  }

  private static String profiles() {
    return "{\"standard\": {\"CostMatrix\": {\"tpWeight\": 1.0, \"fnWeight\": 1.0, \"fpWeight\":"
        + " 0.11, \"tnWeight\": 1.0}}, \"reward_low_FP_rate\": {\"CostMatrix\": {\"tpWeight\":"
        + " 1.0, \"fnWeight\": 1.0, \"fpWeight\": 0.22, \"tnWeight\": 1.0}},"
        + " \"reward_low_FN_rate\": {\"CostMatrix\": {\"tpWeight\": 1.0, \"fnWeight\": 2.0,"
        + " \"fpWeight\": 0.11, \"tnWeight\": 1.0}}}";
  }

  private static Path repository() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("models/repository/anomaly-ae"))) {
        return p.resolve("models/repository");
      }
    }
    throw new IllegalStateException("models/repository not found");
  }
}
