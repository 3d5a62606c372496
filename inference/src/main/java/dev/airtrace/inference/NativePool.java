package dev.airtrace.inference;

import java.nio.FloatBuffer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The per-thread native objects of one model (DJL predictors, TensorRT execution contexts): a
 * caller borrows one for a run and gives it back, so concurrent runs never share one and idle ones
 * are reused most-recently-used first (warm caches). Every object ever created is closed when the
 * pool closes; one given back after that is closed at once.
 *
 * <p>Thread-safe.
 */
final class NativePool<T> {
  private final ConcurrentLinkedDeque<T> idle = new ConcurrentLinkedDeque<>();
  private final Set<T> all = ConcurrentHashMap.newKeySet();
  private final Supplier<T> create;
  private final Consumer<T> close;
  private volatile boolean closed;

  NativePool(Supplier<T> create, Consumer<T> close) {
    this.create = create;
    this.close = close;
  }

  /** Whether {@link #close()} ran. */
  boolean isClosed() {
    return closed;
  }

  /** An idle object, or a new one. */
  T borrow() {
    T t = idle.pollFirst();
    if (t == null) {
      t = create.get();
      all.add(t);
    }
    return t;
  }

  /** Gives {@code t} back after a run; closes it when the pool closed meanwhile. */
  void giveBack(T t) {
    if (closed) {
      close.accept(t);
    } else {
      idle.offerFirst(t);
    }
  }

  /** Closes every object the pool created; idempotent. */
  void close() {
    if (closed) {
      return;
    }
    closed = true;
    all.forEach(close);
    all.clear();
    idle.clear();
  }

  /**
   * The checks every backend makes before a run: the model is open and {@code input} holds exactly
   * {@code batch} rows of the manifest's input.
   */
  static void checkRun(ModelManifest manifest, boolean closed, FloatBuffer input, int batch) {
    if (closed) {
      throw new InferenceException(manifest.id() + ": model is closed");
    }
    if (batch < 1) {
      throw new InferenceException(manifest.id() + ": batch must be >= 1 but was " + batch);
    }
    long expected = (long) batch * manifest.input().rowSize();
    if (input.remaining() != expected) {
      throw new InferenceException(
          manifest.id()
              + ": input holds "
              + input.remaining()
              + " values but batch "
              + batch
              + " of "
              + manifest.input().shape()
              + " needs "
              + expected);
    }
  }
}
