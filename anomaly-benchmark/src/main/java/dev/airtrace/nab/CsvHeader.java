package dev.airtrace.nab;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The header of a comma-separated NAB file (no quoting: NAB files contain none) and splitting of
 * its rows. Immutable and thread-safe.
 */
final class CsvHeader {
  private final Path file;
  private final List<String> names;

  private CsvHeader(Path file, List<String> names) {
    this.file = file;
    this.names = names;
  }

  static CsvHeader parse(Path file, String headerLine) {
    if (headerLine == null || headerLine.isBlank()) {
      throw new NabCorpusException(file + ": empty file, expected a header line");
    }
    String clean = headerLine.startsWith("\uFEFF") ? headerLine.substring(1) : headerLine;
    return new CsvHeader(file, Arrays.stream(clean.split(",", -1)).map(String::trim).toList());
  }

  int size() {
    return names.size();
  }

  boolean has(String name) {
    return names.contains(name);
  }

  int require(String name) {
    int index = names.indexOf(name);
    if (index < 0) {
      throw new NabCorpusException(
          file + ": header " + String.join(",", names) + " lacks column '" + name + "'");
    }
    return index;
  }

  String[] split(Path source, int lineNumber, String line) {
    String[] cells = line.split(",", -1);
    if (cells.length != names.size()) {
      throw new NabCorpusException(
          source
              + ":"
              + lineNumber
              + ": expected "
              + names.size()
              + " columns ("
              + String.join(",", names)
              + "), got '"
              + line
              + "'");
    }
    return cells;
  }

  @Override
  public String toString() {
    return file + " " + names;
  }
}
