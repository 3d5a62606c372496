package dev.airtrace.sink.influx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airtrace.localstack.InfluxService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs InfluxQL through the harness and returns the first series as rows of column -> value. */
final class InfluxRows {
  private static final ObjectMapper JSON = new ObjectMapper();

  private InfluxRows() {}

  static List<Map<String, Object>> query(InfluxService influx, String database, String influxQl) {
    JsonNode root;
    try {
      root = JSON.readTree(influx.query(database, influxQl));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    for (JsonNode series : root.path("results").path(0).path("series")) {
      JsonNode columns = series.get("columns");
      for (JsonNode values : series.get("values")) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
          JsonNode v = values.get(i);
          row.put(columns.get(i).asText(), v.isNumber() ? (Object) v.doubleValue() : v.asText());
        }
        rows.add(row);
      }
    }
    return rows;
  }
}
