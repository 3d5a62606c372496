package dev.airtrace.cli;

import java.util.concurrent.CountDownLatch;

/**
 * Blocks the command's thread until the JVM is asked to stop (Ctrl-C, SIGTERM), then lets the
 * command close its component in order. The shutdown hook waits for that close to finish, so a
 * container stop drains the component instead of killing it mid-write.
 */
final class UntilStopped {
  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private final CountDownLatch closed = new CountDownLatch(1);

  UntilStopped() {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stopRequested.countDown();
                  try {
                    closed.await();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                },
                "airtrace-shutdown"));
  }

  /** Waits for a stop request. */
  void await() throws InterruptedException {
    stopRequested.await();
  }

  /** Tells the shutdown hook the component is closed. */
  void closed() {
    closed.countDown();
  }
}
