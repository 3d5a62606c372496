package dev.airtrace.serving.batching;

import dev.airtrace.core.lifecycle.LoopRunner;
import dev.airtrace.core.lifecycle.ServiceLoop;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A dynamic micro-batcher: callers {@link #submit} inputs into one bounded queue; worker threads
 * take the oldest input and wait at most {@code maxDelay} (counted from when that input was queued)
 * for more, until the batch holds {@code maxBatch} rows, then hand the batch to the {@link
 * ServingBatchRunner}. An input that would overflow the batch starts the worker's next batch
 * instead.
 *
 * <p>A worker collecting a batch is woken only when the queue holds a full batch, when the oldest
 * input's delay runs out, or on close, never once per arriving input: per-input wake-ups would cost
 * two context switches per row, which dominates on a one- or two-core box.
 *
 * <p>Every submitted input is answered exactly once: with its prediction, with the error that
 * concerned it, or, after {@link #close()}, with a {@link QueueFullException} if it never ran.
 *
 * <p>Thread-safe: submit from any thread. Meters ({@code airtrace.serving.*}): batch size histogram
 * (rows), queue depth, queue wait, batch inference time and end-to-end latency timers, inferences
 * (rows) and batches counters.
 */
public final class ServingBatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ServingBatcher.class);
  private static final Duration IDLE_CHECK = Duration.ofMillis(100);

  private final ServingBatchConfig config;
  private final ServingBatchRunner runner;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  private final Condition batchReady = lock.newCondition();
  private final Condition notFull = lock.newCondition();
  private final ArrayDeque<ServingBatchSlot> queue = new ArrayDeque<>(); // guarded by lock
  private int queuedRows; // guarded by lock
  private volatile int depth;
  private final List<LoopRunner> workers = new ArrayList<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final DistributionSummary batchRows;
  private final Timer queueWait;
  private final Timer batchTime;
  private final Timer latency;
  private final Counter inferences;
  private final Counter batches;

  /** Creates the batcher and starts its workers. */
  public ServingBatcher(
      ServingBatchConfig config, ServingBatchRunner runner, MeterRegistry registry) {
    this.config = Objects.requireNonNull(config, "config");
    this.runner = Objects.requireNonNull(runner, "runner");
    this.batchRows =
        DistributionSummary.builder("airtrace.serving.batch.size")
            .description("rows per model run")
            .baseUnit("rows")
            .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256, 512)
            .register(registry);
    Gauge.builder("airtrace.serving.queue.depth", this, ServingBatcher::queueDepth)
        .description("inputs waiting for a batch")
        .register(registry);
    this.queueWait = timer(registry, "airtrace.serving.queue.wait", "time from submit to batch");
    this.batchTime =
        timer(registry, "airtrace.serving.inference.time", "one batch: tensor, model run, split");
    this.latency =
        timer(registry, "airtrace.serving.latency", "time from submit to answer (queue+inference)");
    this.inferences =
        Counter.builder("airtrace.serving.inferences")
            .description("rows run through the model")
            .baseUnit("rows")
            .register(registry);
    this.batches =
        Counter.builder("airtrace.serving.batches").description("model runs").register(registry);
    for (int i = 0; i < config.workers(); i++) {
      workers.add(LoopRunner.builder(new BatchWorker(i)).daemon(true).start());
    }
  }

  private static Timer timer(MeterRegistry registry, String name, String description) {
    return Timer.builder(name)
        .description(description)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(10))
        .register(registry);
  }

  /** The configuration this batcher runs with. */
  public ServingBatchConfig config() {
    return config;
  }

  /**
   * Queues an input without blocking.
   *
   * @return the input's prediction; failed with {@link QueueFullException} when the queue is at
   *     capacity or the batcher is closed
   */
  public CompletableFuture<Prediction> submit(ServingBatchInput input) {
    ServingBatchSlot slot = new ServingBatchSlot(input, System.nanoTime());
    lock.lock();
    try {
      if (closed.get()) {
        slot.fail(new QueueFullException("the batcher is shutting down", true));
      } else if (queue.size() >= config.queueCapacity()) {
        slot.fail(
            new QueueFullException(
                "the queue is full (" + config.queueCapacity() + " waiting inputs)", false));
      } else {
        enqueue(slot);
      }
    } finally {
      lock.unlock();
    }
    return slot.future();
  }

  /**
   * Queues an input, waiting while the queue is full: back-pressure for a source that must not drop
   * input (the Kafka consumer).
   *
   * @throws InterruptedException when interrupted while waiting
   */
  public CompletableFuture<Prediction> submitAwaiting(ServingBatchInput input)
      throws InterruptedException {
    ServingBatchSlot slot = new ServingBatchSlot(input, System.nanoTime());
    lock.lockInterruptibly();
    try {
      while (!closed.get() && queue.size() >= config.queueCapacity()) {
        notFull.await(IDLE_CHECK.toMillis(), TimeUnit.MILLISECONDS);
      }
      if (closed.get()) {
        slot.fail(new QueueFullException("the batcher is shutting down", true));
      } else {
        enqueue(slot);
      }
    } finally {
      lock.unlock();
    }
    return slot.future();
  }

  /** Caller holds the lock. */
  private void enqueue(ServingBatchSlot slot) {
    queue.addLast(slot);
    queuedRows += slot.input().rows();
    depth = queue.size();
    if (queue.size() == 1) {
      notEmpty.signal();
    }
    if (queuedRows >= config.maxBatch()) {
      batchReady.signal();
    }
  }

  /** Inputs waiting for a batch now. */
  public int queueDepth() {
    return depth;
  }

  /**
   * One worker: each round takes the next batch (waiting inside {@link #nextBatch()}, so the runner
   * never idles) and runs it; finishes once the batcher is closed and drained.
   */
  private final class BatchWorker implements ServiceLoop {
    private final String role;

    BatchWorker(int index) {
      this.role = "airtrace-batcher-" + index;
    }

    @Override
    public String roleName() {
      return role;
    }

    @Override
    public int doWork() throws InterruptedException {
      List<ServingBatchSlot> batch = nextBatch();
      if (batch == null) {
        return DONE;
      }
      int rows = 0;
      for (ServingBatchSlot s : batch) {
        rows += s.input().rows();
      }
      runBatch(batch, rows);
      return batch.size();
    }
  }

  /**
   * Waits for the oldest input, then until the queue holds {@code maxBatch} rows or that input's
   * delay has run out (or the batcher closes), and takes at most {@code maxBatch} rows in order; an
   * input larger than {@code maxBatch} is taken alone. Returns null once closed and drained.
   */
  private List<ServingBatchSlot> nextBatch() throws InterruptedException {
    long maxDelayNanos = config.maxDelay().toNanos();
    lock.lockInterruptibly();
    try {
      while (queue.isEmpty()) {
        if (closed.get()) {
          return null;
        }
        notEmpty.await(IDLE_CHECK.toMillis(), TimeUnit.MILLISECONDS);
      }
      while (queuedRows < config.maxBatch() && !closed.get()) {
        ServingBatchSlot head = queue.peekFirst();
        if (head == null) {
          break;
        }
        long wait = head.enqueuedNanos() + maxDelayNanos - System.nanoTime();
        if (wait <= 0) {
          break;
        }
        batchReady.awaitNanos(Math.min(wait, IDLE_CHECK.toNanos()));
      }
      if (queue.isEmpty()) {
        return List.of(); // another worker took it
      }
      List<ServingBatchSlot> batch = new ArrayList<>();
      int rows = 0;
      while (!queue.isEmpty()) {
        int next = queue.peekFirst().input().rows();
        if (!batch.isEmpty() && rows + next > config.maxBatch()) {
          break;
        }
        batch.add(queue.pollFirst());
        rows += next;
        queuedRows -= next;
        if (rows >= config.maxBatch()) {
          break;
        }
      }
      depth = queue.size();
      notFull.signalAll();
      if (!queue.isEmpty()) {
        notEmpty.signal(); // let another idle worker start on the rest
        if (queuedRows >= config.maxBatch()) {
          batchReady.signal();
        }
      }
      return batch;
    } finally {
      lock.unlock();
    }
  }

  private void runBatch(List<ServingBatchSlot> batch, int rows) {
    if (batch.isEmpty()) {
      return;
    }
    long start = System.nanoTime();
    for (ServingBatchSlot s : batch) {
      queueWait.record(start - s.enqueuedNanos(), TimeUnit.NANOSECONDS);
    }
    try {
      runner.run(batch, config.maxBatch());
    } catch (RuntimeException | Error e) {
      LOG.warn("batch of {} rows failed: {}", rows, e.toString());
      for (ServingBatchSlot s : batch) {
        s.fail(e);
      }
    }
    for (ServingBatchSlot s : batch) {
      if (!s.done()) {
        s.fail(new IllegalStateException("the batch runner left this input unanswered"));
      }
    }
    long end = System.nanoTime();
    for (ServingBatchSlot s : batch) {
      latency.record(end - s.enqueuedNanos(), TimeUnit.NANOSECONDS);
    }
    batchTime.record(end - start, TimeUnit.NANOSECONDS);
    batchRows.record(rows);
    inferences.increment(rows);
    batches.increment();
  }

  /**
   * Stops accepting input, lets the workers run what is already queued (for at most {@code
   * drainTimeout}), then fails whatever is left.
   */
  public void close(Duration drainTimeout) {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    lock.lock();
    try {
      notEmpty.signalAll();
      batchReady.signalAll();
      notFull.signalAll();
    } finally {
      lock.unlock();
    }
    long deadline = System.nanoTime() + drainTimeout.toNanos();
    for (LoopRunner w : workers) {
      try {
        w.awaitTermination(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    workers.forEach(LoopRunner::interrupt);
    lock.lock();
    try {
      ServingBatchSlot left;
      while ((left = queue.pollFirst()) != null) {
        left.fail(new QueueFullException("the batcher stopped before this input ran", true));
      }
      queuedRows = 0;
      depth = 0;
      notFull.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** {@link #close(Duration)} with a 10 s drain. */
  @Override
  public void close() {
    close(Duration.ofSeconds(10));
  }
}
