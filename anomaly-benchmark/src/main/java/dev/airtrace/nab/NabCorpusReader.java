package dev.airtrace.nab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Reads a corpus in NAB layout into a {@link NabCorpus}. Stateless and thread-safe. */
final class NabCorpusReader {
  static final String DATA_DIR = "data";
  static final String WINDOWS_FILE = "labels/combined_windows.json";
  static final String PROFILES_FILE = "config/profiles.json";

  private static final ObjectMapper JSON = new ObjectMapper();

  private NabCorpusReader() {}

  static NabCorpus read(Path root) {
    Path data = root.resolve(DATA_DIR);
    Path windowsFile = root.resolve(WINDOWS_FILE);
    Path profilesFile = root.resolve(PROFILES_FILE);
    for (Path required : List.of(data, windowsFile, profilesFile)) {
      if (!Files.exists(required)) {
        throw new NabCorpusException(
            "NAB corpus incomplete: "
                + required
                + " does not exist. "
                + NabCorpusLocation.howToObtain(root));
      }
    }
    Map<String, List<String[]>> windowsByKey = readWindows(windowsFile);
    Map<String, Path> csvByKey = listDataFiles(data);
    for (String key : windowsByKey.keySet()) {
      if (!csvByKey.containsKey(key)) {
        throw new NabCorpusException(windowsFile + " names " + key + " but " + data + " lacks it");
      }
    }
    List<NabDataFile> files = new ArrayList<>(csvByKey.size());
    for (Map.Entry<String, Path> entry : csvByKey.entrySet()) {
      List<String[]> windows = windowsByKey.get(entry.getKey());
      if (windows == null) {
        throw new NabCorpusException(
            windowsFile + " has no entry for data file " + entry.getKey() + " (use [] for none)");
      }
      files.add(readDataFile(entry.getKey(), entry.getValue(), windows, windowsFile));
    }
    return new NabCorpus(files, readProfiles(profilesFile));
  }

  private static Map<String, Path> listDataFiles(Path data) {
    Map<String, Path> byKey = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(data)) {
      paths
          .filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".csv"))
          .forEach(p -> byKey.put(data.relativize(p).toString().replace('\\', '/'), p));
    } catch (IOException e) {
      throw new NabCorpusException("cannot list " + data, e);
    }
    if (byKey.isEmpty()) {
      throw new NabCorpusException(
          "NAB corpus has no CSV files under "
              + data
              + ". "
              + NabCorpusLocation.howToObtain(data.getParent()));
    }
    return byKey;
  }

  private static Map<String, List<String[]>> readWindows(Path windowsFile) {
    JsonNode root = readJson(windowsFile);
    if (!root.isObject()) {
      throw new NabCorpusException(windowsFile + ": expected an object keyed by data file");
    }
    Map<String, List<String[]>> byKey = new TreeMap<>();
    for (Map.Entry<String, JsonNode> entry : root.properties()) {
      List<String[]> windows = new ArrayList<>();
      if (!entry.getValue().isArray()) {
        throw new NabCorpusException(windowsFile + ": " + entry.getKey() + " is not an array");
      }
      for (JsonNode pair : entry.getValue()) {
        if (!pair.isArray()
            || pair.size() != 2
            || !pair.get(0).isTextual()
            || !pair.get(1).isTextual()) {
          throw new NabCorpusException(
              windowsFile
                  + ": "
                  + entry.getKey()
                  + " has a window that is not [start, end]: "
                  + pair);
        }
        windows.add(new String[] {pair.get(0).asText(), pair.get(1).asText()});
      }
      byKey.put(entry.getKey(), windows);
    }
    return byKey;
  }

  private static List<CostProfile> readProfiles(Path profilesFile) {
    JsonNode root = readJson(profilesFile);
    List<CostProfile> profiles = new ArrayList<>();
    for (Map.Entry<String, JsonNode> entry : root.properties()) {
      JsonNode costs = entry.getValue().path("CostMatrix");
      for (String field : List.of("tpWeight", "fnWeight", "fpWeight")) {
        if (!costs.path(field).isNumber()) {
          throw new NabCorpusException(
              profilesFile + ": profile " + entry.getKey() + " lacks CostMatrix." + field);
        }
      }
      try {
        profiles.add(
            new CostProfile(
                entry.getKey(),
                costs.get("tpWeight").asDouble(),
                costs.get("fnWeight").asDouble(),
                costs.get("fpWeight").asDouble()));
      } catch (IllegalArgumentException e) {
        throw new NabCorpusException(profilesFile + ": " + e.getMessage(), e);
      }
    }
    if (profiles.isEmpty()) {
      throw new NabCorpusException(profilesFile + ": no profiles");
    }
    return profiles;
  }

  private static JsonNode readJson(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new NabCorpusException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static NabDataFile readDataFile(
      String key, Path csv, List<String[]> windowBounds, Path windowsFile) {
    RowTable table = readRows(csv);
    List<RowWindow> windows = new ArrayList<>(windowBounds.size());
    for (String[] bounds : windowBounds) {
      int first = rowOf(key, table.timestamps, bounds[0], bounds, windowsFile);
      int last = rowOf(key, table.timestamps, bounds[1], bounds, windowsFile);
      if (last < first) {
        throw new NabCorpusException(
            windowsFile
                + ": "
                + key
                + " window ["
                + bounds[0]
                + ", "
                + bounds[1]
                + "] ends before it starts");
      }
      windows.add(new RowWindow(first, last));
    }
    try {
      return new NabDataFile(key, table.timestamps, table.values, windows);
    } catch (IllegalArgumentException e) {
      throw new NabCorpusException(windowsFile + ": " + e.getMessage(), e);
    }
  }

  private static int rowOf(
      String key, long[] timestamps, String boundary, String[] window, Path windowsFile) {
    long millis;
    try {
      millis = NabTimestamps.parseWindowBoundary(boundary);
    } catch (DateTimeException e) {
      throw new NabCorpusException(
          windowsFile + ": " + key + " window boundary '" + boundary + "' is not a timestamp", e);
    }
    for (int row = 0; row < timestamps.length; row++) {
      if (timestamps[row] == millis) {
        return row;
      }
    }
    throw new NabCorpusException(
        windowsFile
            + ": "
            + key
            + " window ["
            + window[0]
            + ", "
            + window[1]
            + "]: boundary '"
            + boundary
            + "' is not the timestamp of any row of the data file");
  }

  /** Rows of one {@code timestamp,value} CSV. */
  private record RowTable(long[] timestamps, double[] values) {}

  private static RowTable readRows(Path csv) {
    try (BufferedReader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
      CsvHeader columns = CsvHeader.parse(csv, reader.readLine());
      int timestampColumn = columns.require("timestamp");
      int valueColumn = columns.require("value");
      GrowingArrays rows = new GrowingArrays();
      String line;
      int lineNumber = 1;
      while ((line = reader.readLine()) != null) {
        lineNumber++;
        if (line.isBlank()) {
          continue;
        }
        String[] cells = columns.split(csv, lineNumber, line);
        try {
          rows.add(
              NabTimestamps.parse(cells[timestampColumn]), Double.parseDouble(cells[valueColumn]));
        } catch (DateTimeException | NumberFormatException e) {
          throw new NabCorpusException(csv + ":" + lineNumber + ": cannot parse '" + line + "'", e);
        }
      }
      return new RowTable(rows.longs(), rows.doubles());
    } catch (IOException e) {
      throw new NabCorpusException("cannot read " + csv + ": " + e.getMessage(), e);
    }
  }
}
