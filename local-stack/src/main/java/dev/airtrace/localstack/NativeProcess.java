package dev.airtrace.localstack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One launch of a native server process whose stdout and stderr go to a log file. Stopped by PID:
 * SIGTERM, a grace period, then SIGKILL. Not thread-safe; owned by one service object.
 */
final class NativeProcess {
  private static final Logger LOG = LoggerFactory.getLogger(NativeProcess.class);
  static final Duration STOP_GRACE = Duration.ofSeconds(15);
  private static final Duration POLL = Duration.ofMillis(50);

  private final String name;
  private final Process process;
  private final Path log;

  private NativeProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /** Launches {@code command}, appending its output to {@code log}. */
  static NativeProcess launch(String name, List<String> command, Path workDir, Path log) {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    try {
      Process process = builder.start();
      Orphans.recordChild(workDir, process.pid());
      LOG.info("started {} (pid {}): {}", name, process.pid(), String.join(" ", command));
      return new NativeProcess(name, process, log);
    } catch (IOException e) {
      throw new ServiceStartException(
          "could not launch " + name + " with " + command + "\n" + ServiceFiles.tail(log), e);
    }
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Waits until {@code ready} holds; fails fast when the process exits, and on timeout stops it.
   */
  void awaitReady(BooleanSupplier ready, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw new ServiceStartException(
            name
                + " exited with status "
                + process.exitValue()
                + " before "
                + what
                + "\n"
                + ServiceFiles.tail(log));
      }
      if (ready.getAsBoolean()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        stop();
        throw new ServiceStartException(
            name
                + " did not reach '"
                + what
                + "' within "
                + timeout
                + "\n"
                + ServiceFiles.tail(log));
      }
      pause();
    }
  }

  /** SIGTERM, wait up to {@link #STOP_GRACE}, then SIGKILL and wait for the exit. */
  void stop() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("{} (pid {}) ignored SIGTERM for {}; killing it", name, pid(), STOP_GRACE);
        process.destroyForcibly();
        process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    LOG.info("stopped {} (pid {})", name, pid());
  }

  /** SIGKILL (no chance to save anything) and wait for the exit. */
  void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LOG.info("killed {} (pid {}) with SIGKILL", name, pid());
  }

  /** Whether something accepts TCP connections on {@code host:port}. */
  static boolean accepts(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void pause() {
    try {
      Thread.sleep(POLL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ServiceStartException("interrupted while waiting for a service to start", e);
    }
  }
}
