package dev.airtrace.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SequenceIntervalsTest {
  private static SequenceIntervals of(long... seqAndTime) {
    SequenceIntervals s = new SequenceIntervals();
    for (int i = 0; i < seqAndTime.length; i += 2) {
      s.add(seqAndTime[i], seqAndTime[i + 1]);
    }
    return s;
  }

  @Test
  void shouldMergeANumberThatClosesAGapWithBothNeighbours() {
    SequenceIntervals s = of(1, 10, 2, 20, 4, 40, 5, 50, 8, 80);
    assertThat(s).hasToString("[1..2@10..20, 4..5@40..50, 8..8@80..80]");

    s.add(3, 30);

    assertThat(s).hasToString("[1..5@10..50, 8..8@80..80]");
  }

  @Test
  void shouldInsertANumberBelowAllIntervalsInOrder() {
    SequenceIntervals s = of(10, 100, 20, 200);

    s.add(5, 50);

    assertThat(s).hasToString("[5..5@50..50, 10..10@100..100, 20..20@200..200]");
    assertThat(s.indexOf(5)).isZero();
    assertThat(s.indexOf(20)).isEqualTo(2);
    assertThat(s.indexOf(15)).isEqualTo(-1);
  }

  @Test
  void shouldJoinOverlappingIntervalsAndTheirTimeSpansInAUnion() {
    SequenceIntervals earlier = of(0, 0, 1, 10, 2, 20, 7, 70);
    SequenceIntervals later = of(2, 1000, 3, 1010, 9, 1090);

    earlier.addAll(later);

    assertThat(earlier).hasToString("[0..3@0..1010, 7..7@70..70, 9..9@1090..1090]");
  }

  @Test
  void shouldMatchANumberOnlyWhenItsIntervalsTimeSpanOverlapsTheWindow() {
    SequenceIntervals s = of(1, 100, 2, 200);

    assertThat(s.seen(1, 150, 300)).isTrue();
    assertThat(s.seen(2, 0, 100)).as("span 100..200 touches 0..100").isTrue();
    assertThat(s.seen(2, 201, 300)).isFalse();
    assertThat(s.seen(3, 0, 300)).isFalse();
  }

  @Test
  void shouldPruneIntervalsWhoseNewestReadingIsOlderThanTheCutoff() {
    SequenceIntervals s = of(1, 10, 2, 60, 5, 20, 9, 30);

    assertThat(s.pruneOlderThan(30)).isEqualTo(1);

    assertThat(s).hasToString("[1..2@10..60, 9..9@30..30]");
  }

  @Test
  void shouldCapByDroppingTheIntervalsWithTheOldestNewestReading() {
    SequenceIntervals s = of(1, 40, 3, 10, 5, 30, 7, 20);

    assertThat(s.capAt(2)).isEqualTo(2);

    assertThat(s).hasToString("[1..1@40..40, 5..5@30..30]");
    assertThat(s.capAt(2)).isZero();
  }

  @Test
  void shouldRoundTripTheDeviceStateThroughItsBinaryFormat() {
    DeviceDedupState state = DeviceDedupState.first(5, 1_000);
    state.acceptCurrent(7, 2_000, true);
    state.startEpoch(0, 500_000);

    byte[] bytes = DeviceDedupState.encode(state);

    // format byte + 3 longs + (count 1 + 1 interval of 4 longs) + (count 1 + 2 intervals)
    assertThat(bytes).hasSize(1 + 24 + 1 + 32 + 1 + 64);
    assertThat(bytes[0] & 0xFF).isEqualTo(DeviceDedupState.FORMAT);
    DeviceDedupState back = DeviceDedupState.decode(bytes);
    assertThat(back).isEqualTo(state);
    assertThat(back.epoch()).isEqualTo(new CounterEpoch(0, 500_000, 500_000));
    assertThat(back.current()).hasToString("[0..0@500000..500000]");
    assertThat(back.earlier()).hasToString("[5..5@1000..1000, 7..7@2000..2000]");
  }

  @Test
  void shouldRejectAStoredValueWhoseIntervalsAreNotSortedAndDisjoint() {
    BinaryState.Writer out =
        new BinaryState.Writer(DeviceDedupState.FORMAT, 128).fixed64(9).fixed64(0).fixed64(0);
    out.varint(2);
    out.fixed64(5).fixed64(9).fixed64(0).fixed64(0);
    out.fixed64(8).fixed64(10).fixed64(0).fixed64(0); // overlaps 5..9
    out.varint(0);

    assertThatThrownBy(() -> DeviceDedupState.decode(out.toByteArray()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not sorted and disjoint");
  }
}
