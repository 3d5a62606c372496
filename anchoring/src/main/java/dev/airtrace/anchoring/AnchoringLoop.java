package dev.airtrace.anchoring;

import dev.airtrace.anchoring.epoch.EpochBuilder;
import dev.airtrace.anchoring.state.EpochRecord;
import dev.airtrace.core.deadletter.DeadLetter;
import dev.airtrace.core.deadletter.RejectReason;
import dev.airtrace.core.integrity.BatchHeader;
import dev.airtrace.core.lifecycle.Closeables;
import dev.airtrace.core.lifecycle.IdleStrategy;
import dev.airtrace.core.lifecycle.LoopRunner;
import dev.airtrace.core.lifecycle.ServiceLoop;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The anchoring poll loop on its own thread: poll headers (waiting at most {@code pollInterval}),
 * add the ones not yet sealed to the open epoch, seal and persist due epochs, commit the consumed
 * offsets, then {@link Anchorer#tick()}. Sealing does not depend on the chain, so a chain outage
 * only grows the backlog of SEALED epochs.
 *
 * <p>Offsets are committed after each seal, per partition up to the oldest header still in the open
 * epoch, so a crash re-delivers exactly the headers that are not in a stored epoch (plus, at worst,
 * those of the last epoch if the crash fell between storing it and committing; they are recognised
 * as sealed and dropped).
 *
 * <p>Headers the loop cannot take become dead letters ({@link HeaderDeadLetters}) and are counted
 * by reason ({@link #deadLettered}): records that do not decode ({@link
 * RejectReason#UNDECODABLE_RECORD}) and headers whose {@code gatewayId:seq} was already taken with
 * other content, in the open epoch or in a retained sealed one ({@link
 * RejectReason#CONFLICTING_BATCH_HEADER}; the first one taken stays). A dead letter is stored
 * before the offsets that move past its header are committed; one that cannot be stored is retried
 * in the next round, and no commit happens until it is.
 *
 * <p>Owns the source and anchorer for its lifetime but not the chain client, signer or store:
 * whoever created those closes them after {@link #close()}. {@link #epochs()} is safe from any
 * thread; everything else is driven by the loop thread, a daemon {@link LoopRunner} named {@code
 * airtrace-anchoring}. A failed round is logged and retried after {@code pollInterval}.
 */
public final class AnchoringLoop implements AutoCloseable {
  /** Default wait per poll: the loop's period when no headers arrive. */
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);

  private static final Logger LOG = LoggerFactory.getLogger(AnchoringLoop.class);

  /** The {@code gatewayId} field of this service's dead letters. */
  public static final String DEAD_LETTER_ORIGIN = "airtrace-anchoring";

  private final MerkleBatchHeaderSource source;
  private final HeaderDeadLetters deadLetters;
  private final Clock clock;
  private final Map<RejectReason, AtomicLong> deadLettered = new EnumMap<>(RejectReason.class);

  /** Dead letters not stored yet (a failed publish); loop thread only. */
  private final Deque<Pending> unpublished = new ArrayDeque<>();

  private final EpochBuilder builder;
  private final Anchorer anchorer;
  private final Duration pollInterval;
  private final LoopRunner runner;
  private volatile List<EpochRecord> snapshot;
  private volatile int openHeaders;
  private volatile boolean lastRoundFailed;
  private final AtomicLong failedRounds = new AtomicLong();

  /** Where each header of the open epoch came from; loop thread only. */
  private final Map<String, PolledHeader> open = new HashMap<>();

  /**
   * A service that starts looping when {@link #start()} is called.
   *
   * @param deadLetters where headers that do not decode or conflict go
   * @param clock stamps the dead letters
   */
  public AnchoringLoop(
      MerkleBatchHeaderSource source,
      EpochBuilder builder,
      Anchorer anchorer,
      Duration pollInterval,
      HeaderDeadLetters deadLetters,
      Clock clock) {
    if (pollInterval == null || pollInterval.isNegative() || pollInterval.isZero()) {
      throw new IllegalArgumentException("pollInterval must be positive, was " + pollInterval);
    }
    this.source = source;
    this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
    this.clock = Objects.requireNonNull(clock, "clock");
    for (RejectReason r :
        List.of(RejectReason.UNDECODABLE_RECORD, RejectReason.CONFLICTING_BATCH_HEADER)) {
      deadLettered.put(r, new AtomicLong());
    }
    this.builder = builder;
    this.anchorer = anchorer;
    this.pollInterval = pollInterval;
    this.snapshot = anchorer.epochs();
    this.runner =
        LoopRunner.builder(new Loop())
            .idle(IdleStrategy.park(pollInterval)) // only after a failed round
            .daemon(true)
            .closeTimeout(pollInterval.plusSeconds(30))
            .build();
  }

  /** Starts the loop thread. */
  public AnchoringLoop start() {
    runner.start();
    return this;
  }

  /**
   * Headers dead-lettered so far with {@code reason} ({@code UNDECODABLE_RECORD} or {@code
   * CONFLICTING_BATCH_HEADER}; 0 for any other); safe from any thread.
   */
  public long deadLettered(RejectReason reason) {
    AtomicLong n = deadLettered.get(reason);
    return n == null ? 0 : n.get();
  }

  /** Headers received but not yet in a sealed epoch, as of the end of the last loop iteration. */
  public int openHeaders() {
    return openHeaders;
  }

  /** Loop rounds that failed (a store or broker outage) since start; safe from any thread. */
  public long failedRounds() {
    return failedRounds.get();
  }

  /** Whether the last round failed; it is retried after the poll interval. */
  public boolean lastRoundFailed() {
    return lastRoundFailed;
  }

  /** Every epoch's latest record as of the end of the last loop iteration. */
  public List<EpochRecord> epochs() {
    return snapshot;
  }

  /** The poll loop; closes the source when it ends. */
  private final class Loop implements ServiceLoop {
    @Override
    public String roleName() {
      return "airtrace-anchoring";
    }

    /** One round; counts as work even when no header came, because the poll already waited. */
    @Override
    public int doWork() {
      try {
        iterate();
        lastRoundFailed = false;
        return 1;
      } catch (RuntimeException e) {
        // A store or broker hiccup: nothing was acknowledged, so the next round retries it.
        LOG.error("anchoring loop iteration failed; retrying", e);
        failedRounds.incrementAndGet();
        lastRoundFailed = true;
        return 0;
      } finally {
        snapshot = anchorer.epochs();
        openHeaders = open.size();
      }
    }

    @Override
    public void onClose() {
      Closeables.closeAll(source, deadLetters);
    }
  }

  private void iterate() {
    List<PolledHeader> polled = source.poll(pollInterval);
    for (UnreadableHeader u : source.drainUnreadable()) {
      unpublished.add(
          new Pending(
              u.key(),
              deadLetter(RejectReason.UNDECODABLE_RECORD, u.error(), u.source(), u.value())));
    }
    for (PolledHeader p : polled) {
      BatchHeader h = p.header();
      String key = EpochBuilder.key(h);
      Optional<String> sealedHash = anchorer.sealedLeafHash(key);
      if (sealedHash.isPresent()) {
        // A redelivery after a restart is expected; the same key with another leaf is not.
        if (!sealedHash.get().equals(HexFormat.of().formatHex(h.leafHash()))) {
          unpublished.add(
              conflict(p, "a sealed epoch holds it with leaf hash " + sealedHash.get()));
        }
        continue;
      }
      Optional<BatchHeader> taken = builder.conflictInOpenEpoch(h);
      if (taken.isPresent()) {
        unpublished.add(conflict(p, "the open epoch holds " + taken.get()));
        continue;
      }
      if (builder.add(h)) {
        open.put(key, p);
      }
    }
    publishDeadLetters();
    boolean sealedAny = false;
    Optional<EpochRecord> sealed;
    while ((sealed = builder.sealIfDue(anchorer.nextEpochSeq(), anchorer::accept)).isPresent()) {
      sealed.get().leaves().forEach(l -> open.remove(l.key()));
      sealedAny = true;
    }
    if (sealedAny) {
      source.commit(oldestOpenOffsets());
    }
    anchorer.tick();
  }

  /** Stores the pending dead letters in order; throws (so nothing is committed) on a failure. */
  private void publishDeadLetters() {
    Pending next;
    while ((next = unpublished.peek()) != null) {
      deadLetters.publish(next.key(), next.deadLetter());
      unpublished.remove();
      deadLettered.get(next.deadLetter().reason()).incrementAndGet();
      LOG.warn(
          "dead-lettered batch header {} from {}: {} ({})",
          next.key(),
          next.deadLetter().source(),
          next.deadLetter().reason(),
          next.deadLetter().detail());
    }
  }

  private Pending conflict(PolledHeader p, String taken) {
    BatchHeader h = p.header();
    String key = EpochBuilder.key(h);
    return new Pending(
        key,
        deadLetter(
            RejectReason.CONFLICTING_BATCH_HEADER,
            "batch header "
                + key
                + " conflicts with the one already taken ("
                + taken
                + "); kept the first, a gateway must never sign two headers with one seq",
            p.source(),
            p.bytes()));
  }

  private DeadLetter deadLetter(RejectReason reason, String detail, String source, byte[] bytes) {
    return new DeadLetter(reason, detail, source, bytes, null, DEAD_LETTER_ORIGIN, clock.millis());
  }

  /** A dead letter to store under {@code key}. */
  private record Pending(String key, DeadLetter deadLetter) {}

  /** Per partition, the offset of the oldest header still in the open epoch. */
  private Map<Integer, Long> oldestOpenOffsets() {
    Map<Integer, Long> oldest = new HashMap<>();
    for (PolledHeader p : open.values()) {
      oldest.merge(p.partition(), p.offset(), Math::min);
    }
    return oldest;
  }

  /**
   * Stops the loop (after its current iteration) and closes the source and the dead-letter sink;
   * idempotent.
   */
  @Override
  public void close() {
    runner.close();
  }
}
