package dev.airtrace.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The topic table in {@code docs/architecture.md} is generated from {@link Topics#all()}: this test
 * renders it from the catalogue and fails, printing the table to paste, when the document differs.
 * So the overview a newcomer reads first can never drift from the code that creates the topics.
 */
class ArchitectureTopicTableTest {
  private static final Path ARCHITECTURE = Path.of("..", "docs", "architecture.md");
  static final String START =
      "<!-- topics-table:start (generated from Topics.all(), checked by"
          + " ArchitectureTopicTableTest) -->";
  static final String END = "<!-- topics-table:end -->";

  @Test
  void architectureDocShouldShowTheTopicTableRenderedFromTheCatalogue() throws IOException {
    String doc = Files.readString(ARCHITECTURE, StandardCharsets.UTF_8);
    int start = doc.indexOf(START);
    int end = doc.indexOf(END);
    assertThat(start).as("marker %s in docs/architecture.md", START).isNotNegative();
    assertThat(end).as("marker %s in docs/architecture.md", END).isGreaterThan(start);

    String documented = doc.substring(start + START.length(), end).strip();

    assertThat(documented)
        .as("docs/architecture.md topic table; replace it with:%n%s%n", render(Topics.all()))
        .isEqualTo(render(Topics.all()));
  }

  @Test
  void renderShouldListEveryTopicWithItsCreationPolicy() {
    String table = render(Topics.all());

    assertThat(table.lines().count()).isEqualTo(2 + Topics.all().size());
    assertThat(table)
        .contains(
            "| `"
                + Topics.EPOCHS.name()
                + "` | anchoring | epoch seq | state (anchoring.md) | compact | kept | 1 |")
        .contains("| `" + Topics.READINGS.name() + "` | edge-gateway | deviceId | reading.v1 |")
        .contains("| delete | 7 d | default |");
  }

  /** The table as it stands in the document: one row per topic, catalogue order. */
  static String render(List<Topic<?, ?>> topics) {
    StringBuilder out =
        new StringBuilder(
            "| topic | owner | key | value | cleanup | retention | partitions |\n"
                + "|---|---|---|---|---|---|---|\n");
    for (Topic<?, ?> t : topics) {
      CreationPolicy c = t.creation();
      out.append("| `")
          .append(t.name())
          .append("` | ")
          .append(t.owner())
          .append(" | ")
          .append(t.key())
          .append(" | ")
          .append(
              t.schemaResource()
                  .map(ArchitectureTopicTableTest::schemaName)
                  .orElse("state (" + t.owner() + ".md)"))
          .append(" | ")
          .append(c.compact() ? "compact" : "delete")
          .append(" | ")
          .append(c.retention().map(ArchitectureTopicTableTest::days).orElse("kept"))
          .append(" | ")
          .append(c.partitions().map(String::valueOf).orElse("default"))
          .append(" |\n");
    }
    return out.toString().strip();
  }

  private static String schemaName(String resource) {
    String file = resource.substring(resource.lastIndexOf('/') + 1);
    return file.substring(0, file.length() - ".schema.json".length());
  }

  private static String days(Duration d) {
    return d.toDays() + " d";
  }
}
