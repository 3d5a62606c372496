package dev.airtrace.anomaly;

import java.util.Locale;

/**
 * The sensor-fault rules of one series ({@link FaultRuleConfig}): stuck, dropout to zero, spike,
 * level shift and noise burst, each judged against the series' own past. Constant work and about
 * 200 bytes per series (a ring of the last {@code levelShiftHold + 2} values). Causal: the spike
 * rule names the previous reading, the level-shift rule the reading {@code levelShiftHold} back,
 * both decided with the current one. Not thread-safe.
 */
final class FaultRules {
  /**
   * A rule's finding: the fault, the numbers that made it, and its score in {@code [0.5, 1]}: 1 −
   * 0.5 × limit / strength for the graded rules (spike, level shift, noise), so a stronger finding
   * ranks higher; {@value #CERTAIN} for stuck and dropout, which are either there or not.
   */
  record Hit(SuspectedFault fault, String evidence, double score) {}

  /** Score of a stuck or dropout finding. */
  static final double CERTAIN = 0.999;

  private static final double EQUAL = 1e-9;
  private final FaultRuleConfig c;
  private final int warmUp;
  private final double alpha;
  private final double fastAlpha;
  private final double[] ring;
  private long n;
  private long zeros;
  private double d;
  private double fast;
  private double runValue = Double.NaN;
  private long runLength;
  private long runStart;
  private boolean runAlarmed;
  private long longestNormalRun;
  private final double barDecay;
  private double bar = 1;
  private long sinceSpike = Long.MAX_VALUE;
  private long sinceShift = Long.MAX_VALUE;
  private long sinceNoise = Long.MAX_VALUE;

  FaultRules(FaultRuleConfig config, int warmUp) {
    this.c = config;
    this.warmUp = warmUp;
    this.alpha = 1 - Math.pow(0.5, 1.0 / config.scaleHalfLife());
    this.fastAlpha = 2.0 / (config.noiseAverage() + 1);
    this.ring = new double[config.levelShiftHold() + 2];
    this.barDecay = Math.pow(0.5, 1.0 / config.barHalfLife());
  }

  /** Judges {@code x} and adds it to the state; {@code null} when no rule fires. */
  Hit observe(double x) {
    Hit hit = n >= warmUp && n >= 2 ? judge(x) : null;
    update(x);
    return hit;
  }

  private double back(int k) {
    return ring[(int) ((n - 1 - k) % ring.length)];
  }

  private Hit judge(double x) {
    double prev = back(0);
    boolean zero = Math.abs(x) <= EQUAL;
    if (c.dropoutJumpFactor() > 0 && zero && Math.abs(prev) > EQUAL) {
      double share = (double) zeros / n;
      if (share <= c.dropoutMaxZeroShare() && Math.abs(prev) > c.dropoutJumpFactor() * d) {
        runAlarmed = true; // the zero run that follows is this dropout, not a new stuck alarm
        return new Hit(
            SuspectedFault.DROPOUT,
            fmt(
                "0 after %s; zeros so far %.2f %% of readings; typical change %s",
                num(prev), 100 * share, num(d)),
            CERTAIN);
      }
    }
    // a run that began during the warm-up is how this series starts (a constant signal), not a
    // sensor that got stuck
    if (c.stuckRunFactor() > 0 && same(x, runValue) && !runAlarmed && runStart >= warmUp) {
      long run = runLength + 1;
      double limit = Math.max(c.stuckMinRun(), c.stuckRunFactor() * longestNormalRun);
      if (run >= limit) {
        runAlarmed = true;
        return new Hit(
            SuspectedFault.STUCK,
            fmt(
                "%d readings equal to %s; longest normal flat run %d",
                run, num(x), longestNormalRun),
            CERTAIN);
      }
    }
    if (c.spikeFactor() > 0 && n >= 2 && sinceSpike >= c.holdOff()) {
      double before = back(1);
      double a = prev - before;
      double b = prev - x;
      double limit = c.spikeFactor() * d * bar;
      if (a * b > 0 && Math.abs(a) > limit && Math.abs(b) > limit) {
        sinceSpike = 0;
        bar *= c.barGrowth();
        return new Hit(
            SuspectedFault.SPIKE,
            fmt(
                "previous reading %s between %s and %s (%.1f typical changes %s)",
                num(prev), num(before), num(x), Math.min(Math.abs(a), Math.abs(b)) / d, num(d)),
            graded(limit, Math.min(Math.abs(a), Math.abs(b))));
      }
    }
    int hold = c.levelShiftHold();
    if (c.levelShiftFactor() > 0 && n >= hold + 1 && sinceShift >= c.holdOff()) {
      double base = back(hold);
      double step = back(hold - 1) - base;
      double limit = c.levelShiftFactor() * d * bar;
      // the base must sit in line with the reading before it: the way back down from a spike is
      // not a level shift
      boolean steadyBase = Math.abs(base - back(hold + 1)) <= limit / 2;
      if (Math.abs(step) > limit && steadyBase && Math.abs(back(hold - 1)) > EQUAL) {
        boolean held = Math.signum(step) * (x - base) > Math.abs(step) / 2;
        for (int k = 0; held && k < hold - 1; k++) {
          held = Math.signum(step) * (back(k) - base) > Math.abs(step) / 2;
        }
        if (held) {
          sinceShift = 0;
          bar *= c.barGrowth();
          return new Hit(
              SuspectedFault.LEVEL_SHIFT,
              fmt(
                  "step %+.4g held %d readings (%.1f typical changes %s)",
                  step, hold, Math.abs(step) / d, num(d)),
              graded(limit, Math.abs(step)));
        }
      }
    }
    if (c.noiseFactor() > 0 && sinceNoise >= c.holdOff()) {
      double f = fastAlpha * noiseChange(Math.abs(x - prev)) + (1 - fastAlpha) * fast;
      double limit = c.noiseFactor() * d * bar;
      if (f > limit) {
        sinceNoise = 0;
        bar *= c.barGrowth();
        return new Hit(
            SuspectedFault.NOISE,
            fmt("recent mean change %.4g = %.1f typical changes %s", f, f / d, num(d)),
            graded(limit, f));
      }
    }
    return null;
  }

  private void update(double x) {
    boolean flat = same(x, runValue);
    if (n > 0) {
      double change = Math.abs(x - back(0));
      boolean faulty = runAlarmed && flat; // a stuck or zero run must not teach d that 0 is usual
      if (!faulty) {
        // unclipped while d is still being learnt: a series that starts flat would otherwise
        // clip every later change to 0 and keep d at 0
        double clipped = n <= c.scaleHalfLife() ? change : Math.min(change, c.clip() * d);
        double a = Math.max(alpha, 1.0 / n);
        d = d + a * (clipped - d);
      }
      fast = fastAlpha * noiseChange(change) + (1 - fastAlpha) * fast;
    }
    if (flat) {
      runLength++;
    } else {
      if (!runAlarmed) {
        longestNormalRun = Math.max(longestNormalRun, runLength);
      }
      runValue = x;
      runLength = 1;
      runStart = n;
      runAlarmed = false;
    }
    if (Math.abs(x) <= EQUAL) {
      zeros++;
    }
    ring[(int) (n % ring.length)] = x;
    n++;
    bar = 1 + (bar - 1) * barDecay;
    sinceSpike = inc(sinceSpike);
    sinceShift = inc(sinceShift);
    sinceNoise = inc(sinceNoise);
  }

  /**
   * A change as the noise average sees it: clipped at twice the noise limit, so one step (a level
   * shift, the edge of a dropout) cannot lift the average over the limit on its own; a burst needs
   * several large changes in a row.
   */
  private double noiseChange(double change) {
    return c.noiseFactor() > 0 ? Math.min(change, 2 * c.noiseFactor() * d) : change;
  }

  private static long inc(long v) {
    return v == Long.MAX_VALUE ? v : v + 1;
  }

  private static boolean same(double a, double b) {
    return Math.abs(a - b) <= EQUAL * Math.max(1, Math.abs(a));
  }

  private static double graded(double limit, double strength) {
    return strength > 0 ? Math.min(1, Math.max(0.5, 1 - 0.5 * limit / strength)) : 0.5;
  }

  private static String fmt(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }

  private static String num(double v) {
    return String.format(Locale.ROOT, "%.4g", v);
  }
}
