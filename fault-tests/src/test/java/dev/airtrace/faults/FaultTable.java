package dev.airtrace.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The fault table: each scenario prints one Markdown row to stdout and appends it to the file named
 * by the {@code airtrace.fault.table} system property (failsafe sets {@code target/fault-table.md},
 * rewritten by each test JVM), which {@code scripts/soak.sh} prints at the end. Thread-safe.
 */
final class FaultTable {
  static final String HEADER =
      "| scenario | published | delivered | dead-lettered | lost | dup-after-dedup | notes |\n"
          + "|---|---:|---:|---:|---:|---:|---|";

  private static boolean written; // guarded by FaultTable.class

  private FaultTable() {}

  /** Prints and records the row of {@code scenario}. */
  static synchronized void row(String scenario, Audit a, String notes) {
    String line =
        "| "
            + scenario
            + " | "
            + a.published()
            + " | "
            + a.delivered()
            + " | "
            + a.deadLettered()
            + " | "
            + a.lost()
            + " | "
            + a.dupAfterDedup()
            + " | "
            + notes
            + (a.redeliveredCopies() > 0
                ? "; " + a.redeliveredCopies() + " redelivered copies (removed by dedup)"
                : "")
            + " |";
    System.out.println(HEADER + "\n" + line);
    String file = System.getProperty("airtrace.fault.table", "");
    if (!file.isBlank()) {
      Path path = Path.of(file);
      try {
        if (!written || !Files.exists(path)) {
          // A fresh table per test JVM: one run, one table.
          Files.createDirectories(path.toAbsolutePath().getParent());
          Files.writeString(path, HEADER + "\n", StandardCharsets.UTF_8);
          written = true;
        }
        Files.writeString(path, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
      } catch (IOException e) {
        throw new UncheckedIOException("could not append to " + path, e);
      }
    }
  }
}
