package dev.airtrace.core.lifecycle;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the thread of one {@link ServiceLoop}: starts it, asks it to stop, waits for it, interrupts
 * it, and keeps the failure that ended it.
 *
 * <pre>{@code
 * LoopRunner runner = LoopRunner.builder(loop).idle(IdleStrategy.park(interval)).start();
 * ...
 * runner.close(); // requestStop(), then wait up to the close timeout
 * runner.failure().ifPresent(...);
 * }</pre>
 *
 * <p>The loop ends when a stop is requested (checked before every round; the round in progress
 * finishes), when {@link ServiceLoop#doWork()} returns {@link ServiceLoop#DONE}, when a round
 * throws, or when the thread is interrupted; then {@link ServiceLoop#onClose()} runs on the loop
 * thread. An interrupt is a stop, not a failure: {@link InterruptedException}, and any exception
 * thrown while the thread's interrupt status is set (how Kafka's {@code InterruptException} and
 * NIO's {@code ClosedByInterruptException} arrive), end the loop without being recorded, and {@code
 * onClose} runs with the interrupt status set. Any other exception is recorded ({@link #failure()}:
 * the first one; later ones, e.g. from {@code onClose}, are added to it as suppressed) and logged
 * once at ERROR with the role name.
 *
 * <p>Closing a runner that was never started runs {@code onClose} on the closing thread, so the
 * loop's resources are released either way.
 *
 * <p>Thread-safe: {@link #start()} once from any thread; {@link #requestStop()}, {@link
 * #interrupt()}, {@link #awaitTermination}, {@link #stop}, {@link #close()} and {@link #failure()}
 * from any thread, any number of times.
 */
public final class LoopRunner implements AutoCloseable {
  /** How long {@link #close()} waits for the loop by default. */
  public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private static final Logger LOG = LoggerFactory.getLogger(LoopRunner.class);

  private final ServiceLoop loop;
  private final IdleStrategy idle;
  private final Duration closeTimeout;
  private final String role;
  private final Thread thread;
  private final CountDownLatch terminated = new CountDownLatch(1);
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private volatile boolean stopRequested;
  private boolean started; // guarded by this
  private boolean closed; // guarded by this

  private LoopRunner(Builder b) {
    this.loop = b.loop;
    this.idle = b.idle;
    this.closeTimeout = b.closeTimeout;
    this.role = loop.roleName();
    this.thread = new Thread(null, this::run, role, b.stackSize);
    this.thread.setDaemon(b.daemon);
  }

  /** A runner for {@code loop}: no idling, non-daemon thread, default stack and close timeout. */
  public static Builder builder(ServiceLoop loop) {
    return new Builder(loop);
  }

  /**
   * Starts the loop thread. Call once.
   *
   * @throws IllegalStateException when already started or closed
   */
  public synchronized LoopRunner start() {
    if (started || closed) {
      throw new IllegalStateException(role + " is " + (closed ? "closed" : "already started"));
    }
    started = true;
    thread.start();
    return this;
  }

  /** The loop's role (and its thread's name). */
  public String roleName() {
    return role;
  }

  /** Asks the loop to stop after its current round and wakes it if it idles. Never blocks. */
  public void requestStop() {
    stopRequested = true;
    LockSupport.unpark(thread);
  }

  /** Whether a stop was requested (the loop may still be finishing its round or closing). */
  public boolean isStopRequested() {
    return stopRequested;
  }

  /**
   * Requests a stop and interrupts the loop thread, abandoning a round blocked in a wait; the
   * loop's {@code onClose} runs with the interrupt status set.
   */
  public void interrupt() {
    requestStop();
    synchronized (this) {
      if (started) {
        thread.interrupt();
      }
    }
  }

  /**
   * Waits until the loop thread has finished ({@code onClose} included).
   *
   * @return {@code true} if it finished within {@code timeout}; {@code false} if not, or if the
   *     runner was never started
   */
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    synchronized (this) {
      if (!started && !closed) {
        return false;
      }
    }
    return terminated.await(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
  }

  /**
   * {@link #requestStop()}, then waits up to {@code timeout}. An interrupt of the waiting thread
   * ends the wait early and is kept in its interrupt status.
   *
   * @return whether the loop has finished
   */
  public boolean stop(Duration timeout) {
    requestStop();
    if (Thread.currentThread() == thread) {
      return false; // the loop itself asked; it stops after this round
    }
    try {
      return awaitTermination(timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return hasTerminated();
    }
  }

  /** Whether the loop thread was started and has not finished yet. */
  public boolean isAlive() {
    synchronized (this) {
      if (!started) {
        return false;
      }
    }
    return !hasTerminated();
  }

  /** Whether the loop thread has finished, {@code onClose} included. */
  public boolean hasTerminated() {
    return terminated.getCount() == 0;
  }

  /** Whether the calling thread is this runner's loop thread. */
  public boolean isLoopThread() {
    return Thread.currentThread() == thread;
  }

  /** The failure that ended the loop (interrupts are not failures), if any. */
  public Optional<Throwable> failure() {
    return Optional.ofNullable(failure.get());
  }

  /**
   * Stops the loop and waits up to the close timeout (logging a warning when it does not finish in
   * time); runs {@code onClose} on this thread when the runner never started. Idempotent; a call
   * from the loop thread itself only requests the stop.
   */
  @Override
  public void close() {
    boolean runOnCaller;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      runOnCaller = !started;
    }
    if (runOnCaller) {
      stopRequested = true;
      try {
        loop.onClose();
      } catch (Throwable t) {
        record(t);
      } finally {
        terminated.countDown();
      }
      return;
    }
    if (!stop(closeTimeout) && !isLoopThread()) {
      LOG.warn("{} did not stop within {}", role, closeTimeout);
    }
  }

  private void run() {
    try {
      try {
        loop.onStart();
        while (!stopRequested && !Thread.currentThread().isInterrupted()) {
          int work = loop.doWork();
          if (work == ServiceLoop.DONE) {
            break;
          }
          if (!stopRequested) {
            idle.idle(work);
          }
        }
      } catch (Throwable t) {
        record(t);
      }
      try {
        loop.onClose();
      } catch (Throwable t) {
        record(t);
      }
    } finally {
      terminated.countDown();
    }
  }

  private void record(Throwable t) {
    if (t instanceof InterruptedException) {
      Thread.currentThread().interrupt();
      LOG.debug("{} interrupted", role);
      return;
    }
    if (isLoopThread() && Thread.currentThread().isInterrupted()) {
      LOG.debug("{} interrupted: {}", role, t.toString());
      return;
    }
    if (failure.compareAndSet(null, t)) {
      LOG.error("{} stopped by a failure", role, t);
    } else if (failure.get() != t) {
      failure.get().addSuppressed(t);
      LOG.warn("{} failed again while closing: {}", role, t.toString());
    }
  }

  /**
   * How a {@link LoopRunner} runs its loop. Defaults: {@link IdleStrategy#none()}, a non-daemon
   * thread with the JVM's default stack size, {@link #DEFAULT_CLOSE_TIMEOUT}. Not thread-safe.
   */
  public static final class Builder {
    private final ServiceLoop loop;
    private IdleStrategy idle = IdleStrategy.none();
    private boolean daemon;
    private long stackSize;
    private Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;

    private Builder(ServiceLoop loop) {
      this.loop = Objects.requireNonNull(loop, "loop");
    }

    /** What the thread does after a round. */
    public Builder idle(IdleStrategy idle) {
      this.idle = Objects.requireNonNull(idle, "idle");
      return this;
    }

    /** Whether the thread is a daemon (does not keep the JVM alive). */
    public Builder daemon(boolean daemon) {
      this.daemon = daemon;
      return this;
    }

    /**
     * The thread's stack size in bytes ({@code 0}: the JVM default); for loops that run native
     * initialisation deeper than the default allows.
     */
    public Builder stackSizeBytes(long stackSize) {
      if (stackSize < 0) {
        throw new IllegalArgumentException("stack size must be >= 0 but was " + stackSize);
      }
      this.stackSize = stackSize;
      return this;
    }

    /** How long {@link LoopRunner#close()} waits for the loop. */
    public Builder closeTimeout(Duration closeTimeout) {
      Objects.requireNonNull(closeTimeout, "closeTimeout");
      if (closeTimeout.isNegative()) {
        throw new IllegalArgumentException("close timeout must be >= 0 but was " + closeTimeout);
      }
      this.closeTimeout = closeTimeout;
      return this;
    }

    /** The runner, not started. */
    public LoopRunner build() {
      return new LoopRunner(this);
    }

    /** The runner, started. */
    public LoopRunner start() {
      return build().start();
    }
  }
}
