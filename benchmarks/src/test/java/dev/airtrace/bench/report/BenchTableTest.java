package dev.airtrace.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchTableTest {

  private static final BenchRow SERVING =
      BenchRow.of(
          "serving / raw ORT, batch 32", 40_000, 34_800, "rows/s", 1.25, "run.sh --only serving");
  private static final BenchRow RSS =
      new BenchRow("gateway RSS, 1,000 devices", Double.NaN, 231.5, Double.NaN, "MB", 0.5, "c");

  @Test
  void shouldKeepOnlyRowLinesFromAHarnessLogInOrder() {
    List<String> log =
        List.of(
            "[main] INFO kafka.server.KafkaRaftServer - started",
            SERVING.line(),
            "# Benchmark: dev.airtrace.bench.integrity.MerkleBatchingBenchmark.merkleBatch",
            "  BENCH-ROW {\"not\":\"a row, indented, so not a row line\"}",
            RSS.line(),
            "");

    List<BenchRow> rows = BenchTable.parse(log, "serving.log");

    assertThat(rows).hasSize(2);
    assertThat(rows.get(0)).isEqualTo(SERVING);
    assertThat(rows.get(1).figure()).isEqualTo("gateway RSS, 1,000 devices");
    assertThat(rows.get(1).baseline()).isNaN();
    assertThat(rows.get(1).ours()).isEqualTo(231.5);
  }

  @Test
  void shouldNameFileAndLineOfAMalformedRowInsteadOfDroppingIt() {
    List<String> log = List.of("warm-up", BenchRow.PREFIX + "{\"figure\":\"x\",\"ours\":1}");

    assertThatThrownBy(() -> BenchTable.parse(log, "gateway.log"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("gateway.log:2")
        .hasMessageContaining("missing");
  }

  @Test
  void shouldRefuseARowWhoseNumberIsText() {
    String line =
        BenchRow.PREFIX
            + "{\"figure\":\"f\",\"baseline\":\"1\",\"ours\":1,\"ratio\":1,\"unit\":\"u\","
            + "\"load\":1,\"command\":\"c\"}";

    assertThatThrownBy(() -> BenchTable.parse(List.of(line), "a.log"))
        .hasMessageContaining("a.log:1")
        .hasMessageContaining("baseline");
  }

  @Test
  void shouldRenderOneMarkdownRowPerFigureWithUnitRatioAndLoad() {
    String table = BenchTable.markdown(List.of(SERVING, RSS));

    // 34,800 / 40,000 = 0.87; load 1.25 rounds half-up to one decimal as 1.3.
    assertThat(table.lines())
        .containsExactly(
            "| figure | unit | baseline | ours | ratio | load average | command |",
            "|---|---|---:|---:|---:|---:|---|",
            "| serving / raw ORT, batch 32 | rows/s | 40,000 | 34,800 | 0.87 | 1.3 |"
                + " `run.sh --only serving` |",
            "| gateway RSS, 1,000 devices | MB | — | 232 | — | 0.5 | `c` |");
  }

  @Test
  void shouldEscapePipesSoACommandWithAPipeStaysInItsCell() {
    BenchRow piped = BenchRow.of("a|b", 1, 2, "x", 0, "mosquitto_sub | kcat -P");

    String row = BenchTable.markdown(List.of(piped)).lines().skip(2).findFirst().orElseThrow();

    assertThat(row).isEqualTo("| a\\|b | x | 1 | 2 | 2.00 | 0.0 | `mosquitto_sub \\| kcat -P` |");
  }

  @Test
  void shouldPrintSmallAmountsWithThreeSignificantDigits() {
    assertThat(BenchTable.amount(0.123456)).isEqualTo("0.123");
    assertThat(BenchTable.amount(12.0)).isEqualTo("12");
    assertThat(BenchTable.amount(99.96)).isEqualTo("100");
    assertThat(BenchTable.amount(1_412_041.4)).isEqualTo("1,412,041");
    assertThat(BenchTable.amount(0)).isEqualTo("0");
  }

  @Test
  void shouldWriteTheRowsAsAJsonListWithTheContractKeysAndNullForUnmeasured(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("out/table.json");

    BenchTable.writeJson(List.of(SERVING, RSS), file);

    JsonNode list = new ObjectMapper().readTree(Files.readString(file));
    assertThat(list.isArray()).isTrue();
    assertThat(list).hasSize(2);
    assertThat(list.get(0).fieldNames())
        .toIterable()
        .containsExactly("figure", "baseline", "ours", "ratio", "unit", "load", "command");
    assertThat(list.get(0).get("ratio").asDouble()).isEqualTo(0.87);
    assertThat(list.get(1).get("baseline").isNull()).isTrue();
    assertThat(list.get(1).get("ours").asDouble()).isEqualTo(231.5);
    assertThat(list.get(1).get("unit").asText()).isEqualTo("MB");
  }

  @Test
  void shouldReadBackWhatItWrote(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("merkle.log");
    Files.write(log, List.of("JMH 1.37", SERVING.line(), RSS.line()));

    List<BenchRow> rows = BenchTable.read(log);

    assertThat(rows.get(0)).isEqualTo(SERVING);
    assertThat(rows.get(1).command()).isEqualTo("c");
  }
}
