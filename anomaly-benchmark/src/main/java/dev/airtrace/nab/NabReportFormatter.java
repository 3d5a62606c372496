package dev.airtrace.nab;

import java.util.Locale;

/**
 * Formats a {@link NabReport} as a NAB-style scoreboard line (normalised Standard / Reward low FP /
 * Reward low FN) followed by one detail line per profile. Stateless and thread-safe.
 */
public final class NabReportFormatter {
  private NabReportFormatter() {}

  /**
   * @param report the report
   * @return multi-line text ending in a newline
   */
  public static String format(NabReport report) {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "%-24s", "Detector"));
    for (ProfileResult result : report.profiles()) {
      out.append(String.format(Locale.ROOT, " %16s", title(result.profile().name())));
    }
    out.append('\n').append(String.format(Locale.ROOT, "%-24s", report.detector()));
    for (ProfileResult result : report.profiles()) {
      out.append(String.format(Locale.ROOT, " %16.2f", result.normalizedScore()));
    }
    out.append("\n\n")
        .append(
            String.format(
                Locale.ROOT,
                "%-20s %20s %12s %10s %8s %8s %8s %9s%n",
                "profile",
                "threshold",
                "raw score",
                "normalised",
                "TP",
                "FP",
                "FN",
                "TN"));
    for (ProfileResult result : report.profiles()) {
      DetectionCounts c = result.counts();
      out.append(
          String.format(
              Locale.ROOT,
              "%-20s %20s %12.4f %10.2f %8d %8d %8d %9d%n",
              result.profile().name(),
              Double.toString(result.threshold()),
              result.rawScore(),
              result.normalizedScore(),
              c.truePositives(),
              c.falsePositives(),
              c.falseNegatives(),
              c.trueNegatives()));
    }
    out.append(
        String.format(
            Locale.ROOT,
            "(normalised: null detector = 0, perfect = 100; %d windows)%n",
            report.windowCount()));
    return out.toString();
  }

  private static String title(String profile) {
    return switch (profile) {
      case CostProfile.STANDARD -> "Standard";
      case CostProfile.REWARD_LOW_FP -> "Reward low FP";
      case CostProfile.REWARD_LOW_FN -> "Reward low FN";
      default -> profile;
    };
  }
}
