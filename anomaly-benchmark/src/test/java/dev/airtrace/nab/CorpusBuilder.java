package dev.airtrace.nab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test-data builder for small corpora: in memory, or written to disk in NAB layout. */
final class CorpusBuilder {
  static final long START_MILLIS = NabTimestamps.parse("2014-04-01 00:00:00");
  static final long STEP_MILLIS = 5 * 60 * 1000;

  /** NAB's unit-test cost matrix (TP 1, FN 1, FP 1). */
  static final CostProfile UNIT_COSTS = new CostProfile("unit", 1.0, 1.0, 1.0);

  private final List<NabDataFile> files = new ArrayList<>();
  private List<CostProfile> profiles = List.of(UNIT_COSTS);

  static CorpusBuilder corpus() {
    return new CorpusBuilder();
  }

  /** Adds a file of {@code rows} rows, 5 minutes apart, with windows given as row pairs. */
  CorpusBuilder file(String key, int rows, int... windowRows) {
    long[] timestamps = new long[rows];
    double[] values = new double[rows];
    for (int i = 0; i < rows; i++) {
      timestamps[i] = timestamp(i);
      values[i] = Math.sin(i / 10.0) * 10 + 20;
    }
    List<RowWindow> windows = new ArrayList<>();
    for (int w = 0; w < windowRows.length; w += 2) {
      windows.add(new RowWindow(windowRows[w], windowRows[w + 1]));
    }
    files.add(new NabDataFile(key, timestamps, values, windows));
    return this;
  }

  CorpusBuilder profiles(CostProfile... costs) {
    this.profiles = List.of(costs);
    return this;
  }

  NabCorpus build() {
    return new NabCorpus(files, profiles);
  }

  static long timestamp(int row) {
    return START_MILLIS + row * STEP_MILLIS;
  }

  static String timestampText(int row) {
    return NabTimestamps.format(timestamp(row));
  }

  /** Scores that are 0 except {@code 1.0} at the given rows. */
  static double[] detectionsAt(int rows, int... detectedRows) {
    double[] scores = new double[rows];
    for (int row : detectedRows) {
      scores[row] = 1.0;
    }
    return scores;
  }

  /** Writes {@link #build()} in NAB layout under {@code root} (windows spelt with .000000). */
  Path writeTo(Path root) throws IOException {
    NabCorpus corpus = build();
    Map<String, List<List<String>>> windows = new LinkedHashMap<>();
    for (NabDataFile file : corpus.files().values()) {
      StringBuilder csv = new StringBuilder("timestamp,value");
      for (int i = 0; i < file.rowCount(); i++) {
        csv.append('\n')
            .append(NabTimestamps.format(file.timestampMillis(i)))
            .append(',')
            .append(file.value(i));
      }
      Path target = root.resolve("data").resolve(file.key());
      Files.createDirectories(target.getParent());
      Files.writeString(target, csv, StandardCharsets.UTF_8);
      List<List<String>> bounds = new ArrayList<>();
      for (RowWindow window : file.windows()) {
        bounds.add(
            List.of(
                NabTimestamps.format(file.timestampMillis(window.firstRow())) + ".000000",
                NabTimestamps.format(file.timestampMillis(window.lastRow())) + ".000000"));
      }
      windows.put(file.key(), bounds);
    }
    writeJson(root.resolve(NabCorpusReader.WINDOWS_FILE), windows);
    Map<String, Object> profileJson = new LinkedHashMap<>();
    for (CostProfile p : corpus.profiles()) {
      profileJson.put(
          p.name(),
          Map.of(
              "CostMatrix",
              Map.of(
                  "tpWeight", p.truePositiveWeight(),
                  "fnWeight", p.falseNegativeWeight(),
                  "fpWeight", p.falsePositiveWeight(),
                  "tnWeight", 1.0)));
    }
    writeJson(root.resolve(NabCorpusReader.PROFILES_FILE), profileJson);
    return root;
  }

  static void writeJson(Path target, Object value) throws IOException {
    Files.createDirectories(target.getParent());
    new com.fasterxml.jackson.databind.ObjectMapper()
        .writerWithDefaultPrettyPrinter()
        .writeValue(target.toFile(), value);
  }
}
