package dev.airtrace.core.lifecycle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * Closes several resources as one step, so that a failing {@code close()} never leaks the ones
 * after it: {@link #closeAll} for {@code close()} methods, {@link #closeOnFailure} for a
 * constructor or factory that failed after opening some of its resources.
 *
 * <pre>{@code
 * Engine engine = Engine.open(config);
 * Repository repository = null;
 * try {
 *   repository = Repository.open(engine);
 *   return new Service(engine, repository);
 * } catch (RuntimeException e) {
 *   throw Closeables.closeOnFailure(e, repository, engine); // reverse order of opening
 * }
 * }</pre>
 *
 * <p>Resources are closed in the order given ({@code null}s are skipped), each exactly once per
 * call. An interrupted close re-sets the caller's interrupt status. Stateless and thread-safe.
 */
public final class Closeables {
  private Closeables() {}

  /**
   * Closes every resource in order, even when an earlier one fails.
   *
   * @throws RuntimeException the first failure, with the later ones added as suppressed; a checked
   *     exception is wrapped ({@link UncheckedIOException} for an {@link IOException}, else {@link
   *     IllegalStateException}); an {@link Error} is rethrown as is
   */
  public static void closeAll(AutoCloseable... resources) {
    closeAll(Arrays.asList(resources));
  }

  /** {@link #closeAll(AutoCloseable...)} over an iterable (a list of workers, say). */
  public static void closeAll(Iterable<? extends AutoCloseable> resources) {
    Throwable first = null;
    for (AutoCloseable resource : resources) {
      Throwable failure = closeQuietly(resource);
      if (failure == null) {
        continue;
      }
      if (first == null) {
        first = failure;
      } else if (first != failure) {
        first.addSuppressed(failure);
      }
    }
    if (first != null) {
      throw unchecked(first);
    }
  }

  /**
   * Closes every resource in order after {@code primary} stopped a constructor or factory, adding
   * each close failure to it as suppressed.
   *
   * @return {@code primary}, for {@code throw Closeables.closeOnFailure(e, ...)}
   */
  public static <T extends Throwable> T closeOnFailure(T primary, AutoCloseable... resources) {
    for (AutoCloseable resource : resources) {
      Throwable failure = closeQuietly(resource);
      if (failure != null && failure != primary) {
        primary.addSuppressed(failure);
      }
    }
    return primary;
  }

  /** Closes one resource; its failure, or {@code null}. */
  private static Throwable closeQuietly(AutoCloseable resource) {
    if (resource == null) {
      return null;
    }
    try {
      resource.close();
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return e;
    } catch (Throwable t) {
      return t;
    }
  }

  private static RuntimeException unchecked(Throwable t) {
    if (t instanceof RuntimeException r) {
      return r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    if (t instanceof IOException io) {
      return new UncheckedIOException("close failed: " + io.getMessage(), io);
    }
    return new IllegalStateException("close failed: " + t, t);
  }
}
