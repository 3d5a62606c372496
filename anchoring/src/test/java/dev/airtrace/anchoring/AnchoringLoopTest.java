package dev.airtrace.anchoring;

import static dev.airtrace.anchoring.testdata.BatchHeaders.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.airtrace.anchoring.epoch.EpochBuilder;
import dev.airtrace.anchoring.epoch.EpochPolicy;
import dev.airtrace.anchoring.state.EpochRecord;
import dev.airtrace.anchoring.state.EpochState;
import dev.airtrace.anchoring.state.EpochStore;
import dev.airtrace.anchoring.state.LeafRef;
import dev.airtrace.anchoring.testdata.FakeChain;
import dev.airtrace.anchoring.testdata.FakeHeaderDeadLetters;
import dev.airtrace.anchoring.testdata.FakeHeaderSource;
import dev.airtrace.anchoring.testdata.FakeSigner;
import dev.airtrace.anchoring.testdata.InMemoryEpochStore;
import dev.airtrace.core.deadletter.DeadLetter;
import dev.airtrace.core.deadletter.RejectReason;
import dev.airtrace.core.integrity.BatchHeader;
import dev.airtrace.topics.gateway.BatchHeaderJson;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AnchoringLoopTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String CONTRACT = "0x5fbdb2315678afecb367f032d93f642f64180aa3";

  private final FakeChain chain = new FakeChain();
  private final FakeHeaderSource source = new FakeHeaderSource();
  private final FakeHeaderDeadLetters deadLetters = new FakeHeaderDeadLetters();
  private AnchoringLoop service;

  private AnchoringLoop start(EpochStore store) {
    Anchorer anchorer =
        new Anchorer(
            chain,
            new FakeSigner(),
            store,
            TransactionPolicy.defaults(CONTRACT),
            Clock.systemUTC());
    EpochBuilder builder =
        new EpochBuilder(new EpochPolicy(Duration.ofHours(1), 2), Clock.systemUTC());
    service =
        new AnchoringLoop(
                source, builder, anchorer, Duration.ofMillis(20), deadLetters, Clock.systemUTC())
            .start();
    return service;
  }

  @AfterEach
  void stop() {
    if (service != null) {
      service.close();
    }
  }

  @Test
  void shouldDeadLetterAnUnreadableHeaderAndKeepAnchoring() {
    start(new InMemoryEpochStore());
    byte[] corrupt = "{\"gateway\": \"gw-1\", \"seq\": ".getBytes(StandardCharsets.UTF_8);

    source.offerUnreadable("gw-1:0", corrupt);
    source.offer(header().seq(1).build(), header().seq(2).build());

    await().atMost(WAIT).until(() -> has(EpochState.SUBMITTED, 1));
    assertThat(deadLetters.stored())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getKey()).isEqualTo("gw-1:0");
              DeadLetter d = e.getValue();
              assertThat(d.reason()).isEqualTo(RejectReason.UNDECODABLE_RECORD);
              assertThat(d.payload()).isEqualTo(corrupt);
              assertThat(d.source()).isEqualTo("kafka:airtrace.gateway.batch-headers.v1/0/0");
              assertThat(d.gatewayId()).isEqualTo(AnchoringLoop.DEAD_LETTER_ORIGIN);
            });
    assertThat(service.deadLettered(RejectReason.UNDECODABLE_RECORD)).isEqualTo(1);
    assertThat(service.epochs().get(0).leaves())
        .extracting(LeafRef::key)
        .containsExactly("gw-1:1", "gw-1:2");
  }

  @Test
  void shouldDeadLetterAHeaderConflictingWithOneInTheOpenEpochAndKeepTheFirst() {
    start(new InMemoryEpochStore());
    BatchHeader first = header().seq(0).size(4).build();
    BatchHeader conflicting = header().seq(0).size(5).build(); // same gw-1:0, other root and size

    source.offer(first, conflicting, header().seq(1).build());

    await().atMost(WAIT).until(() -> has(EpochState.SUBMITTED, 1));
    assertThat(service.epochs().get(0).leaves())
        .extracting(LeafRef::leafHash)
        .contains(java.util.HexFormat.of().formatHex(first.leafHash()));
    assertThat(deadLetters.stored())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getKey()).isEqualTo("gw-1:0");
              assertThat(e.getValue().reason()).isEqualTo(RejectReason.CONFLICTING_BATCH_HEADER);
              assertThat(e.getValue().payload()).isEqualTo(BatchHeaderJson.encode(conflicting));
              assertThat(e.getValue().source())
                  .isEqualTo("kafka:airtrace.gateway.batch-headers.v1/0/1");
            });
    assertThat(service.deadLettered(RejectReason.CONFLICTING_BATCH_HEADER)).isEqualTo(1);
  }

  @Test
  void shouldDeadLetterAHeaderConflictingWithASealedOneButNotAPlainRedelivery() {
    start(new InMemoryEpochStore());
    source.offer(header().seq(0).build(), header().seq(1).build());
    await().atMost(WAIT).until(() -> service.epochs().size() == 1);

    source.offer(
        header().seq(0).build(), // redelivery: same content, silently skipped
        header().seq(1).size(7).build(), // conflict with the sealed gw-1:1
        header().seq(2).build(),
        header().seq(3).build());

    await().atMost(WAIT).until(() -> service.epochs().size() == 2);
    assertThat(deadLetters.stored())
        .extracting(e -> e.getKey() + " " + e.getValue().reason())
        .containsExactly("gw-1:1 CONFLICTING_BATCH_HEADER");
    assertThat(service.epochs().get(1).leaves())
        .extracting(LeafRef::key)
        .containsExactly("gw-1:2", "gw-1:3");
  }

  @Test
  void shouldNotCommitPastAnUnreadableHeaderUntilItsDeadLetterIsStored() {
    deadLetters.failNext(2);
    start(new InMemoryEpochStore());

    source.offerUnreadable(null, new byte[] {(byte) 0xff});
    source.offer(header().seq(0).build(), header().seq(1).build());

    await().atMost(WAIT).until(() -> deadLetters.stored().size() == 1);
    await().atMost(WAIT).until(() -> source.commits() == 1);
    assertThat(deadLetters.stored().get(0).getKey()).isNull();
    assertThat(service.deadLettered(RejectReason.UNDECODABLE_RECORD)).isEqualTo(1);
  }

  @Test
  void shouldSealSubmitAndCommitOnItsOwnThread() {
    start(new InMemoryEpochStore());

    source.offer(header().gateway("gw-a").seq(0).build(), header().gateway("gw-b").seq(0).build());

    await().atMost(WAIT).until(() -> has(EpochState.SUBMITTED, 1));
    assertThat(source.commits()).isEqualTo(1);
    assertThat(source.commitArgs().get(0)).isEmpty(); // nothing left open: commit everything
    chain.mine();
    await().atMost(WAIT).until(() -> has(EpochState.INCLUDED, 1));
  }

  @Test
  void shouldNotPutARedeliveredHeaderIntoASecondEpoch() {
    start(new InMemoryEpochStore());
    source.offer(header().seq(0).build(), header().seq(1).build());
    await().atMost(WAIT).until(() -> service.epochs().size() == 1);

    source.offer(header().seq(1).build(), header().seq(2).build(), header().seq(3).build());

    await().atMost(WAIT).until(() -> service.epochs().size() == 2);
    assertThat(service.epochs().get(1).leaves())
        .extracting(LeafRef::key)
        .containsExactly("gw-1:2", "gw-1:3");
  }

  @Test
  void shouldKeepTheHeadersAndRetryWhenStoringASealedEpochFails() {
    InMemoryEpochStore durable = new InMemoryEpochStore();
    AtomicBoolean failNext = new AtomicBoolean(true);
    EpochStore flaky =
        new EpochStore() {
          @Override
          public List<EpochRecord> loadAll() {
            return durable.loadAll();
          }

          @Override
          public void put(EpochRecord record) {
            if (failNext.getAndSet(false)) {
              throw new IllegalStateException("broker unavailable (fake)");
            }
            durable.put(record);
          }

          @Override
          public void close() {}
        };
    start(flaky);

    source.offer(header().seq(0).build(), header().seq(1).build());

    await().atMost(WAIT).until(() -> has(EpochState.SUBMITTED, 1));
    assertThat(durable.writes().get(0).leafCount()).isEqualTo(2);
  }

  @Test
  void shouldNotCommitPastAHeaderThatIsStillInTheOpenEpoch() {
    start(new InMemoryEpochStore());

    // offsets 0..2; epoch order seals gw-a:0 and gw-a:1 (offsets 1 and 2), gw-b:0 stays open
    source.offer(
        header().gateway("gw-b").seq(0).build(),
        header().gateway("gw-a").seq(0).build(),
        header().gateway("gw-a").seq(1).build());

    await().atMost(WAIT).until(() -> source.commits() == 1);
    assertThat(service.epochs().get(0).leaves())
        .extracting(LeafRef::key)
        .containsExactly("gw-a:0", "gw-a:1");
    assertThat(source.commitArgs().get(0)).containsExactly(java.util.Map.entry(0, 0L));
  }

  @Test
  void shouldCloseTheSourceWhenStopped() {
    start(new InMemoryEpochStore());

    service.close();

    assertThat(source.isClosed()).isTrue();
  }

  private boolean has(EpochState state, int count) {
    List<EpochRecord> all = service.epochs();
    return all.size() == count && all.stream().allMatch(e -> e.state() == state);
  }
}
