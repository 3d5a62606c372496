package dev.airtrace.gateway.integrity;

import static dev.airtrace.gateway.testdata.ReadingBuilder.T0;
import static dev.airtrace.gateway.testdata.ReadingBuilder.aReading;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airtrace.core.GatewayId;
import dev.airtrace.core.Reading;
import dev.airtrace.core.integrity.Ed25519;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxBatchCounterTest {
  private static final GatewayId GW = new GatewayId("gw-c");
  private static final KeyPair KEYS = Ed25519.generate();

  @TempDir Path dir;

  private BatchSeqStore file() {
    return new BatchSeqStore(dir.resolve("gw-c.batch-seq"));
  }

  private static Map<String, byte[]> entry(long seq) {
    return Map.of(
        OutboxBatchCounter.STATE_ENTRY, Long.toString(seq).getBytes(StandardCharsets.US_ASCII));
  }

  private static Reading reading(int sequence) {
    return aReading().device("d1").sequence(sequence).at(T0 + sequence).gateway(GW.value()).build();
  }

  private MerkleBatcher<String> batcher(BatchCounterStore store) {
    IntegrityConfig config =
        IntegrityConfig.builder().sealing(100, Duration.ofMinutes(1)).stateDirectory(dir).build();
    return new MerkleBatcher<>(GW, KEYS.getPrivate(), config, store);
  }

  @Test
  void shouldStartWithNoCounterWhenNeitherTheOutboxNorTheFileHoldsOne() {
    OutboxBatchCounter counter = new OutboxBatchCounter(file(), Map.of());

    assertThat(counter.lastOpened()).isEmpty();
    assertThat(batcher(counter).currentSeq()).isZero();
  }

  @Test
  void shouldContinueFromTheOldFileWhenTheOutboxHoldsNoCounterYet() {
    // A state directory from before the counter moved into the outbox: only the file.
    file().recordOpened(41);

    OutboxBatchCounter counter = new OutboxBatchCounter(file(), Map.of());

    assertThat(counter.lastOpened()).hasValue(41);
    assertThat(counter.restoredFromOutbox()).isFalse();
    assertThat(batcher(counter).currentSeq()).isEqualTo(42);
  }

  @Test
  void shouldContinueFromTheOutboxWhenTheFileTrailsIt() {
    file().recordOpened(7);

    OutboxBatchCounter counter = new OutboxBatchCounter(file(), entry(9));

    assertThat(counter.lastOpened()).hasValue(9);
    assertThat(counter.restoredFromOutbox()).isTrue();
  }

  @Test
  void shouldContinueFromTheFileWhenARunWithoutTheOutboxMovedItAhead() {
    // Runs with --no-outbox force the file ahead of every batch and never touch the outbox.
    file().recordOpened(30);

    OutboxBatchCounter counter = new OutboxBatchCounter(file(), entry(12));

    assertThat(counter.lastOpened()).hasValue(30);
    assertThat(counter.restoredFromOutbox()).isFalse();
  }

  @Test
  void shouldHandOutTheLastCounterOpenedInAPassOnceAndNothingForAPassThatOpenedNone() {
    OutboxBatchCounter counter = new OutboxBatchCounter(file(), Map.of());
    counter.recordOpened(0);
    counter.recordOpened(1); // a pass larger than maxLeaves opens two batches

    assertThat(counter.takeChanged())
        .containsOnlyKeys(OutboxBatchCounter.STATE_ENTRY)
        .hasEntrySatisfying(
            OutboxBatchCounter.STATE_ENTRY,
            v -> assertThat(new String(v, StandardCharsets.US_ASCII)).isEqualTo("1"));
    assertThat(counter.takeChanged()).isEmpty();
  }

  @Test
  void shouldReuseTheCounterOfAPassThatDiedBeforeItsWriteSoNoSeqIsSkipped() {
    // Run 1: pass A opens batch 0 and is stored; pass B opens batch 1 and dies before its write.
    Map<String, byte[]> outbox = new HashMap<>();
    OutboxBatchCounter first = new OutboxBatchCounter(file(), Map.of());
    MerkleBatcher<String> run1 = batcher(first);
    run1.add(reading(1), "m1", T0);
    run1.seal();
    Map<String, byte[]> passA = first.takeChanged();
    outbox.putAll(passA); // the outbox's atomic write of pass A
    first.stored(passA);
    first.writeThrough();
    run1.add(reading(2), "m2", T0);
    assertThat(run1.currentSeq()).isEqualTo(1);
    first.takeChanged(); // pass B's state, never written: the process dies here

    // Run 2 on the same outbox and file.
    MerkleBatcher<String> run2 = batcher(new OutboxBatchCounter(file(), outbox));

    assertThat(run2.add(reading(2), "m2", T0).ref().seq()).isEqualTo(1);
  }

  @Test
  void shouldWriteOnlyCountersTheOutboxStoredIntoTheFile() {
    OutboxBatchCounter counter = new OutboxBatchCounter(file(), Map.of());
    counter.recordOpened(0);
    Map<String, byte[]> pass0 = counter.takeChanged();
    counter.recordOpened(1);
    counter.takeChanged(); // handed to the outbox, not yet stored

    counter.writeThrough();
    assertThat(file().lastOpened()).as("before any store").isEmpty();

    counter.stored(pass0);
    counter.writeThrough();
    assertThat(file().lastOpened()).hasValue(0);
  }

  @Test
  void shouldIgnoreStoredPassesWithoutACounter() {
    OutboxBatchCounter counter = new OutboxBatchCounter(file(), entry(3));

    counter.stored(Map.of("gateway.sequences/d1", new byte[] {1}));
    counter.writeThrough();

    assertThat(file().lastOpened()).hasValue(3);
  }

  @Test
  void shouldRefuseAnOutboxEntryThatIsNotACounter() {
    Map<String, byte[]> corrupt =
        Map.of(OutboxBatchCounter.STATE_ENTRY, "x1".getBytes(StandardCharsets.US_ASCII));

    assertThatThrownBy(() -> new OutboxBatchCounter(file(), corrupt))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(OutboxBatchCounter.STATE_ENTRY);
  }
}
