package dev.airtrace.nab;

import static dev.airtrace.nab.CorpusBuilder.corpus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NabResultFilesTest {
  private static final String KEY = "realA/first.csv";

  @TempDir Path dir;

  private final NabCorpus corpus = corpus().file(KEY, 6, 2, 3).build();

  @Test
  void shouldWriteNabResultsFilesThatReadBackToTheSameScores() throws IOException {
    double[] scores = {0.0, 0.125, 0.9, 0.3333333333333333, 1.0, 1e-7};

    NabResultFiles.write(dir, "airtrace", corpus, Map.of(KEY, scores));

    Path file = dir.resolve("realA/airtrace_first.csv");
    List<String> lines = Files.readAllLines(file);
    assertThat(lines.get(0)).isEqualTo("timestamp,value,anomaly_score,label");
    assertThat(lines.get(3)).startsWith(CorpusBuilder.timestampText(2) + ",").endsWith(",0.9,1");
    assertThat(lines.get(5)).endsWith(",1.0,0");
    assertThat(NabResultFiles.read(dir, "airtrace", corpus).get(KEY)).containsExactly(scores);
  }

  @Test
  void shouldReadABareAnomalyScoreColumn() throws IOException {
    Path file = NabResultFiles.resultPath(dir, "numenta", KEY);
    Files.createDirectories(file.getParent());
    Files.writeString(file, "anomaly_score\n0.1\n0.2\n0.3\n0.4\n0.5\n0.6");

    assertThat(NabResultFiles.readFile(file, corpus.file(KEY)))
        .containsExactly(0.1, 0.2, 0.3, 0.4, 0.5, 0.6);
  }

  @Test
  void shouldReadTimestampAndAnomalyScoreColumns() throws IOException {
    Path file = dir.resolve("first.csv");
    StringBuilder text = new StringBuilder("timestamp,anomaly_score");
    for (int i = 0; i < 6; i++) {
      text.append('\n').append(CorpusBuilder.timestampText(i)).append(',').append(i / 10.0);
    }
    Files.writeString(file, text);

    assertThat(NabResultFiles.readFile(file, corpus.file(KEY)))
        .containsExactly(0.0, 0.1, 0.2, 0.3, 0.4, 0.5);
  }

  @Test
  void shouldRejectResultsWhoseTimestampsDoNotMatchTheDataFile() throws IOException {
    Path file = dir.resolve("first.csv");
    StringBuilder text = new StringBuilder("timestamp,anomaly_score");
    for (int i = 0; i < 6; i++) {
      text.append('\n').append(CorpusBuilder.timestampText(i + 1)).append(",0.5");
    }
    Files.writeString(file, text);

    assertThatThrownBy(() -> NabResultFiles.readFile(file, corpus.file(KEY)))
        .isInstanceOf(NabCorpusException.class)
        .hasMessageContaining("first.csv:2")
        .hasMessageContaining("row 0 of " + KEY);
  }

  @Test
  void shouldRejectResultsWithFewerRowsThanTheDataFile() throws IOException {
    Path file = dir.resolve("first.csv");
    Files.writeString(file, "anomaly_score\n0.1\n0.2");

    assertThatThrownBy(() -> NabResultFiles.readFile(file, corpus.file(KEY)))
        .isInstanceOf(NabCorpusException.class)
        .hasMessageContaining("2 rows but " + KEY + " has 6");
  }

  @Test
  void shouldNameTheMissingResultsFile() {
    assertThatThrownBy(() -> NabResultFiles.read(dir, "airtrace", corpus))
        .isInstanceOf(NabCorpusException.class)
        .hasMessageContaining("airtrace_first.csv");
  }
}
