package dev.airtrace.core.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airtrace.core.DeviceId;
import dev.airtrace.core.validation.SequenceTracker.Observation;
import org.junit.jupiter.api.Test;

/**
 * A tracker restored from another's export behaves as the original would: a restart is invisible.
 */
class SequenceTrackerRestoreTest {
  private static final DeviceId A = new DeviceId("dev-a");
  private static final DeviceId B = new DeviceId("dev-b");
  private static final long MINUTE = 60_000L;
  private static final long T0 = 1_764_057_600_000L;

  private static SequenceTracker restarted(SequenceTracker before, int window) {
    SequenceTracker after = new SequenceTracker(window);
    after.restore(before.export());
    return after;
  }

  @Test
  void shouldTreatAReadingSeenBeforeTheRestartAsADuplicateAfterIt() {
    SequenceTracker before = new SequenceTracker(64);
    before.observe(A, 10, T0);
    before.observe(A, 11, T0 + MINUTE);
    before.observe(A, 13, T0 + 3 * MINUTE);
    before.observe(B, 0, T0);

    SequenceTracker after = restarted(before, 64);

    assertThat(after.trackedDevices()).isEqualTo(2);
    assertThat(after.observe(A, 11, T0 + MINUTE).duplicate()).isTrue();
    assertThat(after.observe(A, 13, T0 + 3 * MINUTE).duplicate()).isTrue();
    assertThat(after.observe(B, 0, T0).duplicate()).isTrue();
  }

  @Test
  void shouldExportOnlyTheDevicesObservedSinceTheLastCallEachRestorableOnItsOwn() {
    SequenceTracker before = new SequenceTracker(64);
    before.observe(A, 10, T0);
    before.observe(B, 0, T0);
    assertThat(before.exportChanged()).containsOnlyKeys(A, B);
    before.observe(A, 11, T0 + MINUTE);

    var changed = before.exportChanged();

    assertThat(changed).containsOnlyKeys(A);
    assertThat(before.exportChanged()).isEmpty();
    SequenceTracker after = new SequenceTracker(64);
    assertThat(after.restore(changed.get(A))).isEqualTo(1);
    assertThat(after.trackedDevices()).isEqualTo(1);
    assertThat(after.observe(A, 11, T0 + MINUTE).duplicate()).isTrue();
    assertThat(after.observe(A, 10, T0).duplicate()).isTrue();
    assertThat(after.observe(A, 12, T0 + 2 * MINUTE)).isEqualTo(Observation.NEW);
  }

  @Test
  void shouldStillAcceptTheLateArrivalAndTheNextReadingAfterTheRestart() {
    SequenceTracker before = new SequenceTracker(64);
    before.observe(A, 10, T0);
    before.observe(A, 13, T0 + 3 * MINUTE);

    SequenceTracker after = restarted(before, 64);

    // 12 was missing before the restart: a late arrival, not a duplicate
    assertThat(after.observe(A, 12, T0 + 2 * MINUTE)).isEqualTo(Observation.NEW);
    assertThat(after.observe(A, 14, T0 + 4 * MINUTE)).isEqualTo(Observation.NEW);
  }

  @Test
  void shouldKeepTheCounterEpochSoAStragglerOfTheOldEpochStaysADuplicate() {
    SequenceTracker before = new SequenceTracker(64);
    before.observe(A, 500, T0);
    // the device rebooted an hour later: its counter restarts at 0
    assertThat(before.observe(A, 0, T0 + 60 * MINUTE).restart()).isTrue();

    SequenceTracker after = restarted(before, 64);

    assertThat(after.observe(A, 500, T0).duplicate()).isTrue();
    assertThat(after.observe(A, 0, T0 + 60 * MINUTE).duplicate()).isTrue();
    assertThat(after.observe(A, 1, T0 + 61 * MINUTE)).isEqualTo(Observation.NEW);
  }

  @Test
  void shouldKeepOnlyTheHighWaterMarkWhenTheWindowChanged() {
    SequenceTracker before = new SequenceTracker(64);
    before.observe(A, 10, T0);
    before.observe(A, 13, T0 + 3 * MINUTE);

    SequenceTracker after = restarted(before, 128);

    assertThat(after.observe(A, 13, T0 + 3 * MINUTE).duplicate()).isTrue();
    // below the mark the bits are unknown: 10 counts as a late arrival, not a duplicate
    assertThat(after.observe(A, 10, T0).duplicate()).isFalse();
    assertThat(after.observe(A, 14, T0 + 4 * MINUTE)).isEqualTo(Observation.NEW);
  }

  @Test
  void shouldNameTheBadLineOfACorruptExport() {
    SequenceTracker tracker = new SequenceTracker(64);

    assertThatThrownBy(() -> tracker.restore("nonsense"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("first line");
    assertThatThrownBy(
            () -> tracker.restore(SequenceTracker.EXPORT_HEADER + "64\ndev-a 10 x 0 10 00\n"))
        .hasMessageContaining("line 2");
  }
}
