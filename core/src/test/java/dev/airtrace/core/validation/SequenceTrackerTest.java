package dev.airtrace.core.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airtrace.core.DeviceId;
import dev.airtrace.core.validation.SequenceTracker.Observation;
import org.junit.jupiter.api.Test;

class SequenceTrackerTest {
  private static final DeviceId A = new DeviceId("dev-a");
  private static final DeviceId B = new DeviceId("dev-b");
  private static final Observation NEW = new Observation(false, 0);
  private static final Observation DUPLICATE = new Observation(true, 0);

  private final SequenceTracker tracker = new SequenceTracker(8);

  @Test
  void shouldAcceptFirstSightingWithoutGapWhateverItsNumber() {
    assertThat(tracker.observe(A, 1_000)).isEqualTo(NEW);
    assertThat(tracker.gapsDetected()).isZero();
  }

  @Test
  void shouldAcceptConsecutiveSequence() {
    for (long s = 0; s < 100; s++) {
      assertThat(tracker.observe(A, s)).isEqualTo(NEW);
    }
    assertThat(tracker.gapsDetected()).isZero();
    assertThat(tracker.duplicatesDetected()).isZero();
  }

  @Test
  void shouldReportNumbersSkippedSinceHighest() {
    tracker.observe(A, 10);

    assertThat(tracker.observe(A, 14)).isEqualTo(new Observation(false, 3));
    assertThat(tracker.gapsDetected()).isEqualTo(3);
  }

  @Test
  void shouldFlagRepeatAsDuplicate() {
    tracker.observe(A, 10);
    tracker.observe(A, 11);

    assertThat(tracker.observe(A, 11)).isEqualTo(DUPLICATE);
    assertThat(tracker.observe(A, 10)).isEqualTo(DUPLICATE);
    assertThat(tracker.duplicatesDetected()).isEqualTo(2);
  }

  @Test
  void shouldAcceptLateArrivalWithinWindowAsOutOfOrder() {
    tracker.observe(A, 10);
    tracker.observe(A, 13);

    assertThat(tracker.observe(A, 11)).isEqualTo(NEW);
    assertThat(tracker.observe(A, 12)).isEqualTo(NEW);
    assertThat(tracker.observe(A, 12)).isEqualTo(DUPLICATE);
    assertThat(tracker.gapsDetected()).isEqualTo(2);
    assertThat(tracker.gapsFilled()).isEqualTo(2);
  }

  @Test
  void shouldForgetNumbersThatLeftTheWindowWhenAdvancing() {
    tracker.observe(A, 0);
    tracker.observe(A, 1);
    tracker.observe(A, 9); // window (1, 9]: 1 has just left, its ring slot is reused by 9

    assertThat(tracker.observe(A, 2)).isEqualTo(NEW);
    assertThat(tracker.observe(A, 9)).isEqualTo(DUPLICATE);
  }

  @Test
  void shouldClearWholeWindowOnJumpLargerThanWindow() {
    tracker.observe(A, 0);
    tracker.observe(A, 3);

    assertThat(tracker.observe(A, 100)).isEqualTo(new Observation(false, 96));
    assertThat(tracker.observe(A, 96)).isEqualTo(NEW); // slot 96 % 8 == 0 held 0: cleared
    assertThat(tracker.observe(A, 99)).isEqualTo(NEW); // slot 3 held 3: cleared
  }

  /** One reading every 10 s; the reset tolerance is 15 s. */
  private static final long STEP_MS = 10_000;

  private final SequenceTracker timed =
      new SequenceTracker(8, new CounterResetRule(java.time.Duration.ofSeconds(15)));

  @Test
  void shouldStartNewEpochWhenLowerSequenceIsStampedLaterThanTolerance() {
    for (long s = 0; s <= 50; s++) {
      timed.observe(A, s, s * STEP_MS); // latest accepted: seq 50 at 500 s
    }

    // reboot: seq 0 at 516 s, 16 s after the latest (> 15 s tolerance)
    assertThat(timed.observe(A, 0, 516_000)).isEqualTo(new Observation(false, 0, true));
    assertThat(timed.observe(A, 1, 526_000)).isEqualTo(NEW);
    assertThat(timed.observe(A, 1, 526_000)).isEqualTo(DUPLICATE);
    assertThat(timed.restartsDetected()).isEqualTo(1);
    assertThat(timed.gapsDetected()).isZero();
  }

  @Test
  void shouldDetectResetEvenWhenCounterRestartsWithinTheWindow() {
    for (long s = 0; s <= 5; s++) {
      timed.observe(A, s, s * STEP_MS); // latest: 50 s
    }

    assertThat(timed.observe(A, 0, 70_000).restart()).isTrue(); // 20 s after the latest
    assertThat(timed.observe(A, 1, 80_000)).isEqualTo(NEW);
    assertThat(timed.observe(A, 2, 90_000)).isEqualTo(NEW);
  }

  @Test
  void shouldStillFlagReplayOfOldReadingAsDuplicateAfterReset() {
    for (long s = 0; s <= 5; s++) {
      timed.observe(A, s, s * STEP_MS);
    }
    timed.observe(A, 0, 70_000); // reset: epoch 2 starts at 70 s
    timed.observe(A, 1, 80_000);

    // replays keep their original event time: epoch 1's seq 1 (10 s) and 5 (50 s), epoch 2's 1
    assertThat(timed.observe(A, 1, 10_000)).isEqualTo(DUPLICATE);
    assertThat(timed.observe(A, 5, 50_000)).isEqualTo(DUPLICATE);
    assertThat(timed.observe(A, 1, 80_000)).isEqualTo(DUPLICATE);
    assertThat(timed.staleDetected()).isEqualTo(2);
    assertThat(timed.restartsDetected()).isEqualTo(1);
  }

  @Test
  void shouldTreatLowerSequenceWithinToleranceAsDuplicateNotReset() {
    for (long s = 0; s <= 5; s++) {
      timed.observe(A, s, s * STEP_MS); // latest: 50 s
    }

    assertThat(timed.observe(A, 0, 65_000)).isEqualTo(DUPLICATE); // 15 s: not more than 15 s
    assertThat(timed.restartsDetected()).isZero();
  }

  @Test
  void shouldNotRestartOnDropByMoreThanWindowWithoutLaterEventTime() {
    for (long s = 0; s <= 50; s++) {
      tracker.observe(A, s); // all stamped 0
    }

    assertThat(tracker.observe(A, 0)).isEqualTo(DUPLICATE);
    assertThat(tracker.restartsDetected()).isZero();
    assertThat(tracker.staleDetected()).isEqualTo(1);
  }

  @Test
  void shouldReportNumberOlderThanWindowAndNotNearZeroAsStaleDuplicate() {
    for (long s = 0; s <= 50; s++) {
      tracker.observe(A, s);
    }

    assertThat(tracker.observe(A, 20)).isEqualTo(DUPLICATE);
    assertThat(tracker.staleDetected()).isEqualTo(1);
    assertThat(tracker.duplicatesDetected()).isEqualTo(1);
    assertThat(tracker.restartsDetected()).isZero();
    assertThat(tracker.observe(A, 51)).as("live stream undisturbed").isEqualTo(NEW);
  }

  @Test
  void shouldNotCountArrivalsBelowFirstSightingAsFilledGaps() {
    tracker.observe(A, 5);

    assertThat(tracker.observe(A, 3)).isEqualTo(NEW);
    assertThat(tracker.gapsFilled()).isZero();
    assertThat(tracker.observe(A, 3)).isEqualTo(DUPLICATE);
  }

  @Test
  void shouldTrackDevicesIndependently() {
    tracker.observe(A, 5);

    assertThat(tracker.observe(B, 5)).isEqualTo(NEW);
    assertThat(tracker.observe(B, 7)).isEqualTo(new Observation(false, 1));
    assertThat(tracker.observe(A, 6)).isEqualTo(NEW);
    assertThat(tracker.trackedDevices()).isEqualTo(2);
  }

  @Test
  void shouldRememberOnlyHighestWithWindowOfOne() {
    SequenceTracker one = new SequenceTracker(1);
    one.observe(A, 5);

    assertThat(one.observe(A, 5)).isEqualTo(DUPLICATE);
    assertThat(one.observe(A, 4)).isEqualTo(DUPLICATE);
    assertThat(one.staleDetected()).isEqualTo(1);
    assertThat(one.observe(A, 0, CounterResetRule.DEFAULT_TOLERANCE.toMillis() + 1).restart())
        .isTrue();
    assertThat(one.restartsDetected()).isEqualTo(1);
  }

  @Test
  void shouldHandleSequencesNearLongMax() {
    tracker.observe(A, Long.MAX_VALUE - 2);

    assertThat(tracker.observe(A, Long.MAX_VALUE)).isEqualTo(new Observation(false, 1));
    assertThat(tracker.observe(A, Long.MAX_VALUE - 1)).isEqualTo(NEW);
    assertThat(tracker.observe(A, Long.MAX_VALUE)).isEqualTo(DUPLICATE);
  }

  @Test
  void shouldSaturateGapCounterInsteadOfOverflowing() {
    tracker.observe(A, 0);
    tracker.observe(A, Long.MAX_VALUE);
    tracker.observe(B, 0);
    tracker.observe(B, Long.MAX_VALUE);

    assertThat(tracker.gapsDetected()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void shouldRejectNegativeSequenceAndWindow() {
    assertThatThrownBy(() -> tracker.observe(A, -1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SequenceTracker(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
