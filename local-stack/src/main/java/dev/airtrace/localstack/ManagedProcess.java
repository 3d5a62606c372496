package dev.airtrace.localstack;

import java.nio.file.Path;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The child process of a service the harness runs itself, and the private directory it lives in:
 * start, stop (keeping port and directory, to simulate an outage), restart and close (stop, then
 * delete the directory). Each service supplies how to launch its process and wait until it serves.
 *
 * <p>Thread-safe: the lifecycle methods are synchronized.
 */
final class ManagedProcess {
  private static final Logger LOG = LoggerFactory.getLogger(ManagedProcess.class);

  /** Launches the process in the service's directory and returns once it serves. */
  @FunctionalInterface
  interface Launcher {
    NativeProcess launch(Path dir);
  }

  private final String name;
  private final Path dir;
  private final Launcher launcher;
  private NativeProcess process; // guarded by this; null when stopped

  ManagedProcess(String name, Path dir, Launcher launcher) {
    this.name = name;
    this.dir = dir;
    this.launcher = launcher;
  }

  /**
   * Creates a service in a fresh temporary directory and starts it, retrying with a fresh
   * directory, and whatever fresh ports {@code create} picks, when the start fails: a port found
   * free can be taken by another process before the server binds it.
   *
   * @throws ServiceStartException from the last attempt when every attempt failed
   */
  static <S> S startFresh(
      String name, int attempts, Function<Path, S> create, Function<S, ManagedProcess> process) {
    ServiceStartException last = null;
    for (int attempt = 1; attempt <= attempts; attempt++) {
      Path dir = ServiceFiles.tempDir(name);
      S service = create.apply(dir);
      try {
        process.apply(service).start();
        return service;
      } catch (ServiceStartException e) {
        last = e;
        ServiceFiles.deleteQuietly(dir);
        LOG.warn("{} start attempt {} failed: {}", name, attempt, e.getMessage());
      }
    }
    throw last;
  }

  /** The service's private directory. */
  Path dir() {
    return dir;
  }

  /** Launches the process; returns once it serves. */
  synchronized void start() {
    process = launcher.launch(dir);
  }

  /** Whether the process is running. */
  synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** The PID of the running process. */
  synchronized long pid() {
    if (process == null) {
      throw new IllegalStateException(name + " is stopped");
    }
    return process.pid();
  }

  /** Stops the process by PID (SIGTERM first, so it can save its state); idempotent. */
  synchronized void stop() {
    if (process != null) {
      process.stop();
      process = null;
    }
  }

  /** Kills the process with SIGKILL and waits for its exit; idempotent. */
  synchronized void kill() {
    if (process != null) {
      process.kill();
      process = null;
    }
  }

  /** Stops the process if it runs and launches it again in the same directory. */
  synchronized void restart() {
    stop();
    start();
  }

  /** Stops the process and deletes the directory; idempotent. */
  synchronized void close() {
    stop();
    ServiceFiles.deleteQuietly(dir);
  }
}
