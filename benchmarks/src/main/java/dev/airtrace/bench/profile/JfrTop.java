package dev.airtrace.bench.profile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises one or more JFR recordings into the top-N tables docs/benchmarks.md shows: CPU samples
 * ({@code jdk.ExecutionSample}) by method, <b>self</b> (the top frame) and <b>total</b> (the method
 * anywhere on the stack, counted once per sample), by the first {@code dev.airtrace} frame (which
 * airtrace code a sample is spent for, library code below it included), and allocation samples
 * ({@code jdk.ObjectAllocationSample}, by their sampled weight in bytes) by class and by first
 * airtrace frame.
 *
 * <p>Run: {@code java -cp "benchmarks/target/airtrace-benchmarks.jar"
 * dev.airtrace.bench.profile.JfrTop [--top 15] [--thread PREFIX] FILE.jfr...}. {@code --thread}
 * keeps only samples of threads whose name starts with PREFIX. Percentages are shares of all the
 * samples kept.
 */
public final class JfrTop {
  private static final String OWN = "dev.airtrace.";

  private JfrTop() {}

  /** Counters for one recording set. */
  static final class Tally {
    long cpuSamples;
    final Map<String, Long> self = new HashMap<>();
    final Map<String, Long> total = new HashMap<>();
    final Map<String, Long> firstOwn = new HashMap<>();
    final Map<String, Long> threads = new HashMap<>();
    long allocBytes;
    final Map<String, Long> allocByClass = new HashMap<>();
    final Map<String, Long> allocByOwn = new HashMap<>();
    final Map<String, Long> allocByTop = new HashMap<>();

    void cpu(RecordedStackTrace st, String thread) {
      cpuSamples++;
      threads.merge(thread, 1L, Long::sum);
      List<RecordedFrame> frames = st.getFrames();
      if (frames.isEmpty()) {
        self.merge("(no frames)", 1L, Long::sum);
        return;
      }
      self.merge(name(frames.get(0)), 1L, Long::sum);
      Set<String> seen = new HashSet<>();
      for (RecordedFrame f : frames) {
        String n = name(f);
        if (seen.add(n)) {
          total.merge(n, 1L, Long::sum);
        }
      }
      firstOwn.merge(firstOwn(frames), 1L, Long::sum);
    }

    void alloc(RecordedStackTrace st, String type, long weight) {
      allocBytes += weight;
      allocByClass.merge(type, weight, Long::sum);
      List<RecordedFrame> frames = st == null ? List.of() : st.getFrames();
      allocByOwn.merge(firstOwn(frames), weight, Long::sum);
      allocByTop.merge(frames.isEmpty() ? "(no frames)" : name(frames.get(0)), weight, Long::sum);
    }
  }

  static String name(RecordedFrame f) {
    RecordedMethod m = f.getMethod();
    if (m == null) {
      return "(unknown)";
    }
    return m.getType().getName() + "." + m.getName();
  }

  /** The first (innermost) frame in airtrace code, or "(no airtrace frame)". */
  static String firstOwn(List<RecordedFrame> frames) {
    for (RecordedFrame f : frames) {
      String n = name(f);
      if (n.startsWith(OWN)) {
        return n.substring(OWN.length());
      }
    }
    return "(no airtrace frame)";
  }

  /** Reads the recordings; {@code threadPrefix} null keeps every thread. */
  static Tally read(List<Path> files, String threadPrefix) throws IOException {
    Tally t = new Tally();
    for (Path file : files) {
      try (RecordingFile rf = new RecordingFile(file)) {
        while (rf.hasMoreEvents()) {
          RecordedEvent e = rf.readEvent();
          String type = e.getEventType().getName();
          boolean cpu = type.equals("jdk.ExecutionSample");
          boolean alloc = type.equals("jdk.ObjectAllocationSample");
          if (!cpu && !alloc) {
            continue;
          }
          jdk.jfr.consumer.RecordedThread rt =
              hasField(e, "sampledThread") ? e.getThread("sampledThread") : e.getThread();
          String thread = rt == null ? null : rt.getJavaName();
          if (thread == null) {
            thread = "(unnamed)";
          }
          if (threadPrefix != null && !thread.startsWith(threadPrefix)) {
            continue;
          }
          if (cpu) {
            if (e.getStackTrace() != null) {
              t.cpu(e.getStackTrace(), thread);
            }
          } else {
            t.alloc(e.getStackTrace(), e.getClass("objectClass").getName(), e.getLong("weight"));
          }
        }
      }
    }
    return t;
  }

  private static boolean hasField(RecordedEvent e, String field) {
    return e.getEventType().getField(field) != null;
  }

  /** Prints a Markdown table of the {@code top} largest entries with their share of {@code all}. */
  static void table(String title, String unit, Map<String, Long> m, long all, int top) {
    System.out.printf(Locale.ROOT, "%n%s (%,d %s)%n%n", title, all, unit);
    System.out.println("| # | " + "frame | " + unit + " | share |");
    System.out.println("|---|---|---:|---:|");
    List<Map.Entry<String, Long>> rows = new ArrayList<>(m.entrySet());
    rows.sort(Map.Entry.<String, Long>comparingByValue().reversed());
    for (int i = 0; i < Math.min(top, rows.size()); i++) {
      Map.Entry<String, Long> r = rows.get(i);
      System.out.printf(
          Locale.ROOT,
          "| %d | `%s` | %,d | %.1f %% |%n",
          i + 1,
          r.getKey(),
          r.getValue(),
          all == 0 ? 0 : 100.0 * r.getValue() / all);
    }
  }

  /**
   * Entry point.
   *
   * @param args {@code [--top N] [--thread PREFIX] FILE.jfr...}
   * @throws IOException when a recording cannot be read
   */
  public static void main(String[] args) throws IOException {
    int top = 15;
    String thread = null;
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--top" -> top = Integer.parseInt(args[++i]);
        case "--thread" -> thread = args[++i];
        default -> files.add(Path.of(args[i]));
      }
    }
    if (files.isEmpty()) {
      System.err.println("usage: JfrTop [--top 15] [--thread PREFIX] FILE.jfr...");
      System.exit(2);
    }
    Tally t = read(files, thread);
    System.out.println("recordings: " + files);
    table("CPU samples by thread", "samples", t.threads, t.cpuSamples, top);
    table("CPU samples, self (top frame)", "samples", t.self, t.cpuSamples, top);
    table("CPU samples, total (on the stack)", "samples", t.total, t.cpuSamples, top);
    table("CPU samples by first airtrace frame", "samples", t.firstOwn, t.cpuSamples, top);
    table("allocation samples by class", "bytes", t.allocByClass, t.allocBytes, top);
    table("allocation samples by first airtrace frame", "bytes", t.allocByOwn, t.allocBytes, top);
    table("allocation samples by top frame", "bytes", t.allocByTop, t.allocBytes, top);
  }
}
