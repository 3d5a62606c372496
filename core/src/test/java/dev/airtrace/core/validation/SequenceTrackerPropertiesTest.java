package dev.airtrace.core.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airtrace.core.DeviceId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

class SequenceTrackerPropertiesTest {
  private static final DeviceId DEVICE = new DeviceId("dev-001");

  @Property
  void shouldFindNoDuplicateInPermutationThatFitsTheWindow(
      @ForAll @IntRange(min = 1, max = 300) int window,
      @ForAll @LongRange(min = 0, max = 1_000_000) long start,
      @ForAll long shuffleSeed) {
    List<Long> permutation =
        new ArrayList<>(LongStream.range(start, start + window).boxed().toList());
    Collections.shuffle(permutation, new Random(shuffleSeed));
    SequenceTracker tracker = new SequenceTracker(window);

    for (long s : permutation) {
      assertThat(tracker.observe(DEVICE, s).duplicate()).as("seq %d", s).isFalse();
    }
    assertThat(tracker.duplicatesDetected()).isZero();
    assertThat(tracker.restartsDetected()).isZero();
    assertThat(tracker.gapsDetected() - tracker.gapsFilled()).isZero();
  }

  @Property
  void shouldFlagEveryRepeatWithinTheWindowAsDuplicate(
      @ForAll @Size(min = 1, max = 200) List<@IntRange(min = 0, max = 63) Integer> offsets) {
    SequenceTracker tracker = new SequenceTracker(64);
    Set<Long> seen = new HashSet<>();
    long base = 1_000;

    for (int offset : offsets) {
      long s = base + offset;
      assertThat(tracker.observe(DEVICE, s).duplicate()).as("seq %d", s).isEqualTo(!seen.add(s));
    }
    assertThat(tracker.duplicatesDetected()).isEqualTo(offsets.size() - seen.size());
  }

  @Property
  void shouldCountMissedNumbersOfIncreasingSequenceExactly(
      @ForAll @Size(min = 1, max = 100) List<@IntRange(min = 1, max = 50) Integer> steps) {
    SequenceTracker tracker = new SequenceTracker(16);
    long s = 0;
    long expectedMissed = 0;
    tracker.observe(DEVICE, s);

    for (int step : steps) {
      s += step;
      SequenceTracker.Observation o = tracker.observe(DEVICE, s);
      assertThat(o.missedBefore()).isEqualTo(step - 1);
      expectedMissed += step - 1;
    }
    assertThat(tracker.gapsDetected()).isEqualTo(expectedMissed);
  }
}
