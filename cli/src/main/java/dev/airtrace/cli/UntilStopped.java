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

  /**
   * Waits for a stop request or until {@code failure} reports one, checking once a second.
   *
   * @return the component's failure, or empty when stopped on request
   */
  java.util.Optional<Throwable> awaitOrFailure(
      java.util.function.Supplier<java.util.Optional<Throwable>> failure)
      throws InterruptedException {
    while (!stopRequested.await(1, java.util.concurrent.TimeUnit.SECONDS)) {
      java.util.Optional<Throwable> f = failure.get();
      if (f.isPresent()) {
        return f;
      }
    }
    return java.util.Optional.empty();
  }

  /** Tells the shutdown hook the component is closed. */
  void closed() {
    closed.countDown();
  }
}
