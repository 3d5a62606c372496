package dev.airtrace.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Topic names are spelled only in this module: every other module takes them from {@link Topics}.
 * The scan covers every module's {@code src/main/java} from the repository root (this module's
 * parent directory); tests and docs may name topics.
 */
class TopicNameGuardTest {
  private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

  @Test
  void noModuleOutsideTopicsShouldSpellATopicName() {
    assertThat(REPOSITORY.resolve("pom.xml")).isRegularFile();
    assertThat(REPOSITORY.resolve("edge-gateway/src/main/java")).isDirectory();

    assertThat(TopicNameGuard.scanRepository(REPOSITORY))
        .as("take the name from dev.airtrace.topics.Topics instead of a string literal")
        .isEmpty();
  }

  @Test
  void shouldRecogniseVersionedTopicNamesOnly() {
    assertThat(TopicNameGuard.looksLikeTopicName("airtrace.gateway.readings.v1")).isTrue();
    assertThat(TopicNameGuard.looksLikeTopicName("airtrace.gateway.aggregates-1m.v1")).isTrue();
    assertThat(TopicNameGuard.looksLikeTopicName("airtrace.processor.site-aqi.v12")).isTrue();
    assertThat(TopicNameGuard.looksLikeTopicName("topic airtrace.gateway.x.v2 is gone")).isTrue();

    assertThat(TopicNameGuard.looksLikeTopicName("airtrace.serving.batch.size")).isFalse();
    assertThat(TopicNameGuard.looksLikeTopicName("airtrace.gateway.readings")).isFalse();
    assertThat(TopicNameGuard.looksLikeTopicName("airtrace.gateway.received")).isFalse();
    assertThat(TopicNameGuard.looksLikeTopicName("airtrace.anchoring.epochs.vote")).isFalse();
  }

  @Test
  void shouldFlagLiteralsButNotComments() {
    String source =
        String.join(
            "\n",
            "/** Reads {@code airtrace.gateway.readings.v1}. */",
            "class A {",
            "  // airtrace.gateway.readings.v1 in a comment",
            "  /* airtrace.gateway.readings.v1",
            "     still a comment */",
            "  String metric = \"airtrace.serving.batch.size\";",
            "  String topic = \"airtrace.gateway.readings.v1\"; // the default",
            "  String url = \"http://x\"; String t = \"airtrace.processor.site-aqi.v1\";",
            "}");

    assertThat(TopicNameGuard.scanSource(Path.of("A.java"), source))
        .extracting(TopicNameGuard.Violation::line)
        .containsExactly(7, 8);
  }

  @Test
  void shouldFindALiteralInAnotherModulesMainCodeButNotInItsTestsOrInTopics(@TempDir Path root)
      throws IOException {
    write(root.resolve("gw/src/main/java/x/A.java"), "String t = \"airtrace.gw.out.v1\";");
    write(root.resolve("gw/src/test/java/x/ATest.java"), "String t = \"airtrace.gw.out.v1\";");
    write(root.resolve("topics/src/main/java/x/T.java"), "String t = \"airtrace.gw.out.v1\";");
    write(root.resolve("gw/target/x/B.java"), "String t = \"airtrace.gw.out.v1\";");

    assertThat(TopicNameGuard.scanRepository(root))
        .extracting(v -> root.relativize(v.file()).toString().replace('\\', '/'))
        .containsExactly("gw/src/main/java/x/A.java");
  }

  private static void write(Path file, String content) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }
}
