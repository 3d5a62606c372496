package dev.airtrace.gateway.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.airtrace.gateway.kafka.RecordSink;
import dev.airtrace.gateway.kafka.RecordSinkException;
import dev.airtrace.gateway.outbox.ScriptedKafka.Mode;
import dev.airtrace.gateway.outbox.ScriptedKafka.Sent;
import dev.airtrace.gateway.outbox.rocksdb.RocksOutboxLogs;
import dev.airtrace.localstack.TestWaits;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The outbox on a real RocksDB log in a temporary directory, with a scripted Kafka sink. */
class OutboxSinkTest {
  private static final Duration WAIT = TestWaits.atMost(Duration.ofSeconds(20));

  @TempDir Path dir;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<OutboxSink> opened = new ArrayList<>();

  @AfterEach
  void closeAll() {
    opened.forEach(o -> o.close(Duration.ZERO));
  }

  private OutboxSink open(OutboxConfig config, Supplier<RecordSink> kafka) throws IOException {
    return open(config, kafka, Clock.systemUTC(), RocksOutboxLogs.open(dir));
  }

  private OutboxSink open(
      OutboxConfig config, Supplier<RecordSink> kafka, Clock clock, OutboxLog log)
      throws IOException {
    OutboxSink sink = OutboxSink.open(config, "test", log, kafka, clock, registry, Tags.empty());
    opened.add(sink);
    return sink;
  }

  private static OutboxConfig config() {
    return OutboxConfig.builder()
        .retryBackoff(Duration.ofMillis(20), Duration.ofMillis(50))
        .build();
  }

  /** Sends {@code n} records with values {@code prefix0..}, keys alternating d1/d2. */
  private static AtomicInteger sendAll(RecordSink sink, String prefix, int n) {
    AtomicInteger completed = new AtomicInteger();
    for (int i = 0; i < n; i++) {
      sink.send(
          "t",
          i % 2 == 0 ? "d1" : "d2",
          (prefix + i).getBytes(StandardCharsets.UTF_8),
          failure -> {
            if (failure == null) {
              completed.incrementAndGet();
            }
          });
    }
    return completed;
  }

  private static List<String> values(List<Sent> sent) {
    return sent.stream().map(Sent::value).toList();
  }

  @Test
  void shouldAcknowledgeAfterAppendAndForwardEveryRecordInAppendOrder() throws IOException {
    ScriptedKafka kafka = new ScriptedKafka(Mode.ACK);
    OutboxSink outbox = open(config(), () -> kafka);

    AtomicInteger completed = sendAll(outbox, "r", 100);
    outbox.flush();

    assertThat(completed).hasValue(100);
    await().atMost(WAIT).until(() -> outbox.status().forwarded() == 100);
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      expected.add("r" + i);
    }
    assertThat(values(kafka.sent())).containsExactlyElementsOf(expected);
    assertThat(kafka.sent()).noneMatch(Sent::backfill);
    assertThat(outbox.status().backlogRecords()).isZero();
    assertThat(outbox.status().backlogBytes()).isZero();
    assertThat(registry.get("airtrace.gateway.outbox.appended").functionCounter().count())
        .isEqualTo(100.0);
    assertThat(registry.get("airtrace.gateway.outbox.forwarded").functionCounter().count())
        .isEqualTo(100.0);
  }

  @Test
  void shouldAcknowledgeWhileKafkaHoldsEverythingAndKeepItOnDisk() throws IOException {
    ScriptedKafka kafka = new ScriptedKafka(Mode.HOLD);
    OutboxSink outbox = open(config(), () -> kafka);

    AtomicInteger completed = sendAll(outbox, "r", 10);
    outbox.flush();

    assertThat(completed).hasValue(10);
    // stored size of "t"/"d1"/"r0": 8 + 1 + 8 + 2 + 4 + 1 + 2 + 2 = 28 bytes
    assertThat(outbox.status().backlogRecords()).isEqualTo(10);
    assertThat(outbox.status().backlogBytes()).isEqualTo(10 * 28);
    assertThat(outbox.status().forwarded()).isZero();
  }

  @Test
  void shouldSendBackfillValuesThroughTheGivenMarkerAndLiveValuesUnchanged() throws IOException {
    ScriptedKafka silent = new ScriptedKafka(Mode.HOLD);
    OutboxSink first = open(config(), () -> silent);
    sendAll(first, "r", 3);
    first.flush();
    first.close(Duration.ZERO);

    ScriptedKafka kafka = new ScriptedKafka(Mode.ACK);
    BackfillValues marker = (topic, value) -> utf8(topic + ":B:" + utf8(value));
    OutboxSink second =
        track(
            OutboxSink.open(
                config(),
                "test",
                RocksOutboxLogs.open(dir),
                () -> kafka,
                marker,
                Clock.systemUTC(),
                new SimpleMeterRegistry(),
                Tags.empty()));
    await().atMost(WAIT).until(() -> second.status().backlogRecords() == 0);
    sendAll(second, "live", 1);
    await().atMost(WAIT).until(() -> kafka.sent().size() == 4);

    assertThat(kafka.sent())
        .extracting(Sent::value, Sent::backfill)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("t:B:r0", true),
            org.assertj.core.groups.Tuple.tuple("t:B:r1", true),
            org.assertj.core.groups.Tuple.tuple("t:B:r2", true),
            org.assertj.core.groups.Tuple.tuple("live0", false));
  }

  @Test
  void shouldSendABackfillValueTheMarkerRefusesUnchangedWithTheHeaderAndCountIt()
      throws IOException {
    ScriptedKafka silent = new ScriptedKafka(Mode.HOLD);
    OutboxSink first = open(config(), () -> silent);
    sendAll(first, "r", 2);
    first.flush();
    first.close(Duration.ZERO);

    ScriptedKafka kafka = new ScriptedKafka(Mode.ACK);
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    OutboxSink second =
        track(
            OutboxSink.open(
                config(),
                "test",
                RocksOutboxLogs.open(dir),
                () -> kafka,
                (topic, value) -> {
                  throw new IllegalArgumentException("not JSON");
                },
                Clock.systemUTC(),
                meters,
                Tags.empty()));
    await().atMost(WAIT).until(() -> second.status().backlogRecords() == 0);

    assertThat(kafka.sent())
        .extracting(Sent::value, Sent::backfill)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("r0", true),
            org.assertj.core.groups.Tuple.tuple("r1", true));
    assertThat(meters.get("airtrace.gateway.outbox.backfill.unmarked").functionCounter().count())
        .isEqualTo(2.0);
  }

  private OutboxSink track(OutboxSink sink) {
    opened.add(sink);
    return sink;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  @Test
  void shouldResendWhatKafkaNeverAcknowledgedAfterARestartMarkedAsBackfill() throws IOException {
    ScriptedKafka silent = new ScriptedKafka(Mode.HOLD);
    OutboxSink first = open(config(), () -> silent);
    sendAll(first, "r", 10);
    first.flush();
    first.close(Duration.ZERO);
    assertThat(silent.closed).isTrue();

    ScriptedKafka kafka = new ScriptedKafka(Mode.ACK);
    OutboxSink second = open(config(), () -> kafka);

    assertThat(second.status().backlogRecords()).isEqualTo(10);
    await().atMost(WAIT).until(() -> second.status().backlogRecords() == 0);
    assertThat(values(kafka.sent()))
        .containsExactly("r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9");
    assertThat(kafka.sent()).allMatch(Sent::backfill);
    assertThat(second.status().forwardedBackfill()).isEqualTo(10);
    second.close(Duration.ZERO);

    ScriptedKafka third = new ScriptedKafka(Mode.ACK);
    OutboxSink reopened = open(config(), () -> third);
    assertThat(reopened.status().backlogRecords()).isZero();
  }

  @Test
  void shouldRetryWithANewProducerAfterASendFailureAndNeverExit() throws IOException {
    ScriptedKafka broken = new ScriptedKafka(Mode.FAIL);
    ScriptedKafka healthy = new ScriptedKafka(Mode.ACK);
    AtomicInteger created = new AtomicInteger();
    Supplier<RecordSink> factory = () -> created.incrementAndGet() <= 3 ? broken : healthy;
    OutboxSink outbox = open(config(), factory);

    AtomicInteger completed = sendAll(outbox, "r", 20);
    outbox.flush();

    assertThat(completed).hasValue(20);
    await().atMost(WAIT).until(() -> outbox.status().forwarded() == 20);
    assertThat(created.get()).isGreaterThanOrEqualTo(4);
    assertThat(values(healthy.sent())).hasSize(20).doesNotHaveDuplicates();
    assertThat(outbox.status().linkUp()).isTrue();
    assertThat(registry.get("airtrace.gateway.outbox.send.failures").functionCounter().count())
        .isGreaterThanOrEqualTo(3.0);
    assertThat(outbox.failure()).isEmpty();
  }

  @Test
  void shouldSendLiveRecordsBeforeARateLimitedBackfill() throws IOException {
    ScriptedKafka silent = new ScriptedKafka(Mode.HOLD);
    OutboxSink first = open(config(), () -> silent);
    sendAll(first, "old", 200);
    first.flush();
    first.close(Duration.ZERO);

    ScriptedKafka kafka = new ScriptedKafka(Mode.ACK);
    OutboxSink second = open(config().toBuilder().backfillRate(20).build(), () -> kafka);
    sendAll(second, "live", 5);
    second.flush();

    await().atMost(WAIT).until(() -> values(kafka.sent()).contains("live4"));
    List<Sent> sent = kafka.sent();
    // At 20 records/s with a bucket of at most one second, the five live records are out while
    // at most about 20-40 of the 200 backfill records are.
    assertThat(sent.stream().filter(Sent::backfill).count()).isLessThan(100);
    assertThat(sent.stream().filter(s -> s.value().startsWith("live")))
        .extracting(Sent::value, Sent::backfill)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("live0", false),
            org.assertj.core.groups.Tuple.tuple("live1", false),
            org.assertj.core.groups.Tuple.tuple("live2", false),
            org.assertj.core.groups.Tuple.tuple("live3", false),
            org.assertj.core.groups.Tuple.tuple("live4", false));
    // the backfill lane keeps its own order
    List<String> backfill = sent.stream().filter(Sent::backfill).map(Sent::value).toList();
    for (int i = 0; i < backfill.size(); i++) {
      assertThat(backfill.get(i)).isEqualTo("old" + i);
    }
  }

  @Test
  void shouldTurnUnsentRecordsIntoBackfillWhenTheForwarderFallsBehind() throws IOException {
    ScriptedKafka kafka = new ScriptedKafka(Mode.HOLD);
    MutableClock clock = new MutableClock();
    OutboxSink outbox =
        open(
            config().toBuilder().maxInFlight(3).backfillAfter(Duration.ofSeconds(30)).build(),
            () -> kafka,
            clock,
            RocksOutboxLogs.open(dir));
    sendAll(outbox, "a", 6); // 3 go out and hang, 3 wait on disk
    outbox.flush();
    await().atMost(WAIT).until(() -> kafka.sent().size() == 3);

    clock.advance(Duration.ofSeconds(31));
    sendAll(outbox, "b", 2);
    outbox.flush();
    kafka.mode(Mode.ACK);
    kafka.acknowledgeHeld();

    await().atMost(WAIT).until(() -> outbox.status().backlogRecords() == 0);
    List<Sent> sent = kafka.sent();
    assertThat(values(sent)).containsExactly("a0", "a1", "a2", "b0", "b1", "a3", "a4", "a5");
    assertThat(sent)
        .extracting(Sent::backfill)
        .containsExactly(false, false, false, false, false, true, true, true);
  }

  @Test
  void shouldStopAcknowledgingWhenFullUnderBackpressureAndResumeWhenKafkaTakesRecords()
      throws IOException {
    ScriptedKafka kafka = new ScriptedKafka(Mode.HOLD);
    OutboxConfig config = config().toBuilder().maxBytes(OutboxConfig.MIN_MAX_BYTES).build();
    OutboxSink outbox = open(config, () -> kafka);
    byte[] value = new byte[100 * 1024];
    AtomicInteger completed = new AtomicInteger();
    for (int i = 0; i < 15; i++) {
      outbox.send("t", "d", value, f -> completed.incrementAndGet());
    }

    // stored size 8 + 1 + 8 + 2 + 4 + 1 + 1 + 102,400 = 102,425; 10 fit in 1 MiB (1,048,576)
    await().atMost(WAIT).until(() -> completed.get() == 10 && outbox.status().blocked());
    assertThat(outbox.status().backlogBytes()).isEqualTo(10 * 102_425L);
    assertThat(outbox.status().droppedOverflow()).isZero();

    kafka.mode(Mode.ACK);
    kafka.acknowledgeHeld();

    await().atMost(WAIT).until(() -> completed.get() == 15);
    await().atMost(WAIT).until(() -> outbox.status().backlogRecords() == 0);
    assertThat(outbox.status().blocked()).isFalse();
  }

  @Test
  void shouldAppendAGroupInOneWriteAndCompleteItOnceAfterItsFsync() throws IOException {
    ScriptedKafka kafka = new ScriptedKafka(Mode.HOLD);
    RecordingLog log = new RecordingLog(RocksOutboxLogs.open(dir));
    OutboxSink outbox = open(config(), () -> kafka, Clock.systemUTC(), log);
    AtomicInteger groupCompletions = new AtomicInteger();

    assertThat(outbox.appendsGroupsAtomically()).isTrue();
    outbox.send("t", "d1", "a".getBytes(StandardCharsets.UTF_8), f -> {});
    outbox.sendGroup(
        List.of(
            new RecordSink.GroupRecord("t", "d1", "g0".getBytes(StandardCharsets.UTF_8)),
            new RecordSink.GroupRecord("t", "d2", "g1".getBytes(StandardCharsets.UTF_8)),
            new RecordSink.GroupRecord("h", "gw:0", "g2".getBytes(StandardCharsets.UTF_8))),
        failure -> {
          if (failure == null) {
            groupCompletions.incrementAndGet();
          }
        });
    outbox.send("t", "d2", "b".getBytes(StandardCharsets.UTF_8), f -> {});
    outbox.flush();

    assertThat(groupCompletions).hasValue(1);
    assertThat(outbox.status().backlogRecords()).isEqualTo(5);
    // Whatever the group commit put together, g0..g2 went down in the same write, in order.
    assertThat(log.appends())
        .filteredOn(values -> values.contains("g0"))
        .singleElement()
        .satisfies(values -> assertThat(values).containsSubsequence("g0", "g1", "g2"));
    assertThat(log.syncs).hasPositiveValue();
  }

  @Test
  void shouldStoreAGroupsStateInItsWriteAndGiveItBackAfterAReopenButNeverAsARecord()
      throws IOException {
    ScriptedKafka kafka = new ScriptedKafka(Mode.ACK);
    OutboxSink first = open(config(), () -> kafka);
    assertThat(first.recoveredState()).isEmpty();
    first.sendGroup(
        List.of(new RecordSink.GroupRecord("t", "d1", "r0".getBytes(StandardCharsets.UTF_8))),
        java.util.Map.of("s/d1", "v1".getBytes(StandardCharsets.UTF_8)),
        f -> {});
    first.sendGroup(
        List.of(new RecordSink.GroupRecord("t", "d1", "r1".getBytes(StandardCharsets.UTF_8))),
        java.util.Map.of("s/d1", "v2".getBytes(StandardCharsets.UTF_8)),
        f -> {});
    first.flush();
    await().atMost(WAIT).until(() -> first.status().backlogRecords() == 0);
    first.close(Duration.ZERO);

    OutboxSink reopened = open(config(), () -> new ScriptedKafka(Mode.ACK));

    assertThat(reopened.recoveredState()).containsOnlyKeys("s/d1");
    assertThat(new String(reopened.recoveredState().get("s/d1"), StandardCharsets.UTF_8))
        .isEqualTo("v2");
    assertThat(reopened.status().backlogRecords()).isZero();
    assertThat(values(kafka.sent())).containsExactly("r0", "r1");
  }

  @Test
  void shouldNeverSplitAGroupAtTheByteBoundButHoldItWhole() throws IOException {
    ScriptedKafka kafka = new ScriptedKafka(Mode.HOLD);
    OutboxConfig config = config().toBuilder().maxBytes(OutboxConfig.MIN_MAX_BYTES).build();
    OutboxSink outbox = open(config, () -> kafka);
    AtomicInteger completed = new AtomicInteger();
    // stored sizes: 8 + 1 + 8 + 2 + 4 + 1 + 1 + 614,400 = 614,425 for the single record and
    // 8 + 1 + 8 + 2 + 4 + 1 + 1 + 307,200 = 307,225 for each group record: the first group record
    // would still fit into 1 MiB (921,650 <= 1,048,576), the second would not.
    outbox.send("t", "d", new byte[600 * 1024], f -> completed.incrementAndGet());
    outbox.sendGroup(
        List.of(
            new RecordSink.GroupRecord("t", "d", new byte[300 * 1024]),
            new RecordSink.GroupRecord("t", "d", new byte[300 * 1024])),
        f -> completed.addAndGet(10));

    await().atMost(WAIT).until(() -> completed.get() == 1 && outbox.status().blocked());
    assertThat(outbox.status().backlogRecords()).isEqualTo(1);
    assertThat(outbox.status().backlogBytes()).isEqualTo(614_425L);

    kafka.mode(Mode.ACK);
    kafka.acknowledgeHeld();

    await().atMost(WAIT).until(() -> completed.get() == 11);
    await().atMost(WAIT).until(() -> outbox.status().forwarded() == 3);
  }

  @Test
  void shouldDropTheOldestUnderDropOldestAndCountEveryDrop() throws IOException {
    Supplier<RecordSink> down =
        () -> {
          throw new RecordSinkException("no broker", null);
        };
    OutboxConfig config =
        config().toBuilder()
            .maxBytes(OutboxConfig.MIN_MAX_BYTES)
            .overflow(OverflowPolicy.DROP_OLDEST)
            .build();
    OutboxSink outbox = open(config, down);
    AtomicInteger completed = new AtomicInteger();
    for (int i = 0; i < 15; i++) {
      byte[] value = new byte[100 * 1024];
      value[0] = (byte) i;
      outbox.send("t", "d", value, f -> completed.incrementAndGet());
    }
    outbox.flush();

    assertThat(completed).hasValue(15);
    // 10 records of 102,425 bytes fit 1 MiB; the 5 oldest made room for the 5 newest
    assertThat(outbox.status().droppedOverflow()).isEqualTo(5);
    assertThat(outbox.status().backlogRecords()).isEqualTo(10);
    assertThat(
            registry
                .get("airtrace.gateway.outbox.dropped")
                .tag("reason", "OVERFLOW")
                .functionCounter()
                .count())
        .isEqualTo(5.0);
    outbox.close(Duration.ZERO);
    try (OutboxLog log = RocksOutboxLogs.open(dir)) {
      assertThat(log.read(0, Long.MAX_VALUE, 100))
          .extracting(r -> (int) r.value()[0])
          .containsExactly(5, 6, 7, 8, 9, 10, 11, 12, 13, 14);
    }
  }

  @Test
  void shouldDropRecordsOlderThanTheMaximumAgeAndCountThem() throws IOException {
    Supplier<RecordSink> down =
        () -> {
          throw new RecordSinkException("no broker", null);
        };
    MutableClock clock = new MutableClock();
    OutboxSink outbox =
        open(
            config().toBuilder().maxAge(Duration.ofHours(1)).build(),
            down,
            clock,
            RocksOutboxLogs.open(dir));
    sendAll(outbox, "r", 3);
    outbox.flush();
    clock.advance(Duration.ofMinutes(30));
    sendAll(outbox, "s", 2);
    outbox.flush();

    clock.advance(Duration.ofMinutes(31)); // the first 3 are 61 min old, the other 2 are 31
    await().atMost(WAIT).until(() -> outbox.status().droppedExpired() == 3);
    assertThat(outbox.status().backlogRecords()).isEqualTo(2);
    await()
        .atMost(WAIT)
        .until(() -> outbox.status().oldestAgeMillis() == Duration.ofMinutes(31).toMillis());
  }

  @Test
  void shouldHoldAppendsOnADiskErrorAndRecoverWhenTheDiskWorksAgain() throws IOException {
    FailingLog log = new FailingLog(RocksOutboxLogs.open(dir));
    ScriptedKafka kafka = new ScriptedKafka(Mode.ACK);
    OutboxSink outbox = open(config(), () -> kafka, Clock.systemUTC(), log);
    sendAll(outbox, "ok", 2);
    outbox.flush();

    log.failing = true;
    AtomicInteger completed = sendAll(outbox, "r", 5);
    await().atMost(WAIT).until(() -> outbox.status().blocked());
    assertThat(completed).hasValue(0);
    assertThat(registry.get("airtrace.gateway.outbox.disk.errors").functionCounter().count())
        .isGreaterThanOrEqualTo(1.0);

    log.failing = false;
    await().atMost(WAIT).until(() -> completed.get() == 5);
    await().atMost(WAIT).until(() -> outbox.status().forwarded() == 7);
    assertThat(values(kafka.sent())).containsExactly("ok0", "ok1", "r0", "r1", "r2", "r3", "r4");
    assertThat(outbox.status().blocked()).isFalse();
  }

  @Test
  void shouldFsyncOncePerAppendPassUnderPerBatchAndNeverUnderNone() throws IOException {
    ScriptedKafka kafka = new ScriptedKafka(Mode.ACK);
    CountingLog counting = new CountingLog(RocksOutboxLogs.open(dir));
    OutboxSink outbox = open(config(), () -> kafka, Clock.systemUTC(), counting);
    sendAll(outbox, "r", 50);
    outbox.flush();
    assertThat(counting.syncs.get()).isEqualTo(counting.appends.get()).isPositive();
    outbox.close(Duration.ZERO);

    CountingLog none = new CountingLog(RocksOutboxLogs.open(dir));
    OutboxSink noSync =
        open(
            config().toBuilder().fsync(FsyncPolicy.NONE).build(),
            () -> kafka,
            Clock.systemUTC(),
            none);
    sendAll(noSync, "s", 50);
    noSync.flush();
    assertThat(none.appends.get()).isPositive();
    assertThat(none.syncs.get()).isZero();
  }

  @Test
  void shouldRefuseRecordsAfterClose() throws IOException {
    OutboxSink outbox = open(config(), () -> new ScriptedKafka(Mode.ACK));
    outbox.close(Duration.ZERO);
    assertThatThrownBy(() -> outbox.send("t", "d", new byte[1], f -> {}))
        .isInstanceOf(RecordSinkException.class);
  }

  /** A log whose writes fail while {@link #failing}, like a full disk. */
  static final class FailingLog extends ForwardingLog {
    volatile boolean failing;

    FailingLog(OutboxLog delegate) {
      super(delegate);
    }

    @Override
    public void append(List<OutboxRecord> records) throws IOException {
      if (failing) {
        throw new IOException("No space left on device");
      }
      super.append(records);
    }

    @Override
    public void sync() throws IOException {
      if (failing) {
        throw new IOException("No space left on device");
      }
      super.sync();
    }
  }

  /** Counts appends and fsyncs. */
  static final class CountingLog extends ForwardingLog {
    final AtomicLong appends = new AtomicLong();
    final AtomicLong syncs = new AtomicLong();

    CountingLog(OutboxLog delegate) {
      super(delegate);
    }

    @Override
    public void append(List<OutboxRecord> records) throws IOException {
      appends.incrementAndGet();
      super.append(records);
    }

    @Override
    public void sync() throws IOException {
      syncs.incrementAndGet();
      super.sync();
    }
  }

  /** Remembers the values of every append, one list per write. */
  static final class RecordingLog extends ForwardingLog {
    private final List<List<String>> appends = new ArrayList<>();
    final AtomicLong syncs = new AtomicLong();

    RecordingLog(OutboxLog delegate) {
      super(delegate);
    }

    @Override
    public void append(List<OutboxRecord> records) throws IOException {
      List<String> values = new ArrayList<>();
      records.forEach(r -> values.add(new String(r.value(), StandardCharsets.UTF_8)));
      synchronized (appends) {
        appends.add(values);
      }
      super.append(records);
    }

    @Override
    public void sync() throws IOException {
      syncs.incrementAndGet();
      super.sync();
    }

    List<List<String>> appends() {
      synchronized (appends) {
        return List.copyOf(appends);
      }
    }
  }

  static class ForwardingLog implements OutboxLog {
    private final OutboxLog delegate;

    ForwardingLog(OutboxLog delegate) {
      this.delegate = delegate;
    }

    @Override
    public void append(List<OutboxRecord> records) throws IOException {
      delegate.append(records);
    }

    @Override
    public void append(List<OutboxRecord> records, java.util.Map<String, byte[]> state)
        throws IOException {
      if (state.isEmpty()) {
        append(records); // through the subclass's override
      } else {
        delegate.append(records, state);
      }
    }

    @Override
    public java.util.Map<String, byte[]> state() throws IOException {
      return delegate.state();
    }

    @Override
    public void sync() throws IOException {
      delegate.sync();
    }

    @Override
    public List<OutboxRecord> read(long fromId, long toId, int max) throws IOException {
      return delegate.read(fromId, toId, max);
    }

    @Override
    public void delete(long[] ids, int count) throws IOException {
      delegate.delete(ids, count);
    }

    @Override
    public long diskBytes() {
      return delegate.diskBytes();
    }

    @Override
    public void close() {
      delegate.close();
    }
  }

  /** A clock the test moves. */
  static final class MutableClock extends Clock {
    private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public long millis() {
      return now.toEpochMilli();
    }
  }
}
