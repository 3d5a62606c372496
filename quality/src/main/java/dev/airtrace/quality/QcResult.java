package dev.airtrace.quality;

import java.util.EnumSet;
import java.util.Set;

/**
 * The QC outcome of one reading: the flag of every {@link QcTest}, the aggregate flag and which
 * tests raised it. Immutable and thread-safe.
 *
 * <p>The spike test needs the reading after the one it judges (QARTOD's spike reference is the mean
 * of both neighbours), so its verdict on reading {@code n} arrives with reading {@code n + 1}:
 * {@link #flag(QcTest) flag(SPIKE)} of a result is always {@link QcFlag#NOT_EVALUATED} and {@link
 * #previousSpike()} is the spike flag of the series' previous reading. A caller that keeps the
 * previous reading's result can fold it in with {@link #withSpike(QcFlag)}.
 */
public final class QcResult {
  private static final QcTest[] TESTS = QcTest.values();
  private final QcFlag[] flags;
  private final QcFlag previousSpike;

  QcResult(QcFlag[] flags, QcFlag previousSpike) {
    this.flags = flags;
    this.previousSpike = previousSpike;
  }

  /** A result where every test has the same flag (e.g. all {@link QcFlag#MISSING}). */
  static QcResult all(QcFlag flag) {
    QcFlag[] f = new QcFlag[TESTS.length];
    java.util.Arrays.fill(f, flag);
    return new QcResult(f, QcFlag.NOT_EVALUATED);
  }

  /** The flag of one test. */
  public QcFlag flag(QcTest test) {
    return flags[test.ordinal()];
  }

  /**
   * The reading's aggregate flag: the worst flag of its tests in QARTOD's precedence (missing,
   * fail, suspect, pass, not evaluated; see {@link QcFlag#worst}).
   */
  public QcFlag aggregate() {
    QcFlag a = QcFlag.NOT_EVALUATED;
    for (QcFlag f : flags) {
      a = a.worst(f);
    }
    return a;
  }

  /** The tests that flagged the reading suspect or fail, in {@link QcTest} order. */
  public Set<QcTest> raisedBy() {
    EnumSet<QcTest> raised = EnumSet.noneOf(QcTest.class);
    for (QcTest t : TESTS) {
      if (flags[t.ordinal()].raised()) {
        raised.add(t);
      }
    }
    return raised;
  }

  /**
   * The spike flag of the series' previous reading, decided now that this reading is known; {@link
   * QcFlag#NOT_EVALUATED} for the first two readings of a series or when the spike test is off.
   */
  public QcFlag previousSpike() {
    return previousSpike;
  }

  /** This result with the spike test's flag set (the late verdict of the next reading). */
  public QcResult withSpike(QcFlag spike) {
    QcFlag[] f = flags.clone();
    f[QcTest.SPIKE.ordinal()] = spike;
    return new QcResult(f, previousSpike);
  }

  /** This result with the A/B agreement test's flag set (a pair test; see {@link AbAgreement}). */
  public QcResult withAbAgreement(QcFlag ab) {
    QcFlag[] f = flags.clone();
    f[QcTest.AB_AGREEMENT.ordinal()] = ab;
    return new QcResult(f, previousSpike);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("QcResult[").append(aggregate().code());
    for (QcTest t : raisedBy()) {
      b.append(' ').append(t.code()).append('=').append(flag(t).code());
    }
    return b.append(']').toString();
  }
}
