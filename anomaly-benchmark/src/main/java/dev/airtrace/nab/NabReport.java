package dev.airtrace.nab;

import java.util.List;

/**
 * One detector's NAB results for every profile of the corpus, in scoreboard order (standard, reward
 * low FP, reward low FN for NAB v1.1).
 *
 * @param detector the detector's name as shown in reports
 * @param windowCount N_win, the number of labelled windows the scores are normalised by
 * @param profiles one result per profile
 */
public record NabReport(String detector, int windowCount, List<ProfileResult> profiles) {

  /** Copies the profile list. */
  public NabReport {
    profiles = List.copyOf(profiles);
  }

  /**
   * @param name a profile name such as {@link CostProfile#STANDARD}
   * @return that profile's result
   * @throws NabCorpusException when the report has no such profile
   */
  public ProfileResult profile(String name) {
    return profiles.stream()
        .filter(p -> p.profile().name().equals(name))
        .findFirst()
        .orElseThrow(() -> new NabCorpusException("no profile " + name + " in this report"));
  }
}
