package dev.airtrace.gateway.integrity;

import static dev.airtrace.gateway.testdata.ReadingBuilder.T0;
import static dev.airtrace.gateway.testdata.ReadingBuilder.aReading;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airtrace.core.GatewayId;
import dev.airtrace.core.Reading;
import dev.airtrace.core.integrity.BatchHeader;
import dev.airtrace.core.integrity.BatchRef;
import dev.airtrace.core.integrity.Ed25519;
import dev.airtrace.core.integrity.LeafEncoding;
import dev.airtrace.core.integrity.MerkleTree;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MerkleBatcherTest {
  private static final GatewayId GW = new GatewayId("gw-b");
  private static final KeyPair KEYS = Ed25519.generate();

  @TempDir Path state;

  private MerkleBatcher<String> batcher(long maxLeaves, Duration maxAge) {
    IntegrityConfig config =
        IntegrityConfig.builder().sealing(maxLeaves, maxAge).stateDirectory(state).build();
    return new MerkleBatcher<>(
        GW, KEYS.getPrivate(), config, new BatchSeqStore(config.stateFile(GW)));
  }

  private static Reading reading(int sequence, long eventTime) {
    return aReading().device("d1").sequence(sequence).at(eventTime).gateway(GW.value()).build();
  }

  @Test
  void shouldNumberLeavesInArrivalOrderAndBecomeFullAtMaxLeaves() {
    MerkleBatcher<String> batcher = batcher(3, Duration.ofMinutes(1));
    List<BatchRef> refs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      assertThat(batcher.isFull()).isFalse();
      refs.add(batcher.add(reading(i, T0 + i), "m" + i, T0).ref());
    }

    assertThat(refs).containsExactly(new BatchRef(0, 0), new BatchRef(0, 1), new BatchRef(0, 2));
    assertThat(batcher.isFull()).isTrue();
  }

  @Test
  void shouldSealIntoASignedHeaderWhoseRootIsTheTreeOverTheReadingsLeaves() {
    MerkleBatcher<String> batcher = batcher(10, Duration.ofMinutes(1));
    List<Reading> readings = List.of(reading(1, T0 + 500), reading(2, T0 - 200), reading(3, T0));
    readings.forEach(r -> batcher.add(r, "m", T0));

    BatchHeader header = batcher.seal().header();

    List<byte[]> leaves = readings.stream().map(LeafEncoding::leafHash).toList();
    assertThat(header.root()).isEqualTo(MerkleTree.fromLeafHashes(leaves).root());
    assertThat(header.size()).isEqualTo(3);
    assertThat(header.gatewayId()).isEqualTo(GW);
    assertThat(header.firstTs()).isEqualTo(T0 - 200);
    assertThat(header.lastTs()).isEqualTo(T0 + 500);
    assertThat(header.verifySignature(KEYS.getPublic())).isTrue();
    assertThat(header.verifySignature(Ed25519.generate().getPublic())).isFalse();
    assertThat(MerkleBatcher.key(header)).isEqualTo("gw-b:0");
  }

  @Test
  void shouldStartTheNextBatchAtIndexZeroWithTheNextSeq() {
    MerkleBatcher<String> batcher = batcher(1, Duration.ofMinutes(1));
    batcher.add(reading(1, T0), "m1", T0);
    assertThat(batcher.seal().header().seq()).isZero();

    assertThat(batcher.add(reading(2, T0), "m2", T0).ref()).isEqualTo(new BatchRef(1, 0));
    assertThat(batcher.seal().header().seq()).isEqualTo(1);
  }

  @Test
  void shouldBeDueOnlyWhenOpenAndOldEnough() {
    MerkleBatcher<String> batcher = batcher(100, Duration.ofSeconds(10));
    assertThat(batcher.isDue(T0 + 60_000)).isFalse();

    batcher.add(reading(1, T0), "m1", T0);

    assertThat(batcher.isDue(T0 + 9_999)).isFalse();
    assertThat(batcher.isDue(T0 + 10_000)).isTrue();
  }

  @Test
  void shouldListEachHolderOncePerBatchAndHandThemBackOnSeal() {
    MerkleBatcher<String> batcher = batcher(100, Duration.ofMinutes(1));
    String first = "message-1";
    String second = "message-2";

    assertThat(batcher.add(reading(1, T0), first, T0).newHolder()).isTrue();
    assertThat(batcher.add(reading(2, T0), first, T0).newHolder()).isFalse();
    assertThat(batcher.add(reading(3, T0), second, T0).newHolder()).isTrue();

    assertThat(batcher.holderCount()).isEqualTo(2);
    assertThat(batcher.seal().holders()).containsExactly(first, second);
    assertThat(batcher.holderCount()).isZero();
  }

  @Test
  void shouldRefuseToSealAnEmptyBatch() {
    MerkleBatcher<String> batcher = batcher(100, Duration.ofMinutes(1));

    assertThatThrownBy(batcher::seal).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void shouldNeverReuseASeqOpenedBeforeARestartEvenIfItNeverSealed() {
    MerkleBatcher<String> crashed = batcher(100, Duration.ofMinutes(1));
    crashed.add(reading(1, T0), "m1", T0);
    crashed.seal();
    crashed.add(reading(2, T0), "m2", T0); // batch 1 opened, never sealed: the process "dies"

    MerkleBatcher<String> restarted = batcher(100, Duration.ofMinutes(1));

    assertThat(restarted.add(reading(2, T0), "m2", T0).ref()).isEqualTo(new BatchRef(2, 0));
  }
}
