package dev.airtrace.quality;

/** The QC tests a reading goes through; each yields a {@link QcFlag}. */
public enum QcTest {
  /** Outside the sensor's span: fail; outside the operator's span: suspect. */
  GROSS_RANGE("gross_range"),
  /** Outside the range expected for the quantity in this season: suspect. */
  CLIMATOLOGY("climatology"),
  /** The previous reading departs from the mean of its two neighbours (evaluated one late). */
  SPIKE("spike"),
  /** The change from the previous reading is faster than the quantity can change: suspect. */
  RATE_OF_CHANGE("rate_of_change"),
  /** The readings have not changed beyond a tolerance for too long: suspect, then fail. */
  FLAT_LINE("flat_line"),
  /** PurpleAir-type dual-channel sensors: the channels A and B disagree: fail. */
  AB_AGREEMENT("ab_agreement");

  private final String code;

  QcTest(String code) {
    this.code = code;
  }

  /** The stable lower-case name used in JSON and tags, e.g. {@code flat_line}. */
  public String code() {
    return code;
  }
}
