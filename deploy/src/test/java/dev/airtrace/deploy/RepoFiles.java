package dev.airtrace.deploy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds files of the repository the tests check and parses them. The repository root comes from the
 * system property {@value #ROOT_PROPERTY} (set by the module's surefire/failsafe configuration),
 * else the parent of the working directory.
 */
final class RepoFiles {
  static final String ROOT_PROPERTY = "airtrace.repo.root";

  /** Parses YAML; fails on duplicate keys, which YAML tools disagree on silently. */
  static final ObjectMapper YAML =
      YAMLMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

  /** Parses JSON strictly: duplicate keys and trailing content are errors. */
  static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private RepoFiles() {}

  /** The repository root (the folder holding the parent pom). */
  static Path root() {
    String configured = System.getProperty(ROOT_PROPERTY);
    Path root =
        (configured != null ? Path.of(configured) : Path.of("").toAbsolutePath().getParent())
            .toAbsolutePath()
            .normalize();
    if (!Files.isRegularFile(root.resolve("pom.xml"))
        || !Files.isDirectory(root.resolve("deploy"))) {
      throw new IllegalStateException("not the airtrace repository root: " + root);
    }
    return root;
  }

  /** A path relative to the repository root. */
  static Path path(String relative) {
    return root().resolve(relative).normalize();
  }

  static JsonNode readYaml(Path file) {
    try {
      return YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse YAML " + file, e);
    }
  }

  static JsonNode readJson(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse JSON " + file, e);
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
