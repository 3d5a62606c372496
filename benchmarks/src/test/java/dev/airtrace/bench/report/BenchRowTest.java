package dev.airtrace.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class BenchRowTest {

  @Test
  void lineIsThePrefixAndOneJsonObjectWithTheContractKeys() throws Exception {
    BenchRow row =
        BenchRow.of("gateway throughput, \"models\" on", 20_000, 10_000, "msg/s", 1.5, "run.sh x");

    assertThat(row.ratio()).isEqualTo(0.5);
    assertThat(row.line()).startsWith(BenchRow.PREFIX).doesNotContain("\n");
    JsonNode json = new ObjectMapper().readTree(row.line().substring(BenchRow.PREFIX.length()));
    assertThat(json.fieldNames())
        .toIterable()
        .containsExactly("figure", "baseline", "ours", "ratio", "unit", "load", "command");
    assertThat(json.get("figure").asText()).isEqualTo("gateway throughput, \"models\" on");
    assertThat(json.get("ratio").asDouble()).isEqualTo(0.5);
  }

  @Test
  void unmeasuredNumbersAreWrittenAsNull() throws Exception {
    BenchRow row = BenchRow.of("rss", 0, 200, "MB", Double.NaN, "cmd");

    JsonNode json = new ObjectMapper().readTree(row.json());
    assertThat(json.get("load").isNull()).isTrue();
    assertThat(json.get("ratio").isNull()).isTrue();
  }

  @Test
  void blankFigureIsRefused() {
    assertThatThrownBy(() -> BenchRow.of(" ", 1, 1, "x", 0, "c"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
