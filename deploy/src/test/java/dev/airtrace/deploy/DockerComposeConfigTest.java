package dev.airtrace.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code docker-compose config -q} (Debian package {@code docker-compose}; it validates the
 * file against the Compose schema offline, no engine needed). Skipped where the tool is missing,
 * except in CI ({@code CI=true}), where a missing tool fails the build instead of hiding the check.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DockerComposeConfigTest {
  static final String TOOL = "docker-compose";
  private static Path tool;

  @BeforeAll
  static void findTool() {
    Optional<Path> found = onPath(TOOL);
    if (found.isEmpty() && "true".equalsIgnoreCase(System.getenv("CI"))) {
      fail(TOOL + " is not on PATH but CI=true: install the Debian package docker-compose");
    }
    Assumptions.assumeTrue(found.isPresent(), TOOL + " not on PATH (CI installs it)");
    tool = found.get();
  }

  @Test
  void shouldAcceptTheComposeFile() {
    Result result = config(RepoFiles.path("deploy/compose.yaml"));

    assertThat(result.exitCode()).as(result.output()).isZero();
  }

  @Test
  void shouldAcceptTheComposeFileWithTheModelsOverride() {
    Result result =
        config(RepoFiles.path("deploy/compose.yaml"), RepoFiles.path("deploy/compose.models.yaml"));

    assertThat(result.exitCode()).as(result.output()).isZero();
  }

  @Test
  void shouldAcceptTheComposeFileWithTheHostPortsOverride() {
    Result result =
        config(
            RepoFiles.path("deploy/compose.yaml"),
            RepoFiles.path("deploy/compose.host-ports.yaml"));

    assertThat(result.exitCode()).as(result.output()).isZero();
  }

  @Test
  void shouldRejectAComposeFileWithAnUnknownKey(@TempDir Path dir) throws IOException {
    String broken =
        RepoFiles.read(RepoFiles.path("deploy/compose.yaml"))
            .replace("    ports:\n      # this host only", "    portz:\n      # this host only");
    assertThat(broken).contains("portz");
    Path file = Files.writeString(dir.resolve("compose.yaml"), broken);

    Result result = config(file);

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.output()).contains("portz");
  }

  private record Result(int exitCode, String output) {}

  private static Result config(Path... composeFiles) {
    List<String> command = new ArrayList<>(List.of(tool.toString()));
    for (Path file : composeFiles) {
      command.add("-f");
      command.add(file.toString());
    }
    command.addAll(List.of("config", "-q"));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getOutputStream().close();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        fail(TOOL + " config did not finish in 30 s: " + output);
      }
      return new Result(process.exitValue(), output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static Optional<Path> onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
