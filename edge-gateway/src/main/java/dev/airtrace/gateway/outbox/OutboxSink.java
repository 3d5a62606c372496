package dev.airtrace.gateway.outbox;

import dev.airtrace.core.lifecycle.IdleStrategy;
import dev.airtrace.core.lifecycle.LoopRunner;
import dev.airtrace.core.lifecycle.ServiceLoop;
import dev.airtrace.gateway.kafka.RecordSink;
import dev.airtrace.gateway.kafka.RecordSink.GroupRecord;
import dev.airtrace.gateway.kafka.RecordSinkException;
import dev.airtrace.topics.RecordHeaders;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's disk outbox as a {@link RecordSink}: a record's callback completes once the record
 * is durably appended to the local {@link OutboxLog} (under the configured {@link FsyncPolicy}),
 * not when Kafka has it; a forwarder sends the log to Kafka through a real sink (idempotent, {@code
 * acks=all}) and deletes only what Kafka acknowledged. So the gateway acknowledges MQTT after the
 * local append, and a Kafka outage fills the disk instead of stopping the gateway.
 *
 * <p><b>One thread</b> (a {@link ServiceLoop}, {@code airtrace-outbox-<name>}) does everything that
 * touches the log: each round it (1) deletes what Kafka acknowledged, (2) appends everything {@link
 * #send} handed over since the last round in one write and one fsync (group commit) and then runs
 * those callbacks, (3) sends the live lane, then the backfill lane at its rate, up to {@code
 * maxInFlight} records in flight, (4) once a second drops records older than {@code maxAge} and
 * measures the backlog. Kafka callbacks only enqueue ids and wake it. "Sending" is queueing for a
 * second thread ({@code airtrace-outbox-send-<name>}) that calls the producer, because {@code
 * KafkaProducer.send} blocks without metadata (all through an outage) and appends must not wait.
 *
 * <p><b>Lanes.</b> Records with ids at or above {@code liveFrom} are the live lane, sent in id
 * order as soon as they are appended. A record becomes <em>backfill</em> when it was appended
 * before {@code liveFrom}: {@code liveFrom} starts at the first new id when the outbox opens
 * (whatever a previous run left is backfill), and jumps to the newest id whenever the next live
 * record is older than {@code backfillAfter} (the link was down or behind) or a send failed. The
 * backfill lane is sent in id order at most {@code backfillRate} records per second, after live
 * records, with the Kafka header {@link RecordHeaders#BACKFILL} and its value passed through the
 * {@link BackfillValues} the creator gave (the gateway's adds a {@code "backfill": true} field; the
 * stored record never changes). Per key (device) order therefore holds within each lane; across
 * lanes a device's live readings overtake its backfill, and consumers order by event time and
 * de-duplicate by (device, sequence).
 *
 * <p><b>Failures.</b> A Kafka send failure (the producer's delivery timeout, a fatal producer
 * error, no metadata) closes that producer, leaves every unacknowledged record in the log, and
 * retries with a new producer after a backoff (doubling to {@code retryBackoffMax}), forever: the
 * gateway never stops because Kafka is away. Records in flight at the failure are sent again; if
 * Kafka had them already they are duplicates with the same (device, sequence). A storage failure
 * (disk full) holds the appends (back-pressure: their MQTT messages are not acknowledged), logs one
 * ERROR per episode and retries every second; nothing already in the log is touched.
 *
 * <p>Threading: {@link #send}, {@link #flush} and {@link #close} from the gateway worker (one
 * thread at a time); {@link #status()} from any thread. Callbacks run on the outbox thread.
 * Ownership: the creator closes it; closing closes the log and the Kafka sink.
 */
public final class OutboxSink implements RecordSink {
  private static final Logger LOG = LoggerFactory.getLogger(OutboxSink.class);

  static final String PREFIX = "airtrace.gateway.outbox.";

  /** How long the thread parks when there is nothing to do and nothing in flight. */
  static final Duration IDLE_PARK = Duration.ofMillis(50);

  /** How long it parks while records are in flight or backfill waits for tokens. */
  static final Duration BUSY_PARK = Duration.ofMillis(2);

  /** Wait before retrying a failed disk write. */
  static final Duration DISK_RETRY = Duration.ofSeconds(1);

  /** How often the backlog is measured and expired records dropped. */
  static final Duration HOUSEKEEPING = Duration.ofSeconds(1);

  private static final int READ_CHUNK = 4_096;

  private final OutboxConfig config;
  private final String name;
  private final OutboxLog log;
  private final Supplier<RecordSink> kafkaFactory;
  private final BackfillValues backfillValues;
  private final Clock clock;
  private final Loop loop = new Loop();
  private final LoopRunner runner;
  private final LoopRunner senderRunner;

  // Hand-off from send() to the outbox thread.
  private final Object lock = new Object();
  private List<Pending> pending = new ArrayList<>(); // guarded by lock
  private long submitted; // guarded by lock
  private long completed; // guarded by lock
  private boolean closing; // guarded by lock
  private volatile Thread loopThread;

  // Kafka callbacks to the outbox thread.
  private final ConcurrentLinkedQueue<Long> acked = new ConcurrentLinkedQueue<>();
  private final java.util.concurrent.LinkedBlockingQueue<Outgoing> outgoing =
      new java.util.concurrent.LinkedBlockingQueue<>();
  private final AtomicReference<Exception> sendFailure = new AtomicReference<>();

  // Outbox-thread state.
  private final Map<Long, Long> inFlight = new HashMap<>(); // id -> stored size
  private final List<Pending> awaitingSync = new ArrayList<>();
  private long nextId;
  private long lowWater; // no record below it is in the log
  private long liveFrom;
  private long liveCursor;
  private long backfillCursor;
  private RecordSink kafka;
  private volatile long generation; // read by Kafka callbacks
  private long retryAtMillis;
  private Duration backoff;
  private long diskRetryAtMillis;
  private long diskErrorsInEpisode;
  private long nextSyncMillis;
  private boolean unsynced;
  private double tokens;
  private long tokensAtMillis;
  private long nextHousekeepingMillis;
  private long forwardedAtLastHousekeeping;
  private long lastHousekeepingMillis;
  private Duration closeTimeout = Duration.ZERO;
  private long overflowLoggedAtMillis = Long.MIN_VALUE;
  private long[] deleteIds = new long[1_024];
  private Map<String, byte[]> recoveredState = Map.of(); // set by recover(), before the thread

  // Counters, read by meters and status() on any thread.
  private final AtomicLong backlogRecords = new AtomicLong();
  private final AtomicLong backlogBytes = new AtomicLong();
  private final AtomicLong oldestAppendMillis = new AtomicLong(Long.MAX_VALUE);
  private final AtomicLong drainRate = new AtomicLong();
  private final AtomicLong appended = new AtomicLong();
  private final AtomicLong forwarded = new AtomicLong();
  private final AtomicLong forwardedBackfill = new AtomicLong();
  private final AtomicLong backfillUnmarked = new AtomicLong();
  private final AtomicLong droppedOverflow = new AtomicLong();
  private final AtomicLong droppedExpired = new AtomicLong();
  private final AtomicLong sendFailures = new AtomicLong();
  private final AtomicLong diskErrors = new AtomicLong();
  private volatile boolean linkUp = true;
  private volatile boolean blocked;
  private final Timer fsyncLatency;

  /**
   * What one {@link #send} or {@link #sendGroup} handed over: appended whole, in one write, and
   * completed with one callback.
   */
  private record Pending(
      List<GroupRecord> records, Map<String, byte[]> state, Callback callback, long size) {}

  private static long storedSize(GroupRecord r) {
    return 8L
        + 1
        + 8
        + 2
        + 4
        + r.topic().length()
        + (r.key() == null ? 0 : r.key().length())
        + r.value().length;
  }

  private OutboxSink(
      OutboxConfig config,
      String name,
      OutboxLog log,
      Supplier<RecordSink> kafkaFactory,
      BackfillValues backfillValues,
      Clock clock,
      MeterRegistry registry,
      Tags tags)
      throws IOException {
    this.config = config;
    this.name = name;
    this.log = log;
    this.kafkaFactory = kafkaFactory;
    this.backfillValues = Objects.requireNonNull(backfillValues, "backfillValues");
    this.clock = clock;
    this.backoff = config.retryBackoffInitial();
    recover();
    this.fsyncLatency =
        Timer.builder(PREFIX + "fsync")
            .tags(tags)
            .description("time to force the outbox log to disk (one per append pass)")
            .publishPercentiles(0.5, 0.99)
            .register(registry);
    registerMeters(registry, tags);
    this.senderRunner = LoopRunner.builder(new Sender()).idle(IdleStrategy.none()).build();
    this.runner =
        LoopRunner.builder(loop)
            .idle(IdleStrategy.none())
            .closeTimeout(Duration.ofMinutes(2))
            .build();
  }

  /**
   * Opens an outbox on {@code log} (which it then owns), recovers what the log holds and starts its
   * thread. Records found in the log are sent as backfill.
   *
   * @param name names the thread ({@code airtrace-outbox-<name>}) and the log lines
   * @param kafkaFactory makes the real sink, again after each send failure; it may throw {@link
   *     RecordSinkException} (retried with backoff)
   * @param tags tags of the outbox meters (e.g. the gateway id)
   * @throws IOException if the log cannot be read
   */
  public static OutboxSink open(
      OutboxConfig config,
      String name,
      OutboxLog log,
      Supplier<RecordSink> kafkaFactory,
      Clock clock,
      MeterRegistry registry,
      Tags tags)
      throws IOException {
    return open(config, name, log, kafkaFactory, BackfillValues.UNCHANGED, clock, registry, tags);
  }

  /**
   * Opens an outbox like {@link #open(OutboxConfig, String, OutboxLog, Supplier, Clock,
   * MeterRegistry, Tags)} whose backfill records are sent with their values passed through {@code
   * backfillValues} (e.g. to add a {@code "backfill": true} field) as well as with the header.
   */
  public static OutboxSink open(
      OutboxConfig config,
      String name,
      OutboxLog log,
      Supplier<RecordSink> kafkaFactory,
      BackfillValues backfillValues,
      Clock clock,
      MeterRegistry registry,
      Tags tags)
      throws IOException {
    OutboxSink sink;
    try {
      sink = new OutboxSink(config, name, log, kafkaFactory, backfillValues, clock, registry, tags);
    } catch (IOException | RuntimeException e) {
      log.close();
      throw e;
    }
    sink.senderRunner.start();
    sink.runner.start();
    return sink;
  }

  /** Scans the log: backlog counters, first and next id; everything found becomes backfill. */
  private void recover() throws IOException {
    long from = 0;
    long first = -1;
    long last = -1;
    long records = 0;
    long bytes = 0;
    long oldest = Long.MAX_VALUE;
    List<OutboxRecord> chunk;
    while (!(chunk = log.read(from, Long.MAX_VALUE, READ_CHUNK)).isEmpty()) {
      for (OutboxRecord r : chunk) {
        if (first < 0) {
          first = r.id();
        }
        last = r.id();
        records++;
        bytes += r.storedSize();
        oldest = Math.min(oldest, r.appendedAtMillis());
      }
      from = last + 1;
    }
    recoveredState = Map.copyOf(log.state());
    nextId = last + 1;
    lowWater = first < 0 ? 0 : first;
    liveFrom = nextId;
    liveCursor = nextId;
    backfillCursor = lowWater;
    backlogRecords.set(records);
    backlogBytes.set(bytes);
    oldestAppendMillis.set(oldest);
    long now = clock.millis();
    tokensAtMillis = now;
    lastHousekeepingMillis = now;
    if (records > 0) {
      LOG.info(
          "outbox {}: reopened with {} records ({} KiB) not yet acknowledged by Kafka, oldest"
              + " appended {} ago; they are sent as backfill at up to {} records/s",
          name,
          records,
          bytes / 1024,
          Duration.ofMillis(Math.max(0, now - oldest)),
          config.backfillRate());
    }
  }

  @Override
  public void send(String topic, String key, byte[] value, Callback callback) {
    GroupRecord r = new GroupRecord(topic, key, value);
    hand(new Pending(List.of(r), Map.of(), callback, storedSize(r)));
  }

  /** True: a group is one {@link OutboxLog#append} (one RocksDB {@code WriteBatch}). */
  @Override
  public boolean appendsGroupsAtomically() {
    return true;
  }

  /**
   * Hands over {@code records} as one unit: they are appended in one write (all or none, also
   * across a crash: RocksDB's WAL recovery drops a torn write whole), never split across appends or
   * by the byte bound (a group larger than the free room waits like a single record; one larger
   * than {@code maxBytes} is admitted alone into an empty outbox), and {@code callback} runs once
   * after the write and, with {@code PER_BATCH}, its fsync.
   */
  @Override
  public void sendGroup(List<GroupRecord> records, Callback callback) {
    sendGroup(records, Map.of(), callback);
  }

  /**
   * As {@link #sendGroup(List, Callback)}, and sets the named {@code state} entries in the same
   * atomic write ({@link OutboxLog#append(List, Map)}); {@link #recoveredState()} gives them back
   * after a restart.
   */
  @Override
  public void sendGroup(List<GroupRecord> records, Map<String, byte[]> state, Callback callback) {
    Objects.requireNonNull(callback, "callback");
    if (records.isEmpty() && state.isEmpty()) {
      callback.onCompletion(null);
      return;
    }
    long size = 0;
    for (GroupRecord r : records) {
      size += storedSize(r);
    }
    hand(new Pending(List.copyOf(records), Map.copyOf(state), callback, size));
  }

  /** The state entries found in the log when the outbox opened (empty on a first start). */
  public Map<String, byte[]> recoveredState() {
    return recoveredState;
  }

  private void hand(Pending p) {
    synchronized (lock) {
      if (closing || runner.hasTerminated()) {
        throw new RecordSinkException(
            "outbox " + name + " is closed", runner.failure().orElse(null));
      }
      pending.add(p);
      submitted++;
    }
    Thread t = loopThread;
    if (t != null) {
      LockSupport.unpark(t);
    }
  }

  /** Blocks until every record handed over so far is appended under the fsync policy. */
  @Override
  public void flush() {
    synchronized (lock) {
      long target = submitted;
      while (completed < target) {
        if (runner.hasTerminated()) {
          throw new RecordSinkException("outbox " + name + " stopped before flushing", null);
        }
        try {
          lock.wait(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new RecordSinkException("interrupted while flushing the outbox", e);
        }
      }
    }
  }

  /**
   * Stops the outbox thread: appends what was handed over, gives Kafka up to {@code timeout} to
   * acknowledge what is in flight, deletes that, and closes the Kafka sink and the log. Whatever
   * Kafka did not acknowledge stays in the log for the next run. Idempotent.
   */
  @Override
  public void close(Duration timeout) {
    synchronized (lock) {
      if (closing) {
        return;
      }
      closing = true;
    }
    closeTimeout = timeout;
    runner.requestStop();
    Thread t = loopThread;
    if (t != null) {
      LockSupport.unpark(t);
    }
    runner.stop(timeout.plus(Duration.ofSeconds(30)));
  }

  /** The outbox's counters now. */
  public OutboxStatus status() {
    long oldest = oldestAppendMillis.get();
    return new OutboxStatus(
        backlogRecords.get(),
        backlogBytes.get(),
        oldest == Long.MAX_VALUE ? 0 : Math.max(0, clock.millis() - oldest),
        drainRate.get(),
        linkUp,
        blocked,
        appended.get(),
        forwarded.get(),
        forwardedBackfill.get(),
        droppedOverflow.get(),
        droppedExpired.get());
  }

  /** Bytes the log's files take on disk now. */
  public long diskBytes() {
    return log.diskBytes();
  }

  /** Why the outbox thread stopped (a bug), if it did. */
  public java.util.Optional<Throwable> failure() {
    return runner.failure();
  }

  private void registerMeters(MeterRegistry registry, Tags tags) {
    Gauge.builder(PREFIX + "backlog.records", backlogRecords, AtomicLong::get)
        .tags(tags)
        .description("records in the outbox not yet acknowledged by Kafka")
        .register(registry);
    Gauge.builder(PREFIX + "backlog.bytes", backlogBytes, AtomicLong::get)
        .tags(tags)
        .baseUnit("bytes")
        .description("stored size of the backlog (before compression)")
        .register(registry);
    Gauge.builder(PREFIX + "oldest.age", this, s -> s.status().oldestAgeMillis() / 1000.0)
        .tags(tags)
        .baseUnit("seconds")
        .description("age of the oldest record in the outbox")
        .register(registry);
    Gauge.builder(PREFIX + "drain.rate", drainRate, AtomicLong::get)
        .tags(tags)
        .description("records per second Kafka acknowledged over the last second")
        .register(registry);
    Gauge.builder(PREFIX + "blocked", this, s -> s.blocked ? 1 : 0)
        .tags(tags)
        .description("1 while appends wait (full under BACKPRESSURE, or disk errors)")
        .register(registry);
    Gauge.builder(PREFIX + "link.up", this, s -> s.linkUp ? 1 : 0)
        .tags(tags)
        .description("1 unless the last Kafka send failed")
        .register(registry);
    counter(registry, tags, "appended", appended, "records durably appended");
    counter(registry, tags, "forwarded", forwarded, "records Kafka acknowledged (then deleted)");
    counter(
        registry,
        tags,
        "forwarded.backfill",
        forwardedBackfill,
        "records Kafka acknowledged that were sent as backfill");
    counter(
        registry,
        tags,
        "backfill.unmarked",
        backfillUnmarked,
        "backfill records sent with the header only, their value could not be marked");
    counter(registry, tags, "send.failures", sendFailures, "Kafka send failures (then retried)");
    counter(registry, tags, "disk.errors", diskErrors, "failed writes to the outbox log");
    FunctionCounter.builder(PREFIX + "dropped", droppedOverflow, AtomicLong::get)
        .tags(tags.and("reason", "OVERFLOW"))
        .description("records deleted unsent, by reason")
        .register(registry);
    FunctionCounter.builder(PREFIX + "dropped", droppedExpired, AtomicLong::get)
        .tags(tags.and("reason", "EXPIRED"))
        .description("records deleted unsent, by reason")
        .register(registry);
  }

  private static void counter(
      MeterRegistry registry, Tags tags, String name, AtomicLong value, String description) {
    FunctionCounter.builder(PREFIX + name, value, AtomicLong::get)
        .tags(tags)
        .description(description)
        .register(registry);
  }

  /** The outbox thread. */
  private final class Loop implements ServiceLoop {
    @Override
    public String roleName() {
      return "airtrace-outbox-" + name;
    }

    @Override
    public void onStart() {
      loopThread = Thread.currentThread();
    }

    @Override
    public int doWork() throws IOException {
      long now = clock.millis();
      int work = deleteAcknowledged();
      handleSendFailure(now);
      work += append(now);
      syncOnInterval(now);
      if (now >= nextHousekeepingMillis) {
        housekeeping(now);
      }
      work += forward(now);
      if (work == 0) {
        boolean busy = !inFlight.isEmpty() || backfillCursor < liveFrom;
        LockSupport.parkNanos((busy ? BUSY_PARK : IDLE_PARK).toNanos());
      }
      return work;
    }

    @Override
    public void onClose() {
      try {
        // Everything handed over is appended (or left pending if the disk fails: those records'
        // MQTT messages were never acknowledged, the broker redelivers them).
        for (int i = 0; i < 3 && hasPending(); i++) {
          append(clock.millis());
        }
        if (kafka != null) {
          RecordSink k = kafka;
          kafka = null;
          outgoing.clear();
          k.close(closeTimeout); // waits for what is in flight, fails the rest
        }
        generation++;
        senderRunner.stop(Duration.ofSeconds(5));
        deleteAcknowledged();
        if (unsynced) {
          timedSync();
        }
        LOG.info(
            "outbox {} closed: {} records ({} KiB) stay for the next run",
            name,
            backlogRecords.get(),
            backlogBytes.get() / 1024);
      } catch (IOException e) {
        LOG.error("outbox {}: closing failed: {}", name, e.getMessage());
      } finally {
        log.close();
        failPending(new RecordSinkException("outbox " + name + " closed", null));
      }
    }
  }

  private boolean hasPending() {
    synchronized (lock) {
      return !pending.isEmpty() || !awaitingSync.isEmpty();
    }
  }

  private void failPending(Exception failure) {
    List<Pending> left;
    synchronized (lock) {
      left = pending;
      pending = new ArrayList<>();
    }
    left.addAll(awaitingSync);
    awaitingSync.clear();
    for (Pending p : left) {
      p.callback().onCompletion(failure);
    }
  }

  // ---- append ---------------------------------------------------------------------------------

  private int append(long now) {
    if (now < diskRetryAtMillis) {
      return 0;
    }
    if (!awaitingSync.isEmpty() && !syncAwaiting()) {
      return 0;
    }
    List<Pending> batch;
    synchronized (lock) {
      if (pending.isEmpty()) {
        return 0;
      }
      batch = pending;
      pending = new ArrayList<>();
    }
    int fit = fitting(batch, now);
    if (fit == 0) {
      putBack(batch, 0);
      return 0;
    }
    List<OutboxRecord> records = new ArrayList<>(fit);
    Map<String, byte[]> state = Map.of();
    long bytes = 0;
    for (int i = 0; i < fit; i++) {
      Pending p = batch.get(i);
      if (!p.state().isEmpty()) {
        if (state.isEmpty()) {
          state = new HashMap<>();
        }
        state.putAll(p.state()); // later passes replace earlier values
      }
      for (GroupRecord r : p.records()) {
        records.add(new OutboxRecord(nextId + records.size(), now, r.topic(), r.key(), r.value()));
      }
      bytes += p.size();
    }
    int n = records.size();
    FaultPoints.reach("outbox.before-append");
    try {
      log.append(records, state);
    } catch (IOException e) {
      putBack(batch, 0);
      diskError(e, now);
      return 0;
    }
    FaultPoints.reach("outbox.after-write");
    nextId += n;
    backlogRecords.addAndGet(n);
    backlogBytes.addAndGet(bytes);
    oldestAppendMillis.accumulateAndGet(now, Math::min);
    appended.addAndGet(n);
    if (fit < batch.size()) {
      putBack(batch, fit);
    }
    blocked = fit < batch.size();
    List<Pending> done = batch.subList(0, fit);
    if (config.fsync() == FsyncPolicy.PER_BATCH) {
      awaitingSync.addAll(done);
      if (!syncAwaiting()) {
        return n;
      }
    } else {
      unsynced = true;
      complete(done);
    }
    return n;
  }

  /** fsyncs and completes the appended records waiting for it; false if the fsync failed. */
  private boolean syncAwaiting() {
    try {
      timedSync();
    } catch (IOException e) {
      diskError(e, clock.millis());
      return false;
    }
    FaultPoints.reach("outbox.after-fsync");
    List<Pending> done = new ArrayList<>(awaitingSync);
    awaitingSync.clear();
    complete(done);
    return true;
  }

  private void timedSync() throws IOException {
    long t0 = System.nanoTime();
    log.sync();
    fsyncLatency.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
    unsynced = false;
  }

  private void complete(List<Pending> done) {
    if (diskErrorsInEpisode > 0) {
      LOG.info(
          "outbox {}: the log accepts writes again after {} failed attempts",
          name,
          diskErrorsInEpisode);
      diskErrorsInEpisode = 0;
    }
    for (Pending p : done) {
      p.callback().onCompletion(null);
    }
    synchronized (lock) {
      completed += done.size();
      lock.notifyAll();
    }
    FaultPoints.reach("outbox.after-ack");
  }

  private void syncOnInterval(long now) {
    if (config.fsync() == FsyncPolicy.INTERVAL && unsynced && now >= nextSyncMillis) {
      nextSyncMillis = now + config.fsyncInterval().toMillis();
      try {
        timedSync();
      } catch (IOException e) {
        diskError(e, now);
      }
    }
  }

  /** How many of {@code batch} fit the byte bound (after dropping the oldest, if so configured). */
  private int fitting(List<Pending> batch, long now) {
    long need = 0;
    for (Pending p : batch) {
      need += p.size();
    }
    long over = backlogBytes.get() + need - config.maxBytes();
    if (over > 0 && config.overflow() == OverflowPolicy.DROP_OLDEST) {
      dropOldest(over, now);
    }
    long room = config.maxBytes() - backlogBytes.get();
    int fit = 0;
    for (Pending p : batch) {
      if (p.size() > room && !(fit == 0 && backlogRecords.get() == 0)) {
        break;
      }
      room -= p.size();
      fit++;
    }
    if (fit < batch.size() && !blocked) {
      blocked = true;
      LOG.warn(
          "outbox {} is full ({} records, {} KiB of {} KiB): MQTT messages are not acknowledged"
              + " until Kafka takes records (back-pressure; the broker keeps the rest)",
          name,
          backlogRecords.get(),
          backlogBytes.get() / 1024,
          config.maxBytes() / 1024);
    }
    return fit;
  }

  private void putBack(List<Pending> batch, int from) {
    synchronized (lock) {
      List<Pending> rest = new ArrayList<>(batch.subList(from, batch.size()));
      rest.addAll(pending);
      pending = rest;
    }
  }

  private void diskError(IOException e, long now) {
    diskErrors.incrementAndGet();
    blocked = true;
    diskRetryAtMillis = now + DISK_RETRY.toMillis();
    if (diskErrorsInEpisode++ == 0) {
      LOG.error(
          "outbox {}: cannot write the log ({}); MQTT messages are not acknowledged until it can"
              + " (back-pressure), retrying every {}; nothing in the outbox is lost",
          name,
          e.getMessage(),
          DISK_RETRY);
    }
  }

  // ---- drop -----------------------------------------------------------------------------------

  private void dropOldest(long bytesNeeded, long now) {
    long freed = 0;
    long dropped = 0;
    long from = lowWater;
    while (freed < bytesNeeded) {
      List<OutboxRecord> chunk;
      try {
        chunk = log.read(from, nextId, READ_CHUNK);
      } catch (IOException e) {
        diskError(e, now);
        break;
      }
      if (chunk.isEmpty()) {
        break;
      }
      List<OutboxRecord> victims = new ArrayList<>();
      for (OutboxRecord r : chunk) {
        from = r.id() + 1;
        if (freed >= bytesNeeded) {
          break;
        }
        if (!inFlight.containsKey(r.id())) {
          victims.add(r);
          freed += r.storedSize();
        }
      }
      if (!deleteRecords(victims, now)) {
        break;
      }
      dropped += victims.size();
    }
    if (dropped > 0) {
      droppedOverflow.addAndGet(dropped);
      if (now - overflowLoggedAtMillis >= 10_000) {
        overflowLoggedAtMillis = now;
        LOG.warn(
            "outbox {} is full: dropped the {} oldest unsent records (DROP_OLDEST; {} dropped in"
                + " all, metric {}dropped, reason OVERFLOW)",
            name,
            dropped,
            droppedOverflow.get(),
            PREFIX);
      }
    }
  }

  /** Deletes unsent records (dropped or expired) and takes them off the backlog counters. */
  private boolean deleteRecords(List<OutboxRecord> records, long now) {
    if (records.isEmpty()) {
      return true;
    }
    long[] ids = new long[records.size()];
    long bytes = 0;
    for (int i = 0; i < ids.length; i++) {
      ids[i] = records.get(i).id();
      bytes += records.get(i).storedSize();
    }
    try {
      log.delete(ids, ids.length);
    } catch (IOException e) {
      diskError(e, now);
      return false;
    }
    backlogRecords.addAndGet(-ids.length);
    backlogBytes.addAndGet(-bytes);
    return true;
  }

  // ---- forward --------------------------------------------------------------------------------

  private int deleteAcknowledged() throws IOException {
    int n = 0;
    long bytes = 0;
    long backfill = 0;
    Long id;
    while ((id = acked.poll()) != null) {
      long real = id < 0 ? -id - 1 : id;
      Long size = inFlight.remove(real);
      if (size == null) {
        continue; // acknowledged after a failure had already written it off: it is re-sent
      }
      if (n == deleteIds.length) {
        deleteIds = java.util.Arrays.copyOf(deleteIds, n * 2);
      }
      if (id < 0) {
        backfill++;
      }
      deleteIds[n++] = real;
      bytes += size;
    }
    if (n == 0) {
      return 0;
    }
    FaultPoints.reach("outbox.after-send");
    if (n >= 2 && FaultPoints.isArmed("outbox.mid-delete")) {
      log.delete(deleteIds, n / 2);
      FaultPoints.reach("outbox.mid-delete");
    }
    // A failed delete only means a re-send after a restart; the records are in Kafka.
    try {
      log.delete(deleteIds, n);
    } catch (IOException e) {
      diskError(e, clock.millis());
    }
    backlogRecords.addAndGet(-n);
    backlogBytes.addAndGet(-bytes);
    forwarded.addAndGet(n);
    forwardedBackfill.addAndGet(backfill);
    if (!linkUp) {
      linkUp = true;
      backoff = config.retryBackoffInitial();
      LOG.info(
          "outbox {}: Kafka acknowledges again; {} records wait, backfill at up to {} records/s",
          name,
          backlogRecords.get(),
          config.backfillRate());
    }
    return n;
  }

  private void handleSendFailure(long now) throws IOException {
    Exception failure = sendFailure.getAndSet(null);
    if (failure == null) {
      return;
    }
    sendFailures.incrementAndGet();
    if (linkUp) {
      LOG.warn(
          "outbox {}: Kafka send failed ({}); {} records stay in the outbox and are retried with a"
              + " new producer in {} (backing off to {}); the gateway keeps acknowledging MQTT",
          name,
          failure.toString(),
          backlogRecords.get(),
          backoff,
          config.retryBackoffMax());
    }
    linkUp = false;
    closeKafka();
    deleteAcknowledged(); // acknowledgements that raced with the failure
    inFlight.clear();
    becomeBackfill();
    retryAtMillis = now + backoff.toMillis();
    backoff = min(backoff.multipliedBy(2), config.retryBackoffMax());
  }

  private void closeKafka() {
    RecordSink k = kafka;
    kafka = null;
    generation++;
    outgoing.clear();
    if (k != null) {
      try {
        k.close(Duration.ZERO);
      } catch (RuntimeException e) {
        LOG.debug("closing the failed producer: {}", e.toString());
      }
    }
  }

  /** Everything appended so far and not acknowledged is backfill from now on. */
  private void becomeBackfill() {
    liveFrom = nextId;
    liveCursor = nextId;
    backfillCursor = lowWater;
  }

  private int forward(long now) throws IOException {
    if (kafka == null) {
      if (now < retryAtMillis) {
        return 0;
      }
      try {
        kafka = kafkaFactory.get();
        generation++;
      } catch (RuntimeException e) {
        sendFailures.incrementAndGet();
        LOG.warn(
            "outbox {}: cannot create the Kafka producer: {}; retrying in {}", name, e, backoff);
        retryAtMillis = now + backoff.toMillis();
        backoff = min(backoff.multipliedBy(2), config.retryBackoffMax());
        return 0;
      }
    }
    int window = config.maxInFlight() - inFlight.size();
    if (window <= 0) {
      return 0;
    }
    int sent = 0;
    long staleBefore = now - config.backfillAfter().toMillis();
    while (liveCursor < nextId && sent < window) {
      List<OutboxRecord> live = log.read(liveCursor, nextId, window - sent);
      if (live.isEmpty()) {
        liveCursor = nextId; // deleted unsent (dropped) meanwhile
        break;
      }
      if (live.get(0).appendedAtMillis() < staleBefore) {
        // Fell behind: what waited longer than backfillAfter is backfill now, and the live lane
        // starts at the first record young enough (further on if this chunk has none).
        int young = 0;
        while (young < live.size() && live.get(young).appendedAtMillis() < staleBefore) {
          young++;
        }
        long from = young < live.size() ? live.get(young).id() : live.get(young - 1).id() + 1;
        LOG.info(
            "outbox {}: the forwarder is {} behind; records before id {} are backfill now",
            name,
            Duration.ofMillis(now - live.get(0).appendedAtMillis()),
            from);
        liveFrom = from;
        liveCursor = from;
        live = live.subList(young, live.size());
      }
      for (OutboxRecord r : live) {
        if (!send(r, false)) {
          return sent;
        }
        liveCursor = r.id() + 1;
        sent++;
      }
    }
    if (backfillCursor < liveFrom && sent < window) {
      sent += forwardBackfill(now, window - sent);
    }
    return sent;
  }

  private int forwardBackfill(long now, int window) throws IOException {
    long elapsed = now - tokensAtMillis;
    tokensAtMillis = now;
    tokens = Math.min(config.backfillRate(), tokens + elapsed * config.backfillRate() / 1000.0);
    int allowed = (int) Math.min(window, Math.floor(tokens));
    if (allowed <= 0) {
      return 0;
    }
    int sent = 0;
    long expireBefore = now - config.maxAge().toMillis();
    List<OutboxRecord> expired = new ArrayList<>();
    while (sent < allowed && backfillCursor < liveFrom) {
      List<OutboxRecord> chunk = log.read(backfillCursor, liveFrom, allowed - sent);
      if (chunk.isEmpty()) {
        backfillCursor = liveFrom;
        LOG.info("outbox {}: backfill sent; {} records wait for Kafka", name, inFlight.size());
        break;
      }
      for (OutboxRecord r : chunk) {
        if (inFlight.containsKey(r.id())) {
          backfillCursor = r.id() + 1; // sent in the live lane before it fell behind
          continue;
        }
        if (r.appendedAtMillis() < expireBefore) {
          expired.add(r);
          backfillCursor = r.id() + 1;
          continue;
        }
        if (!send(r, true)) {
          tokens -= sent;
          expire(expired, now);
          return sent;
        }
        backfillCursor = r.id() + 1;
        sent++;
      }
    }
    tokens -= sent;
    expire(expired, now);
    return sent;
  }

  /** Hands one record to Kafka; false if the hand-over failed (the failure is then pending). */
  private boolean send(OutboxRecord r, boolean backfill) {
    inFlight.put(r.id(), r.storedSize());
    outgoing.add(new Outgoing(kafka, generation, r, backfill));
    return true;
  }

  /** A record for the sender thread, tagged with the producer (generation) it is meant for. */
  private record Outgoing(
      RecordSink sink, long generation, OutboxRecord record, boolean backfill) {}

  /**
   * Hands records to Kafka on a thread of its own, in queue order: {@code KafkaProducer.send}
   * blocks while it has no metadata (up to {@code max.block.ms}, e.g. all through an outage), and
   * that must never hold up appends, so the outbox thread only queues. Records queued for a
   * producer that has since failed are skipped (they are re-read from the log).
   */
  private final class Sender implements ServiceLoop {
    @Override
    public String roleName() {
      return "airtrace-outbox-send-" + name;
    }

    @Override
    public int doWork() throws InterruptedException {
      Outgoing o = outgoing.poll(IDLE_PARK.toMillis(), TimeUnit.MILLISECONDS);
      if (o == null) {
        return 0;
      }
      int n = 0;
      for (; o != null; o = outgoing.poll()) {
        if (o.generation() != generation) {
          continue; // that producer failed: the record was written off and is re-read
        }
        handOver(o);
        n++;
      }
      return n;
    }
  }

  private void handOver(Outgoing o) {
    long gen = o.generation();
    long id = o.record().id();
    boolean backfill = o.backfill();
    OutboxRecord r = o.record();
    Callback callback =
        failure -> {
          if (failure == null) {
            acked.add(backfill ? -id - 1 : id); // negative: sent as backfill
          } else if (gen == generation) {
            sendFailure.compareAndSet(null, failure);
          }
          Thread t = loopThread;
          if (t != null) {
            LockSupport.unpark(t);
          }
        };
    try {
      if (backfill) {
        o.sink()
            .send(
                r.topic(),
                r.key(),
                backfillValue(r),
                Map.of(RecordHeaders.BACKFILL, BACKFILL_TRUE),
                callback);
      } else {
        o.sink().send(r.topic(), r.key(), r.value(), callback);
      }
    } catch (RuntimeException e) {
      if (gen == generation) {
        sendFailure.compareAndSet(null, e);
        Thread t = loopThread;
        if (t != null) {
          LockSupport.unpark(t);
        }
      }
    }
  }

  private static final byte[] BACKFILL_TRUE = RecordHeaders.backfillTrue();

  /**
   * The value a backfill record is sent with. A value that cannot be marked is still sent (the
   * header marks it; refusing it would stall the lane for good) and counted, never dropped.
   */
  private byte[] backfillValue(OutboxRecord r) {
    try {
      return backfillValues.mark(r.topic(), r.value());
    } catch (RuntimeException e) {
      if (backfillUnmarked.getAndIncrement() == 0) {
        LOG.warn(
            "outbox {}: backfill record {} on {} sent without the value marker (header only): {}"
                + " (counted in {}backfill.unmarked, logged once)",
            name,
            r.id(),
            r.topic(),
            e.toString(),
            PREFIX);
      }
      return r.value();
    }
  }

  // ---- housekeeping ---------------------------------------------------------------------------

  private void housekeeping(long now) throws IOException {
    nextHousekeepingMillis = now + HOUSEKEEPING.toMillis();
    long f = forwarded.get();
    long dt = now - lastHousekeepingMillis;
    if (dt > 0) {
      drainRate.set((f - forwardedAtLastHousekeeping) * 1000 / dt);
    }
    forwardedAtLastHousekeeping = f;
    lastHousekeepingMillis = now;
    // Expire what is too old (oldest first: ids follow append time), then find the oldest left.
    long expireBefore = now - config.maxAge().toMillis();
    List<OutboxRecord> expired = new ArrayList<>();
    List<OutboxRecord> head = log.read(lowWater, nextId, READ_CHUNK);
    OutboxRecord oldest = null;
    for (OutboxRecord r : head) {
      if (r.appendedAtMillis() < expireBefore && !inFlight.containsKey(r.id())) {
        expired.add(r);
      } else {
        oldest = r;
        break;
      }
    }
    expire(expired, now);
    if (oldest != null) {
      lowWater = oldest.id();
      oldestAppendMillis.set(oldest.appendedAtMillis());
    } else {
      // empty, or a whole chunk expired: the next pass looks further
      lowWater = head.isEmpty() ? nextId : head.get(head.size() - 1).id() + 1;
      oldestAppendMillis.set(head.isEmpty() ? Long.MAX_VALUE : oldestAppendMillis.get());
    }
  }

  private void expire(List<OutboxRecord> expired, long now) {
    if (expired.isEmpty() || !deleteRecords(expired, now)) {
      return;
    }
    droppedExpired.addAndGet(expired.size());
    LOG.warn(
        "outbox {}: dropped {} records older than {} unsent (metric {}dropped, reason EXPIRED;"
            + " {} in all)",
        name,
        expired.size(),
        config.maxAge(),
        PREFIX,
        droppedExpired.get());
    expired.clear();
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
