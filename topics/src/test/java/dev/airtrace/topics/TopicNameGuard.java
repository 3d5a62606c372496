package dev.airtrace.topics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds string literals that spell a topic name ({@code airtrace.<area>.<name>.v<N>}) in the main
 * Java sources of every module but {@code topics}. Comments are not code and are skipped, as are
 * tests and docs; metric names such as {@code airtrace.serving.batching.size} do not end in a
 * version and never match.
 */
final class TopicNameGuard {
  private static final Pattern TOPIC_NAME =
      Pattern.compile("\\bairtrace\\.[a-z0-9-]+\\.[a-z0-9-]+\\.v[0-9]+\\b");
  private static final Pattern STRING_LITERAL = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
  private static final Set<String> SKIPPED_DIRS = Set.of("target", "node_modules", ".git");

  /** One literal found: where, and the text. */
  record Violation(Path file, int line, String literal) {
    @Override
    public String toString() {
      return file + ":" + line + ": \"" + literal + "\"";
    }
  }

  private TopicNameGuard() {}

  /** Whether {@code text} holds something shaped like a topic name. */
  static boolean looksLikeTopicName(String text) {
    return TOPIC_NAME.matcher(text).find();
  }

  /** Topic-name literals in one source text, skipping comment lines and block comments. */
  static List<Violation> scanSource(Path file, String source) {
    List<Violation> found = new ArrayList<>();
    boolean inBlockComment = false;
    String[] lines = source.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String code = lines[i];
      if (inBlockComment) {
        int end = code.indexOf("*/");
        if (end < 0) {
          continue;
        }
        code = code.substring(end + 2);
        inBlockComment = false;
      }
      int start = code.indexOf("/*");
      if (start >= 0 && !insideLiteral(code, start)) {
        int end = code.indexOf("*/", start + 2);
        inBlockComment = end < 0;
        code = code.substring(0, start) + (end < 0 ? "" : code.substring(end + 2));
      }
      int lineComment = code.indexOf("//");
      if (lineComment >= 0 && !insideLiteral(code, lineComment)) {
        code = code.substring(0, lineComment);
      }
      Matcher m = STRING_LITERAL.matcher(code);
      while (m.find()) {
        if (looksLikeTopicName(m.group(1))) {
          found.add(new Violation(file, i + 1, m.group(1)));
        }
      }
    }
    return found;
  }

  /** Topic-name literals in {@code src/main/java} of every module under {@code root} but topics. */
  static List<Violation> scanRepository(Path root) {
    List<Violation> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      files
          .filter(f -> f.toString().endsWith(".java"))
          .filter(f -> !skipped(root.relativize(f)))
          .filter(f -> isMainSource(root.relativize(f)))
          .forEach(
              f -> {
                try {
                  found.addAll(scanSource(f, Files.readString(f, StandardCharsets.UTF_8)));
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return found;
  }

  private static boolean skipped(Path relative) {
    for (Path part : relative) {
      if (SKIPPED_DIRS.contains(part.toString())) {
        return true;
      }
    }
    return relative.getNameCount() > 0 && relative.getName(0).toString().equals("topics");
  }

  private static boolean isMainSource(Path relative) {
    String s = relative.toString().replace('\\', '/');
    return s.contains("/src/main/java/");
  }

  private static boolean insideLiteral(String code, int index) {
    int quotes = 0;
    for (int i = 0; i < index; i++) {
      char c = code.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '"') {
        quotes++;
      }
    }
    return quotes % 2 == 1;
  }
}
