package dev.airtrace.nab.envfault;

import dev.airtrace.nab.NabCorpus;
import dev.airtrace.nab.NabDataFile;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Per-fault-type recall and false alarms of one detector's alarms on a generated corpus: a fault
 * counts as detected when at least one alarm lies in its NAB window; an alarm outside every window
 * is a false alarm. Alarms are the rows a detector flags (its own operating point, or scores at or
 * above a threshold).
 *
 * @param detected per type, faults with an alarm in their window
 * @param total per type, faults
 * @param falseAlarms alarms outside every window
 * @param rows rows of the corpus
 */
public record FaultRecall(
    Map<FaultType, Integer> detected, Map<FaultType, Integer> total, long falseAlarms, long rows) {

  /** Recall and false alarms of {@code alarms} (per corpus key, one flag per row). */
  public static FaultRecall of(
      NabCorpus corpus, List<InjectedFault> faults, Map<String, boolean[]> alarms) {
    Map<FaultType, Integer> detected = new EnumMap<>(FaultType.class);
    Map<FaultType, Integer> total = new EnumMap<>(FaultType.class);
    for (FaultType t : FaultType.values()) {
      detected.put(t, 0);
      total.put(t, 0);
    }
    for (InjectedFault f : faults) {
      boolean[] a = alarms.get(f.file());
      total.merge(f.type(), 1, Integer::sum);
      for (int i = f.windowFirstRow(); i <= f.windowLastRow(); i++) {
        if (a[i]) {
          detected.merge(f.type(), 1, Integer::sum);
          break;
        }
      }
    }
    long fa = 0;
    long rows = 0;
    for (NabDataFile file : corpus.files().values()) {
      boolean[] a = alarms.get(file.key());
      rows += file.rowCount();
      for (int i = 0; i < file.rowCount(); i++) {
        if (a[i] && !file.inWindow(i)) {
          fa++;
        }
      }
    }
    return new FaultRecall(Map.copyOf(detected), Map.copyOf(total), fa, rows);
  }

  /** Alarms = scores at or above {@code threshold}. */
  public static Map<String, boolean[]> alarmsAt(Map<String, double[]> scores, double threshold) {
    Map<String, boolean[]> out = new java.util.LinkedHashMap<>();
    scores.forEach(
        (k, v) -> {
          boolean[] a = new boolean[v.length];
          for (int i = 0; i < v.length; i++) {
            a[i] = v[i] >= threshold;
          }
          out.put(k, a);
        });
    return out;
  }

  /** Recall of one type, NaN when the corpus has none. */
  public double recall(FaultType type) {
    int n = total.get(type);
    return n == 0 ? Double.NaN : (double) detected.get(type) / n;
  }

  /** False alarms per 1,000 readings. */
  public double falseAlarmsPerThousand() {
    return rows == 0 ? 0 : 1000.0 * falseAlarms / rows;
  }

  /** One table row: {@code name | stuck | drift | … | FA/1000}. */
  public String row(String name) {
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "| %-28s |", name));
    for (FaultType t : FaultType.values()) {
      b.append(
          String.format(Locale.ROOT, " %d/%d = %.2f |", detected.get(t), total.get(t), recall(t)));
    }
    return b.append(String.format(Locale.ROOT, " %.2f |", falseAlarmsPerThousand())).toString();
  }

  /** The header matching {@link #row}. */
  public static String header() {
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "| %-28s |", "detector"));
    for (FaultType t : FaultType.values()) {
      b.append(' ').append(t.code()).append(" |");
    }
    return b.append(" false alarms / 1,000 readings |").toString();
  }
}
