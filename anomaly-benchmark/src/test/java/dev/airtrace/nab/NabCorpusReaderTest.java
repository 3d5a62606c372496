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

class NabCorpusReaderTest {
  private static final CostProfile STANDARD = new CostProfile(CostProfile.STANDARD, 1, 1, 0.11);
  private static final CostProfile LOW_FN = new CostProfile(CostProfile.REWARD_LOW_FN, 1, 2, 0.11);

  @TempDir Path dir;

  @Test
  void shouldReadDataWindowsAndProfilesInNabLayout() throws IOException {
    corpus()
        .file("realB/second.csv", 50)
        .file("realA/first.csv", 100, 30, 34, 65, 69)
        .profiles(STANDARD, LOW_FN)
        .writeTo(dir);

    NabCorpus corpus = NabCorpus.load(dir);

    assertThat(corpus.files().keySet()).containsExactly("realA/first.csv", "realB/second.csv");
    NabDataFile first = corpus.file("realA/first.csv");
    assertThat(first.rowCount()).isEqualTo(100);
    assertThat(first.timestampMillis(30)).isEqualTo(CorpusBuilder.timestamp(30));
    assertThat(first.windows()).containsExactly(new RowWindow(30, 34), new RowWindow(65, 69));
    assertThat(corpus.file("realB/second.csv").windows()).isEmpty();
    assertThat(corpus.profiles()).containsExactly(STANDARD, LOW_FN);
    assertThat(corpus.windowCount()).isEqualTo(2);
  }

  @Test
  void shouldRejectWindowBoundaryThatIsNotARowTimestamp() throws IOException {
    corpus().file("realA/first.csv", 100).writeTo(dir);
    CorpusBuilder.writeJson(
        dir.resolve(NabCorpusReader.WINDOWS_FILE),
        Map.of(
            "realA/first.csv",
            List.of(List.of("2014-04-01 01:02:00.000000", CorpusBuilder.timestampText(40)))));

    assertThatThrownBy(() -> NabCorpus.load(dir))
        .isInstanceOf(NabCorpusException.class)
        .hasMessageContaining("realA/first.csv")
        .hasMessageContaining("'2014-04-01 01:02:00.000000' is not the timestamp of any row");
  }

  @Test
  void shouldRejectOverlappingWindows() throws IOException {
    corpus().file("realA/first.csv", 100).writeTo(dir);
    CorpusBuilder.writeJson(
        dir.resolve(NabCorpusReader.WINDOWS_FILE),
        Map.of(
            "realA/first.csv",
            List.of(
                List.of(CorpusBuilder.timestampText(10), CorpusBuilder.timestampText(30)),
                List.of(CorpusBuilder.timestampText(20), CorpusBuilder.timestampText(40)))));

    assertThatThrownBy(() -> NabCorpus.load(dir))
        .isInstanceOf(NabCorpusException.class)
        .hasMessageContaining("sorted and disjoint");
  }

  @Test
  void shouldRejectDataFileThatTheWindowsFileDoesNotMention() throws IOException {
    corpus().file("realA/first.csv", 100).file("realA/second.csv", 10).writeTo(dir);
    CorpusBuilder.writeJson(
        dir.resolve(NabCorpusReader.WINDOWS_FILE), Map.of("realA/first.csv", List.of()));

    assertThatThrownBy(() -> NabCorpus.load(dir))
        .isInstanceOf(NabCorpusException.class)
        .hasMessageContaining("no entry for data file realA/second.csv");
  }

  @Test
  void shouldReportFileAndLineOfAnUnparsableRow() throws IOException {
    corpus().file("realA/first.csv", 5).writeTo(dir);
    Path csv = dir.resolve("data/realA/first.csv");
    Files.writeString(csv, Files.readString(csv).replaceFirst("\n[^\n]*\n", "\nyesterday,1.0\n"));

    assertThatThrownBy(() -> NabCorpus.load(dir))
        .isInstanceOf(NabCorpusException.class)
        .hasMessageContaining("first.csv:2")
        .hasMessageContaining("yesterday");
  }

  @Test
  void shouldExplainHowToObtainNabWhenTheCorpusIsMissing() {
    Path missing = dir.resolve("nab");

    assertThatThrownBy(() -> NabCorpus.load(missing))
        .isInstanceOf(NabCorpusException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("https://github.com/numenta/NAB")
        .hasMessageContaining("ea702d75cc2258d9d7dd35ca8e5e2539d71f3140");
  }

  @Test
  void shouldUseTheCorpusFolderNamedBySystemProperty() {
    String previous = System.getProperty(NabCorpusLocation.PROPERTY);
    System.setProperty(NabCorpusLocation.PROPERTY, dir.toString());
    try {
      assertThat(NabCorpusLocation.defaultRoot()).isEqualTo(dir.toAbsolutePath().normalize());
    } finally {
      if (previous == null) {
        System.clearProperty(NabCorpusLocation.PROPERTY);
      } else {
        System.setProperty(NabCorpusLocation.PROPERTY, previous);
      }
    }
  }

  @Test
  void shouldFindTheDefaultCorpusNextToTheRepositoryRootFromTheModuleFolder() {
    Path root = NabCorpusLocation.defaultRoot();

    assertThat(root.getFileName().toString()).isEqualTo("nab");
    assertThat(root.toString().replace('\\', '/')).endsWith("shared/data/nab");
  }
}
