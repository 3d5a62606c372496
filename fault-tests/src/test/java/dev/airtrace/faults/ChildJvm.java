package dev.airtrace.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Java child process started with this JVM's class path ({@code java.class.path}, which holds
 * the CLI and every library it needs), its stdout and stderr appended to a log file. {@link
 * #kill()} sends SIGKILL by PID: {@code ProcessHandle.of(pid).destroyForcibly()} is {@code kill -9}
 * on Linux, so the child runs no shutdown hook and flushes nothing.
 *
 * <p>Not thread-safe; owned by one scenario.
 */
final class ChildJvm implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ChildJvm.class);
  private static final Duration STOP_GRACE = Duration.ofSeconds(20);

  private final String name;
  private final Process process;
  private final Path log;

  private ChildJvm(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@code mainClass} with {@code args} in {@code workDir}, appending output to {@code log}.
   *
   * @param heap the child's {@code -Xmx}, e.g. {@code "512m"}
   */
  static ChildJvm start(
      String name, String heap, String mainClass, List<String> args, Path workDir, Path log) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + heap);
    command.add("-XX:+UseSerialGC"); // two shared cores: no parallel GC threads per child
    if (FaultProfile.current() != FaultProfile.SOAK) {
      // CI-sized children live seconds to minutes: they start faster without C2. Soak children run
      // for hours and must keep up with 1,000 readings/s: with C1 only, the processor caught up
      // with a 30-minute outage's backlog at ~500-650 readings/s (2026-12-06), slower than live.
      command.add("-XX:TieredStopAtLevel=1");
    }
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    command.addAll(args);
    try {
      Files.createDirectories(workDir);
      Process process =
          new ProcessBuilder(command)
              .directory(workDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      LOG.info("started {} (pid {}): {} {}", name, process.pid(), mainClass, args);
      return new ChildJvm(name, process, log);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + name, e);
    }
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  Path log() {
    return log;
  }

  /** Whether the log holds a line containing {@code text}. */
  boolean logContains(String text) {
    return logText().contains(text);
  }

  /** The log so far. */
  String logText() {
    try {
      return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The last {@code chars} characters of the log, for failure messages. */
  String logTail(int chars) {
    String text = logText();
    return text.substring(Math.max(0, text.length() - chars));
  }

  /**
   * Writes the child's thread dump ({@code jcmd <pid> Thread.print}) to {@code file}, for the
   * scenario's diagnostics; best effort, returns whether it worked.
   */
  boolean dumpThreads(Path file) {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    try {
      Process p =
          new ProcessBuilder(jcmd.toString(), String.valueOf(pid()), "Thread.print")
              .redirectErrorStream(true)
              .redirectOutput(file.toFile())
              .start();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** SIGKILL by PID ({@code kill -9}) and wait for the exit. */
  void kill() {
    ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroyForcibly);
    awaitExit();
    LOG.info("killed {} (pid {}) with SIGKILL", name, process.pid());
  }

  /** SIGTERM (shutdown hooks run), then SIGKILL after a grace period. Idempotent. */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        awaitExit();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private void awaitExit() {
    try {
      if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException(name + " (pid " + pid() + ") did not exit");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for " + name, e);
    }
  }
}
