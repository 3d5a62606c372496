package dev.airtrace.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Runs deploy/gen-secrets.sh (needs bash and openssl 3) for tests. */
final class GenSecrets {
  static final Path SCRIPT = RepoFiles.path("deploy/gen-secrets.sh");

  /** Exit code and combined output of one run. */
  record Result(int exitCode, String output) {}

  private GenSecrets() {}

  /** Runs the script into {@code dir} and returns what it said; does not check the exit code. */
  static Result runScript(Path dir) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder("bash", SCRIPT.toString(), dir.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("gen-secrets.sh finished").isTrue();
    return new Result(process.exitValue(), output);
  }

  /** Generates a fresh set of secrets into {@code dir}, failing the test if the script fails. */
  static void run(Path dir) throws IOException, InterruptedException {
    Result result = runScript(dir);
    assertThat(result.exitCode()).as(result.output()).isZero();
  }
}
