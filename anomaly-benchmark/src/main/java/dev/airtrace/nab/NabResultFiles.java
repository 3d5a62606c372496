package dev.airtrace.nab;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Detector results in NAB's file layout: {@code <dir>/<category>/<detector>_<file>.csv}, one row
 * per data row in file order.
 *
 * <p>Reading accepts any header with an {@code anomaly_score} column: NAB's own {@code
 * timestamp,value,anomaly_score,label[,...]}, {@code timestamp,anomaly_score}, or a bare {@code
 * anomaly_score} column (the {@code reference-results/numenta} fixture). When a {@code timestamp}
 * column is present every row's timestamp must match the data file's. Writing produces {@code
 * timestamp,value,anomaly_score,label} (label 1 inside windows) so NAB's official scorer can read
 * the files. Stateless and thread-safe.
 */
public final class NabResultFiles {
  /** The header this class writes, as in NAB's own results files. */
  public static final String HEADER = "timestamp,value,anomaly_score,label";

  private NabResultFiles() {}

  /**
   * @param resultsDir the detector's results folder (NAB: {@code results/<detector>})
   * @param detector file-name prefix ({@code numenta} reads {@code numenta_<file>.csv}); empty for
   *     files named exactly like the data files
   * @param key a corpus key, {@code "<category>/<file>.csv"}
   * @return where that file's results live
   */
  public static Path resultPath(Path resultsDir, String detector, String key) {
    int slash = key.lastIndexOf('/');
    String category = key.substring(0, slash + 1);
    String name = key.substring(slash + 1);
    return resultsDir.resolve(category + (detector.isEmpty() ? "" : detector + "_") + name);
  }

  /**
   * Reads one results file per corpus file.
   *
   * @param resultsDir the detector's results folder
   * @param detector file-name prefix (see {@link #resultPath})
   * @param corpus the corpus the results belong to
   * @return anomaly scores keyed by corpus key, in corpus order
   * @throws NabCorpusException when a file is missing, malformed, has the wrong number of rows or a
   *     timestamp that does not match the data file
   */
  public static Map<String, double[]> read(Path resultsDir, String detector, NabCorpus corpus) {
    Map<String, double[]> scores = new LinkedHashMap<>();
    for (NabDataFile file : corpus.files().values()) {
      scores.put(file.key(), readFile(resultPath(resultsDir, detector, file.key()), file));
    }
    return scores;
  }

  /**
   * @param resultFile one results file
   * @param file the data file it scores
   * @return its anomaly scores, one per data row
   */
  public static double[] readFile(Path resultFile, NabDataFile file) {
    if (!Files.isRegularFile(resultFile)) {
      throw new NabCorpusException("missing results file " + resultFile + " for " + file.key());
    }
    try (BufferedReader reader = Files.newBufferedReader(resultFile, StandardCharsets.UTF_8)) {
      CsvHeader header = CsvHeader.parse(resultFile, reader.readLine());
      int scoreColumn = header.require("anomaly_score");
      int timestampColumn = header.has("timestamp") ? header.require("timestamp") : -1;
      double[] scores = new double[file.rowCount()];
      int row = 0;
      int lineNumber = 1;
      String line;
      while ((line = reader.readLine()) != null) {
        lineNumber++;
        if (line.isBlank()) {
          continue;
        }
        if (row == scores.length) {
          throw new NabCorpusException(
              resultFile + ": more rows than the " + file.rowCount() + " of " + file.key());
        }
        String[] cells = header.split(resultFile, lineNumber, line);
        try {
          if (timestampColumn >= 0
              && NabTimestamps.parse(cells[timestampColumn]) != file.timestampMillis(row)) {
            throw new NabCorpusException(
                resultFile
                    + ":"
                    + lineNumber
                    + ": timestamp "
                    + cells[timestampColumn]
                    + " but row "
                    + row
                    + " of "
                    + file.key()
                    + " is "
                    + NabTimestamps.format(file.timestampMillis(row)));
          }
          scores[row++] = Double.parseDouble(cells[scoreColumn]);
        } catch (DateTimeException | NumberFormatException e) {
          throw new NabCorpusException(
              resultFile + ":" + lineNumber + ": cannot parse '" + line + "'", e);
        }
      }
      if (row != scores.length) {
        throw new NabCorpusException(
            resultFile + ": " + row + " rows but " + file.key() + " has " + file.rowCount());
      }
      return scores;
    } catch (IOException e) {
      throw new NabCorpusException("cannot read " + resultFile + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes one NAB results file per corpus file ({@code timestamp,value,anomaly_score,label}).
   *
   * @param resultsDir the detector's results folder (created if absent)
   * @param detector file-name prefix (see {@link #resultPath})
   * @param corpus the corpus the scores belong to
   * @param scores anomaly scores per corpus key, one per data row
   * @throws NabCorpusException when a file's scores are missing or of the wrong length
   */
  public static void write(
      Path resultsDir, String detector, NabCorpus corpus, Map<String, double[]> scores) {
    for (NabDataFile file : corpus.files().values()) {
      double[] fileScores = scores.get(file.key());
      if (fileScores == null || fileScores.length != file.rowCount()) {
        throw new NabCorpusException(
            file.key()
                + ": expected "
                + file.rowCount()
                + " scores, got "
                + (fileScores == null ? "none" : String.valueOf(fileScores.length)));
      }
      writeFile(resultPath(resultsDir, detector, file.key()), file, fileScores);
    }
  }

  private static void writeFile(Path target, NabDataFile file, double[] scores) {
    try {
      Files.createDirectories(target.getParent());
      try (BufferedWriter out = Files.newBufferedWriter(target, StandardCharsets.UTF_8)) {
        out.write(HEADER);
        out.write('\n');
        for (int row = 0; row < file.rowCount(); row++) {
          out.write(NabTimestamps.format(file.timestampMillis(row)));
          out.write(',');
          out.write(Double.toString(file.value(row)));
          out.write(',');
          out.write(Double.toString(scores[row]));
          out.write(',');
          out.write(file.inWindow(row) ? '1' : '0');
          out.write('\n');
        }
      }
    } catch (IOException e) {
      throw new NabCorpusException("cannot write " + target + ": " + e.getMessage(), e);
    }
  }
}
