package dev.airtrace.quality;

/**
 * The QARTOD primary flag of one test or of one reading (IOOS QARTOD manuals, "flag scheme": 1
 * pass, 2 not evaluated, 3 suspect or of high interest, 4 fail, 9 missing data).
 */
public enum QcFlag {
  /** 1: the reading passed the test. */
  PASS(1, 1),
  /** 2: the test was not run (not configured, or not enough history yet). */
  NOT_EVALUATED(2, 0),
  /** 3: suspect (or of high interest): use with care. */
  SUSPECT(3, 2),
  /** 4: fail: the reading is wrong and is not to be used. */
  FAIL(4, 3),
  /** 9: no value (the sensor reported none, or a non-number). */
  MISSING(9, 4);

  private final int code;
  private final int precedence;

  QcFlag(int code, int precedence) {
    this.code = code;
    this.precedence = precedence;
  }

  /** The QARTOD code: 1, 2, 3, 4 or 9. */
  public int code() {
    return code;
  }

  /**
   * The flag that wins when two tests disagree, for the aggregate flag: missing over fail over
   * suspect over pass over not evaluated (one test that passed makes the reading "pass" even if
   * others could not run yet).
   */
  public QcFlag worst(QcFlag other) {
    return other.precedence > precedence ? other : this;
  }

  /** Whether the flag is suspect or fail, i.e. the test "raised" it. */
  public boolean raised() {
    return this == SUSPECT || this == FAIL;
  }

  /** The flag with the given QARTOD code. */
  public static QcFlag ofCode(int code) {
    for (QcFlag f : values()) {
      if (f.code == code) {
        return f;
      }
    }
    throw new IllegalArgumentException("no QARTOD flag with code " + code);
  }
}
