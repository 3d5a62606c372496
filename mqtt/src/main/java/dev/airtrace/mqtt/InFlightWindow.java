package dev.airtrace.mqtt;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Counts messages in flight and blocks {@link #acquire()} while the count reaches the limit. The
 * limit can shrink at run time (the broker's receive maximum is only known after connecting).
 * Thread-safe.
 */
final class InFlightWindow {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private int limit; // guarded by lock
  private int inFlight; // guarded by lock

  InFlightWindow(int limit) {
    this.limit = limit;
  }

  void acquire() throws InterruptedException {
    lock.lockInterruptibly();
    try {
      while (inFlight >= limit) {
        changed.await();
      }
      inFlight++;
    } finally {
      lock.unlock();
    }
  }

  void release() {
    lock.lock();
    try {
      inFlight--;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  void limit(int newLimit) {
    lock.lock();
    try {
      limit = newLimit;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  boolean awaitEmpty(Duration timeout) throws InterruptedException {
    long nanos = timeout.toNanos();
    lock.lockInterruptibly();
    try {
      while (inFlight > 0) {
        if (nanos <= 0) {
          return false;
        }
        nanos = changed.awaitNanos(nanos);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }
}
