package dev.airtrace.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Drives {@code mosquitto_pub}/{@code mosquitto_sub} (package mosquitto-clients) so the harness
 * tests need no MQTT library. Each subscriber writes to its own output file.
 */
final class MqttCli implements AutoCloseable {
  private final Process process;
  private final Path output;

  private MqttCli(Process process, Path output) {
    this.process = process;
    this.output = output;
  }

  /** Starts {@code mosquitto_sub -d} (debug lines show the SUBACK) on {@code topic}. */
  static MqttCli subscribe(MosquittoService broker, Path dir, String topic, String... extra) {
    // mosquitto_sub block-buffers stdout into a file; line buffering lets tests see the SUBACK.
    List<String> cmd = new ArrayList<>(List.of("stdbuf", "-oL"));
    cmd.addAll(command("mosquitto_sub", broker));
    cmd.addAll(List.of("-d", "-t", topic));
    cmd.addAll(List.of(extra));
    Path out = dir.resolve("sub-" + System.nanoTime() + ".txt");
    try {
      Process p =
          new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
      return new MqttCli(p, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs {@code mosquitto_pub} to completion and returns its exit status. */
  static int publish(MosquittoService broker, String topic, String message, String... extra)
      throws InterruptedException {
    List<String> cmd = new ArrayList<>(command("mosquitto_pub", broker));
    cmd.addAll(List.of("-t", topic, "-m", message));
    cmd.addAll(List.of(extra));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return -1;
      }
      return p.exitValue();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String output() {
    try {
      return Files.readString(output, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  boolean subscribed() {
    return output().contains("received SUBACK");
  }

  boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static List<String> command(String tool, MosquittoService broker) {
    Path binary = Binaries.require(tool, MosquittoService.PACKAGES, MosquittoService.ENV_URL);
    return List.of(
        binary.toString(), "-h", broker.host(), "-p", String.valueOf(broker.port()), "-V", "311");
  }
}
