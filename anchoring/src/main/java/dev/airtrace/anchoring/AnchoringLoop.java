package dev.airtrace.anchoring;

import dev.airtrace.anchoring.epoch.EpochBuilder;
import dev.airtrace.anchoring.state.EpochRecord;
import dev.airtrace.core.lifecycle.IdleStrategy;
import dev.airtrace.core.lifecycle.LoopRunner;
import dev.airtrace.core.lifecycle.ServiceLoop;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * <p>Owns the source and anchorer for its lifetime but not the chain client, signer or store:
 * whoever created those closes them after {@link #close()}. {@link #epochs()} is safe from any
 * thread; everything else is driven by the loop thread, a daemon {@link LoopRunner} named {@code
 * airtrace-anchoring}. A failed round is logged and retried after {@code pollInterval}.
 */
public final class AnchoringLoop implements AutoCloseable {
  /** Default wait per poll: the loop's period when no headers arrive. */
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);

  private static final Logger LOG = LoggerFactory.getLogger(AnchoringLoop.class);

  private final MerkleBatchHeaderSource source;
  private final EpochBuilder builder;
  private final Anchorer anchorer;
  private final Duration pollInterval;
  private final LoopRunner runner;
  private volatile List<EpochRecord> snapshot;

  /** Where each header of the open epoch came from; loop thread only. */
  private final Map<String, PolledHeader> open = new HashMap<>();

  /** A service that starts looping when {@link #start()} is called. */
  public AnchoringLoop(
      MerkleBatchHeaderSource source,
      EpochBuilder builder,
      Anchorer anchorer,
      Duration pollInterval) {
    if (pollInterval == null || pollInterval.isNegative() || pollInterval.isZero()) {
      throw new IllegalArgumentException("pollInterval must be positive, was " + pollInterval);
    }
    this.source = source;
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
        return 1;
      } catch (RuntimeException e) {
        // A store or broker hiccup: nothing was acknowledged, so the next round retries it.
        LOG.error("anchoring loop iteration failed; retrying", e);
        return 0;
      } finally {
        snapshot = anchorer.epochs();
      }
    }

    @Override
    public void onClose() {
      source.close();
    }
  }

  private void iterate() {
    for (PolledHeader p : source.poll(pollInterval)) {
      String key = EpochBuilder.key(p.header());
      if (!anchorer.isSealed(key) && builder.add(p.header())) {
        open.put(key, p);
      }
    }
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

  /** Per partition, the offset of the oldest header still in the open epoch. */
  private Map<Integer, Long> oldestOpenOffsets() {
    Map<Integer, Long> oldest = new HashMap<>();
    for (PolledHeader p : open.values()) {
      oldest.merge(p.partition(), p.offset(), Math::min);
    }
    return oldest;
  }

  /** Stops the loop (after its current iteration) and closes the source; idempotent. */
  @Override
  public void close() {
    runner.close();
  }
}
