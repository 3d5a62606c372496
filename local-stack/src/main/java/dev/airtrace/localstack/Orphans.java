package dev.airtrace.localstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cleans up after test JVMs that died without running their shutdown hooks (killed by a failsafe
 * timeout, {@code kill -9}, an OOM): their mosquitto/influxd children keep running and their temp
 * dirs stay. Every harness temp dir records the owning JVM's PID ({@value #OWNER_FILE}) and the
 * child's PID ({@value #CHILD_FILE}); a dir whose owner is gone is reaped. A child is killed only
 * when it is alive, runs the expected binary and names that very dir on its command line, so an
 * unrelated process that reused the PID is never touched.
 */
final class Orphans {
  static final String OWNER_FILE = "owner.pid";
  static final String CHILD_FILE = "child.pid";
  private static final Logger LOG = LoggerFactory.getLogger(Orphans.class);

  private Orphans() {}

  /** Marks {@code dir} as owned by this JVM. */
  static void claim(Path dir) {
    ServiceFiles.write(dir.resolve(OWNER_FILE), Long.toString(ProcessHandle.current().pid()));
  }

  /** Records the child running in {@code dir}. */
  static void recordChild(Path dir, long pid) {
    ServiceFiles.write(dir.resolve(CHILD_FILE), Long.toString(pid));
  }

  /** Reaps {@code airtrace-<prefix>-*} temp dirs of dead JVMs, killing their leftover child. */
  static void reap(String prefix, String binaryName) {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp, "airtrace-" + prefix + "-*")) {
      for (Path dir : dirs) {
        Optional<Long> owner = readPid(dir.resolve(OWNER_FILE));
        if (owner.isEmpty()
            || ProcessHandle.of(owner.get()).map(ProcessHandle::isAlive).orElse(false)) {
          continue; // not ours, or its JVM still runs
        }
        readPid(dir.resolve(CHILD_FILE))
            .flatMap(ProcessHandle::of)
            .filter(ProcessHandle::isAlive)
            .filter(p -> runs(p, binaryName, dir))
            .ifPresent(
                p -> {
                  LOG.warn(
                      "stopping orphaned {} (pid {}) left by a dead test JVM", binaryName, p.pid());
                  p.destroyForcibly();
                });
        ServiceFiles.deleteQuietly(dir);
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("could not scan {} for orphaned {} dirs", tmp, prefix, e);
    }
  }

  private static boolean runs(ProcessHandle process, String binaryName, Path dir) {
    ProcessHandle.Info info = process.info();
    boolean binary = info.command().map(c -> c.endsWith("/" + binaryName)).orElse(false);
    boolean ownDir = info.commandLine().map(c -> c.contains(dir.toString())).orElse(false);
    return binary && ownDir;
  }

  private static Optional<Long> readPid(Path file) {
    try {
      return Optional.of(Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).trim()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }
}
