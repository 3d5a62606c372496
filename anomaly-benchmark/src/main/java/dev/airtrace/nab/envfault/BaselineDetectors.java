package dev.airtrace.nab.envfault;

import dev.airtrace.nab.NabCorpus;
import dev.airtrace.nab.NabDataFile;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * The two baselines the quality report sets beside the detector, scored by the same NAB scorer: a
 * causal 48-reading z-score on raw values and uniform random scores. Stateless and thread-safe.
 */
public final class BaselineDetectors {
  /** The z-score's trailing window: 48 readings (48 h of hourly data). */
  public static final int Z_WINDOW = 48;

  private BaselineDetectors() {}

  /**
   * Per row {@code z / (1 + z)} with {@code z = |x − mean| / std} over the previous {@value
   * #Z_WINDOW} readings (not including {@code x}); 0 until the window is full or while its std is
   * 0. Monotone in z, so NAB's threshold sweep sees the z-score itself.
   */
  public static Map<String, double[]> zScore(NabCorpus corpus) {
    Map<String, double[]> out = new LinkedHashMap<>();
    for (NabDataFile f : corpus.files().values()) {
      double[] s = new double[f.rowCount()];
      double sum = 0;
      double sq = 0;
      for (int i = 0; i < f.rowCount(); i++) {
        double x = f.value(i);
        if (i >= Z_WINDOW) {
          double mean = sum / Z_WINDOW;
          double std = Math.sqrt(Math.max(0, sq / Z_WINDOW - mean * mean));
          double z = std > 0 ? Math.abs(x - mean) / std : 0;
          s[i] = z / (1 + z);
          double old = f.value(i - Z_WINDOW);
          sum -= old;
          sq -= old * old;
        }
        sum += x;
        sq += x * x;
      }
      out.put(f.key(), s);
    }
    return out;
  }

  /** Uniform random scores in [0, 1) from {@code seed}. */
  public static Map<String, double[]> random(NabCorpus corpus, long seed) {
    Random r = new Random(seed);
    Map<String, double[]> out = new LinkedHashMap<>();
    for (NabDataFile f : corpus.files().values()) {
      double[] s = new double[f.rowCount()];
      for (int i = 0; i < s.length; i++) {
        s[i] = r.nextDouble();
      }
      out.put(f.key(), s);
    }
    return out;
  }
}
