package dev.airtrace.quality;

import dev.airtrace.core.calibration.ChannelAgreement;
import java.util.Objects;

/**
 * The A/B agreement test of a PurpleAir-type dual-channel PM sensor: the two laser counters measure
 * the same air, so when they disagree (by the EPA/Barkjohn 2021 rule in {@link ChannelAgreement}:
 * more than 5 µg/m³ <em>and</em> more than 70 % of their mean) at least one is wrong and the pair
 * fails. QARTOD has no dual-channel test; this follows the EPA practice of dropping such hours.
 * Stateless and thread-safe.
 */
public final class AbAgreement {
  private final ChannelAgreement rule;

  /** A test with the given thresholds. */
  public AbAgreement(ChannelAgreement rule) {
    this.rule = Objects.requireNonNull(rule, "rule");
  }

  /**
   * @param a channel A, µg/m³ ({@code NaN} = missing)
   * @param b channel B, µg/m³ ({@code NaN} = missing)
   * @return missing when either channel is missing, fail when they disagree, else pass
   */
  public QcFlag test(double a, double b) {
    if (!Double.isFinite(a) || !Double.isFinite(b)) {
      return QcFlag.MISSING;
    }
    return rule.agree(a, b) ? QcFlag.PASS : QcFlag.FAIL;
  }
}
