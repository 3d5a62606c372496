package dev.airtrace.nab;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NabReportFormatterTest {

  private static ProfileResult result(CostProfile profile, double raw) {
    return new ProfileResult(
        profile,
        0.5421876907348634,
        raw,
        NabScorer.normalise(raw, profile, 116),
        new DetectionCounts(1, 2, 3, 4),
        List.of());
  }

  @Test
  void shouldPrintScoreboardLineForTheThreeNabProfilesThenDetails() {
    NabReport report =
        new NabReport(
            "numenta",
            116,
            List.of(
                result(new CostProfile(CostProfile.STANDARD, 1, 1, 0.11), 46.6345),
                result(new CostProfile(CostProfile.REWARD_LOW_FP, 1, 1, 0.22), 30.4311),
                result(new CostProfile(CostProfile.REWARD_LOW_FN, 1, 2, 0.11), 26.6345)));

    String text = NabReportFormatter.format(report);

    List<String> lines = text.lines().toList();
    assertThat(lines.get(0)).contains("Standard", "Reward low FP", "Reward low FN");
    assertThat(lines.get(1).split("\\s+")).containsExactly("numenta", "70.10", "63.12", "74.32");
    assertThat(text).contains("standard", "0.5421876907348634", "46.6345").contains("116 windows");
  }
}
