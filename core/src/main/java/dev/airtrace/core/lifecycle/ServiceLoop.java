package dev.airtrace.core.lifecycle;

/**
 * The body of a service loop, run by a {@link LoopRunner} on its own thread: {@link #onStart()}
 * once, then {@link #doWork()} round after round until a stop is requested, the loop reports {@link
 * #DONE}, a round throws, or the thread is interrupted, then {@link #onClose()} once.
 *
 * <p>A round does one bounded unit of work and returns how much it did; the runner's {@link
 * IdleStrategy} decides what happens after a round that did nothing. A loop that blocks in its own
 * poll (a queue or a Kafka consumer with a timeout) does its idling there and runs with {@link
 * IdleStrategy#none()}.
 *
 * <p>A loop that must finish its work before stopping (drain a queue, flush a producer) does that
 * in {@link #onClose()}, which also runs after a failure or an interrupt: it sees the interrupt
 * status set after an interrupt, so it can tell a stop it should drain from one it must abandon.
 *
 * <p>Threading: every method is called on the runner's thread only (or, when the runner is closed
 * without ever starting, {@link #onClose()} on the closing thread), so a loop's state needs no
 * synchronisation unless other threads read it.
 */
public interface ServiceLoop {

  /** What {@link #doWork()} returns when the loop has finished by itself (drained, failed). */
  int DONE = -1;

  /** The loop's role, which also names the runner's thread (e.g. {@code airtrace-anchoring}). */
  String roleName();

  /**
   * Runs once on the loop thread before the first round (subscribe, open what the thread owns).
   *
   * @throws Exception to fail the loop before its first round; {@link #onClose()} still runs
   */
  default void onStart() throws Exception {}

  /**
   * One round of work.
   *
   * @return how much work the round did ({@code 0}: nothing, so the runner may idle), or {@link
   *     #DONE} when the loop has finished and the runner should stop
   * @throws InterruptedException when interrupted while waiting: the runner stops without recording
   *     a failure
   * @throws Exception any other failure stops the loop and becomes the runner's {@link
   *     LoopRunner#failure()}
   */
  int doWork() throws Exception;

  /**
   * Runs once on the loop thread after the last round, whatever ended the loop: finish or abandon
   * work, release what the thread owns. A failure thrown here is recorded like one from {@link
   * #doWork()}.
   */
  default void onClose() throws Exception {}
}
