package dev.airtrace.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LoopRunnerTest {
  private static final Duration AT_MOST = Duration.ofSeconds(10);

  /** A loop that records its calls; each round runs {@code round}. */
  private static class RecordingLoop implements ServiceLoop {
    final List<String> calls = new CopyOnWriteArrayList<>();
    final AtomicInteger rounds = new AtomicInteger();
    volatile String thread;
    volatile boolean interruptedInOnClose;

    @Override
    public String roleName() {
      return "test-loop";
    }

    @Override
    public void onStart() {
      thread = Thread.currentThread().getName();
      calls.add("start");
    }

    @Override
    public int doWork() throws Exception {
      rounds.incrementAndGet();
      return round();
    }

    int round() throws Exception {
      return 0;
    }

    @Override
    public void onClose() throws Exception {
      interruptedInOnClose = Thread.currentThread().isInterrupted();
      calls.add("close");
    }
  }

  @Test
  void shouldRunRoundsOnThreadNamedAfterRoleUntilStopRequested() {
    RecordingLoop loop = new RecordingLoop();
    LoopRunner runner = LoopRunner.builder(loop).start();

    await().atMost(AT_MOST).until(() -> loop.rounds.get() > 3);
    assertThat(runner.stop(AT_MOST)).isTrue();

    assertThat(loop.thread).isEqualTo("test-loop");
    assertThat(loop.calls).containsExactly("start", "close");
    assertThat(runner.failure()).isEmpty();
    assertThat(runner.hasTerminated()).isTrue();
  }

  @Test
  void shouldFinishWhenLoopReportsDone() throws InterruptedException {
    RecordingLoop loop =
        new RecordingLoop() {
          @Override
          int round() {
            return rounds.get() == 3 ? DONE : 1;
          }
        };
    LoopRunner runner = LoopRunner.builder(loop).start();

    assertThat(runner.awaitTermination(AT_MOST)).isTrue();
    assertThat(loop.rounds).hasValue(3);
    assertThat(loop.calls).containsExactly("start", "close");
    assertThat(runner.isStopRequested()).isFalse();
  }

  @Test
  void shouldRecordFirstFailureLogOnceAndStillClose() throws InterruptedException {
    IllegalStateException boom = new IllegalStateException("boom");
    IllegalArgumentException closing = new IllegalArgumentException("closing");
    RecordingLoop loop =
        new RecordingLoop() {
          @Override
          int round() {
            throw boom;
          }

          @Override
          public void onClose() throws Exception {
            super.onClose();
            throw closing;
          }
        };
    LoopRunner runner = LoopRunner.builder(loop).start();

    assertThat(runner.awaitTermination(AT_MOST)).isTrue();
    assertThat(runner.failure()).containsSame(boom);
    assertThat(boom.getSuppressed()).containsExactly(closing);
    assertThat(loop.calls).containsExactly("start", "close");
  }

  @Test
  void shouldTreatInterruptAsStopNotFailure() throws InterruptedException {
    LinkedBlockingQueue<String> never = new LinkedBlockingQueue<>();
    RecordingLoop loop =
        new RecordingLoop() {
          @Override
          int round() throws InterruptedException {
            never.take();
            return 1;
          }
        };
    LoopRunner runner = LoopRunner.builder(loop).start();
    await().atMost(AT_MOST).until(() -> loop.rounds.get() == 1);

    runner.interrupt();

    assertThat(runner.awaitTermination(AT_MOST)).isTrue();
    assertThat(runner.failure()).isEmpty();
    assertThat(loop.interruptedInOnClose).isTrue();
  }

  @Test
  void shouldTreatRuntimeExceptionOnInterruptedThreadAsInterrupt() throws InterruptedException {
    RecordingLoop loop =
        new RecordingLoop() {
          @Override
          int round() {
            // What Kafka does: re-set the interrupt status and throw its own unchecked exception.
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing");
          }
        };
    LoopRunner runner = LoopRunner.builder(loop).start();

    assertThat(runner.awaitTermination(AT_MOST)).isTrue();
    assertThat(runner.failure()).isEmpty();
    assertThat(loop.interruptedInOnClose).isTrue();
  }

  @Test
  void shouldWakeParkedLoopWhenStopIsRequested() {
    RecordingLoop loop = new RecordingLoop();
    LoopRunner runner =
        LoopRunner.builder(loop).idle(IdleStrategy.park(Duration.ofHours(1))).start();
    await().atMost(AT_MOST).until(() -> loop.rounds.get() == 1);

    assertThat(runner.stop(AT_MOST)).isTrue();
    assertThat(loop.rounds).hasValue(1);
  }

  @Test
  void shouldNotParkAfterRoundThatDidWork() throws InterruptedException {
    RecordingLoop loop =
        new RecordingLoop() {
          @Override
          int round() {
            return rounds.get() == 50 ? DONE : 1;
          }
        };
    LoopRunner runner =
        LoopRunner.builder(loop).idle(IdleStrategy.park(Duration.ofHours(1))).start();

    assertThat(runner.awaitTermination(AT_MOST)).isTrue();
    assertThat(loop.rounds).hasValue(50);
  }

  @Test
  void shouldRunOnCloseOnClosingThreadWhenNeverStarted() throws InterruptedException {
    RecordingLoop loop = new RecordingLoop();
    LoopRunner runner = LoopRunner.builder(loop).build();

    assertThat(runner.awaitTermination(Duration.ZERO)).isFalse();
    runner.close();
    runner.close();

    assertThat(loop.calls).containsExactly("close");
    assertThat(runner.hasTerminated()).isTrue();
    assertThatThrownBy(runner::start).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void shouldRefuseSecondStart() {
    LoopRunner runner = LoopRunner.builder(new RecordingLoop()).start();
    try {
      assertThatThrownBy(runner::start)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("test-loop");
    } finally {
      runner.close();
    }
  }

  @Test
  void shouldRunOnDaemonThreadWhenAsked() {
    RecordingLoop loop =
        new RecordingLoop() {
          volatile boolean daemon;

          @Override
          public void onStart() {
            super.onStart();
            daemon = Thread.currentThread().isDaemon();
            calls.add("daemon=" + daemon);
          }
        };
    LoopRunner runner = LoopRunner.builder(loop).daemon(true).start();
    runner.close();

    assertThat(loop.calls).containsExactly("start", "daemon=true", "close");
  }

  @Test
  void shouldRejectNonPositiveIdlePeriod() {
    assertThatThrownBy(() -> IdleStrategy.park(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
