package dev.airtrace.anchoring.epoch;

import static dev.airtrace.anchoring.testdata.BatchHeaders.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airtrace.anchoring.state.EpochRecord;
import dev.airtrace.anchoring.state.LeafRef;
import dev.airtrace.anchoring.testdata.MutableClock;
import dev.airtrace.core.integrity.BatchHeader;
import dev.airtrace.core.integrity.MerkleTree;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EpochBuilderTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final List<EpochRecord> persisted = new ArrayList<>();

  private EpochBuilder builder(Duration age, int count) {
    return new EpochBuilder(new EpochPolicy(age, count), clock);
  }

  @Test
  void shouldSealWhenTheCountIsReached() {
    EpochBuilder b = builder(Duration.ofHours(1), 3);
    b.add(header().seq(0).build());
    b.add(header().seq(1).build());
    assertThat(b.sealIfDue(0, persisted::add)).isEmpty();

    b.add(header().seq(2).build());
    Optional<EpochRecord> sealed = b.sealIfDue(0, persisted::add);

    assertThat(sealed).isPresent();
    assertThat(sealed.get().leafCount()).isEqualTo(3);
    assertThat(persisted).containsExactly(sealed.get());
    assertThat(b.size()).isZero();
  }

  @Test
  void shouldSealWhenTheFirstHeaderIsOldEnough() {
    EpochBuilder b = builder(Duration.ofMinutes(10), 1000);
    b.add(header().seq(0).build());
    clock.advance(Duration.ofMinutes(9));
    b.add(header().seq(1).build());
    assertThat(b.sealIfDue(0, persisted::add)).isEmpty();

    clock.advance(Duration.ofMinutes(1));

    assertThat(b.sealIfDue(0, persisted::add))
        .get()
        .extracting(EpochRecord::leafCount)
        .isEqualTo(2);
  }

  @Test
  void shouldNotSealAnEmptyEpoch() {
    EpochBuilder b = builder(Duration.ofSeconds(1), 10);
    clock.advance(Duration.ofHours(1));
    assertThat(b.sealIfDue(0, persisted::add)).isEmpty();
  }

  @Test
  void shouldOrderLeavesByGatewayThenSeqWhateverTheArrivalOrder() {
    List<BatchHeader> headers =
        List.of(
            header().gateway("gw-b").seq(2).build(),
            header().gateway("gw-a").seq(10).build(),
            header().gateway("gw-b").seq(1).build(),
            header().gateway("gw-a").seq(9).build());
    EpochBuilder forward = builder(Duration.ofHours(1), 4);
    headers.forEach(forward::add);
    EpochBuilder backward = builder(Duration.ofHours(1), 4);
    List<BatchHeader> reversed = new ArrayList<>(headers);
    Collections.reverse(reversed);
    reversed.forEach(backward::add);

    EpochRecord a = forward.sealIfDue(0, persisted::add).orElseThrow();
    EpochRecord b = backward.sealIfDue(0, persisted::add).orElseThrow();

    assertThat(a.leaves().stream().map(LeafRef::key))
        .containsExactly("gw-a:9", "gw-a:10", "gw-b:1", "gw-b:2");
    assertThat(a.root()).isEqualTo(b.root());
  }

  @Test
  void shouldUseTheRfc6962RootOverTheHeadersCanonicalBytes() {
    BatchHeader h0 = header().gateway("gw-a").seq(0).firstTs(1000).build();
    BatchHeader h1 = header().gateway("gw-b").seq(0).firstTs(5000).build();

    EpochRecord e = EpochBuilder.seal(7, List.of(h0, h1), 42);

    byte[] expected =
        MerkleTree.fromLeaves(List.of(h0.canonicalBytes(), h1.canonicalBytes())).root();
    assertThat(e.root()).isEqualTo(HexFormat.of().formatHex(expected));
    assertThat(e.seq()).isEqualTo(7);
    assertThat(e.firstTs()).isEqualTo(h0.firstTs());
    assertThat(e.lastTs()).isEqualTo(h1.lastTs());
  }

  @Test
  void shouldIgnoreADuplicateHeader() {
    EpochBuilder b = builder(Duration.ofHours(1), 10);
    assertThat(b.add(header().seq(3).build())).isTrue();
    assertThat(b.add(header().seq(3).build())).isFalse();
    assertThat(b.size()).isEqualTo(1);
  }

  @Test
  void shouldKeepTheHeadersWhenPersistingTheSealedEpochFails() {
    EpochBuilder b = builder(Duration.ofHours(1), 2);
    b.add(header().seq(0).build());
    b.add(header().seq(1).build());

    assertThatThrownBy(
            () ->
                b.sealIfDue(
                    0,
                    e -> {
                      throw new IllegalStateException("broker down");
                    }))
        .hasMessageContaining("broker down");

    assertThat(b.size()).isEqualTo(2);
    assertThat(b.sealIfDue(0, persisted::add)).isPresent();
  }

  @Test
  void shouldRejectAPolicyWithoutBounds() {
    assertThatThrownBy(() -> new EpochPolicy(Duration.ZERO, 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new EpochPolicy(Duration.ofMinutes(1), 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new EpochPolicy(Duration.ofMinutes(1), EpochPolicy.MAX_MAX_HEADERS + 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
