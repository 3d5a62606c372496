package dev.airtrace.inference;

import dev.airtrace.core.lifecycle.Closeables;
import dev.airtrace.core.lifecycle.IdleStrategy;
import dev.airtrace.core.lifecycle.LoopRunner;
import dev.airtrace.core.lifecycle.ServiceLoop;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the current version of each configured model from a KServe/Triton-style directory, {@code
 * <root>/<name>/<integer-version>/model.json} (+ the ONNX and golden files), and swaps in new
 * versions while the process runs.
 *
 * <p>A version becomes current only after it is fully loaded: the sidecar is read, the ONNX file's
 * SHA-256 and signature are checked ({@link InferenceEngine#load}), and its golden input reproduces
 * its golden outputs within {@link RepositoryConfig#goldenTolerance()} on this engine's backend.
 * Then it replaces the old version in one atomic step. A version failing any of this is refused
 * with one ERROR naming the file, remembered (it is retried only when its files change), and the
 * old version keeps serving.
 *
 * <p>The served version is the highest integer directory, or the pinned one. The directory is
 * rescanned every {@link RepositoryConfig#rescanInterval()} and on {@link #reload()}. Operators
 * drop a new version by building it beside the repository and renaming it into place (a rename is
 * atomic; a half-copied directory is refused and retried once its files stop changing).
 *
 * <p>Startup: for each model the highest version that loads is served (broken higher versions are
 * refused and logged); when none loads, {@link #open} throws.
 *
 * <p>Ownership: the repository owns the models it loads and closes each one once it is neither
 * current nor leased; it does not own the engine (close the repository first, then the engine).
 *
 * <p>Thread-safe: {@link LiveModel#acquire()} never blocks; scans (periodic or {@link #reload()})
 * run one at a time; listeners are called from the scanning thread.
 */
public final class ModelRepository implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ModelRepository.class);
  private static final String SIDECAR = "model.json";
  private static final long RESCAN_STACK_BYTES = 4L << 20;

  private final InferenceEngine engine;
  private final RepositoryConfig config;
  private final Map<String, Slot> slots = new LinkedHashMap<>();
  private final List<ModelRepositoryListener> listeners = new CopyOnWriteArrayList<>();
  private final ReentrantLock scanLock = new ReentrantLock();
  private final Set<Fingerprint> refused = ConcurrentHashMap.newKeySet();
  private final LoopRunner rescans; // null when rescanning is off
  private volatile boolean closed;

  private ModelRepository(
      InferenceEngine engine, RepositoryConfig config, List<ModelRepositoryListener> listeners) {
    this.engine = engine;
    this.config = config;
    this.listeners.addAll(listeners);
    config.models().forEach(name -> slots.put(name, new Slot(name)));
    this.rescans =
        config.rescanInterval().isZero()
            ? null
            : LoopRunner.builder(new Rescans())
                .idle(IdleStrategy.park(config.rescanInterval()))
                .daemon(true)
                // Loads run native session setup (ORT, TensorRT builds) on this thread: a margin
                // over the 1 MB default, which ORT's library initialisation once overflowed.
                .stackSizeBytes(RESCAN_STACK_BYTES)
                .build();
  }

  /**
   * Loads every configured model and starts the periodic rescan.
   *
   * @param listeners hear the startup loads too
   * @throws InferenceException when a model has no version that loads (the message lists why each
   *     candidate was refused)
   */
  public static ModelRepository open(
      InferenceEngine engine, RepositoryConfig config, ModelRepositoryListener... listeners) {
    ModelRepository repo = new ModelRepository(engine, config, List.of(listeners));
    try {
      repo.scanLock.lock();
      try {
        for (Slot slot : repo.slots.values()) {
          repo.loadAtStartup(slot);
        }
      } finally {
        repo.scanLock.unlock();
      }
    } catch (RuntimeException e) {
      throw Closeables.closeOnFailure(e, repo);
    }
    if (repo.rescans != null) {
      repo.rescans.start();
    }
    return repo;
  }

  /**
   * The live handle of a served model.
   *
   * @throws IllegalArgumentException when {@code name} is not configured
   */
  public LiveModel model(String name) {
    Slot slot = slots.get(name);
    if (slot == null) {
      throw new IllegalArgumentException(
          "model " + name + " is not served; have " + slots.keySet());
    }
    return slot;
  }

  /** Name → version serving now, in configuration order. */
  public Map<String, Long> versions() {
    Map<String, Long> v = new LinkedHashMap<>();
    slots.forEach((name, slot) -> v.put(name, slot.current.manifest().version()));
    return Collections.unmodifiableMap(v);
  }

  /** The backend every served model runs on. */
  public BackendInfo backend() {
    return engine.backend();
  }

  /** Adds a listener for later version changes and refusals. */
  public void addListener(ModelRepositoryListener listener) {
    listeners.add(listener);
  }

  /**
   * Rescans the repository now and returns when every model's candidate has been loaded and swapped
   * in, or refused. Waits for a periodic scan in progress.
   *
   * @throws IllegalStateException when closed
   */
  public void reload() {
    scanLock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("model repository is closed");
      }
      for (Slot slot : slots.values()) {
        rescan(slot);
      }
    } finally {
      scanLock.unlock();
    }
  }

  /**
   * Stops rescanning and releases the current versions; each is closed once its last lease is
   * closed. Later {@link LiveModel#acquire()} calls throw.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (rescans != null) {
      rescans.interrupt(); // no wait: the scan lock below waits for a scan in progress
    }
    scanLock.lock(); // waits for a scan in progress, so nothing is swapped in after this
    try {
      for (Slot slot : slots.values()) {
        Loaded current = slot.current;
        if (current != null) {
          current.release();
        }
      }
    } finally {
      scanLock.unlock();
    }
  }

  /**
   * The periodic rescan: every {@link RepositoryConfig#rescanInterval()} after the previous one
   * ended, the first one interval after open (the startup load has just run).
   */
  private final class Rescans implements ServiceLoop {
    private boolean first = true;

    @Override
    public String roleName() {
      return "model-repository-rescan";
    }

    @Override
    public int doWork() {
      if (first) {
        first = false;
      } else {
        rescanQuietly();
      }
      return 0; // idle for one interval
    }
  }

  private void rescanQuietly() {
    try {
      reload();
    } catch (RuntimeException e) {
      if (!closed) {
        LOG.warn("model repository rescan of {} failed", config.root(), e);
      }
    }
  }

  private void loadAtStartup(Slot slot) {
    List<Long> versions = candidates(slot.name);
    if (versions.isEmpty()) {
      throw new InferenceException(
          "no version of model "
              + slot.name
              + (config.pinned().containsKey(slot.name)
                  ? " (pinned to " + config.pinned().get(slot.name) + ")"
                  : "")
              + " under "
              + config.root().toAbsolutePath()
              + " (expected <name>/<version>/"
              + SIDECAR
              + ")");
    }
    List<String> reasons = new ArrayList<>();
    for (long version : versions) {
      Optional<String> refusal = tryLoad(slot, version);
      if (refusal.isEmpty()) {
        return;
      }
      reasons.add("version " + version + ": " + refusal.get());
    }
    throw new InferenceException(
        "no loadable version of model " + slot.name + ": " + String.join("; ", reasons));
  }

  private void rescan(Slot slot) {
    List<Long> versions = candidates(slot.name);
    if (versions.isEmpty()) {
      return; // the directory vanished or is being replaced: keep serving what is loaded
    }
    long version = versions.get(0);
    Fingerprint fp;
    try {
      fp = Fingerprint.of(versionDir(slot.name, version), version);
    } catch (UncheckedIOException e) {
      return; // moved away while we looked; the next scan sees the final state
    }
    if (fp.equals(slot.current.fingerprint) || refused.contains(fp)) {
      return;
    }
    tryLoad(slot, version);
  }

  /** Loads, checks and swaps in one version; the refusal reason when it fails. */
  private Optional<String> tryLoad(Slot slot, long version) {
    Path dir = versionDir(slot.name, version);
    Path file = dir.resolve(SIDECAR);
    Fingerprint fp;
    try {
      fp = Fingerprint.of(dir, version);
    } catch (UncheckedIOException e) {
      return Optional.of("cannot list " + dir + ": " + e.getCause());
    }
    Model model = null;
    try {
      ModelManifest manifest = ModelManifest.read(file);
      if (!manifest.name().equals(slot.name) || manifest.version() != version) {
        throw new InferenceException(
            file + " describes " + manifest.id() + " but sits in " + slot.name + "/" + version);
      }
      file = manifest.onnx();
      model = engine.load(manifest);
      double diff = GoldenSet.read(manifest).check(model, config.goldenTolerance());
      Loaded previous = slot.swap(new Loaded(model, fp));
      LOG.info(
          "model {} now serving version {} on {} (golden max scaled error {}){}",
          slot.name,
          version,
          model.backend().token(),
          String.format("%.1e", diff),
          previous == null ? "" : ", replacing version " + previous.manifest().version());
      OptionalLong before =
          previous == null ? OptionalLong.empty() : OptionalLong.of(previous.manifest().version());
      notify(
          l ->
              l.onVersionChange(
                  new ModelRepositoryListener.VersionChange(slot.name, before, manifest)));
      if (previous != null) {
        previous.release();
      }
      return Optional.empty();
    } catch (RuntimeException e) {
      Closeables.closeOnFailure(e, model);
      refused.add(fp);
      String reason = e.getMessage() == null ? e.toString() : e.getMessage();
      LOG.error(
          "refused model {} version {} ({}): {}{}",
          slot.name,
          version,
          file,
          reason,
          slot.current == null
              ? ""
              : "; version " + slot.current.manifest().version() + " keeps serving");
      Path at = file;
      notify(l -> l.onRefused(new ModelRepositoryListener.Refusal(slot.name, version, at, reason)));
      return Optional.of(reason);
    }
  }

  private void notify(java.util.function.Consumer<ModelRepositoryListener> event) {
    for (ModelRepositoryListener l : listeners) {
      try {
        event.accept(l);
      } catch (RuntimeException e) {
        LOG.warn("model repository listener {} failed", l, e);
      }
    }
  }

  /**
   * Version numbers of {@code name} that have a sidecar, highest first (or just the pinned one).
   */
  private List<Long> candidates(String name) {
    Path dir = config.root().resolve(name);
    List<Long> versions = new ArrayList<>();
    try (Stream<Path> children = Files.list(dir)) {
      children
          .filter(p -> p.getFileName().toString().matches("[1-9][0-9]{0,17}"))
          .filter(p -> Files.isRegularFile(p.resolve(SIDECAR)))
          .forEach(p -> versions.add(Long.parseLong(p.getFileName().toString())));
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      LOG.warn("cannot list {}: {}", dir, e.toString());
      return List.of();
    }
    versions.sort(Comparator.reverseOrder());
    Long pin = config.pinned().get(name);
    if (pin != null) {
      return versions.contains(pin) ? List.of(pin) : List.of();
    }
    return versions;
  }

  private Path versionDir(String name, long version) {
    return config.root().resolve(name).resolve(Long.toString(version));
  }

  /** What a version directory held when it was loaded or refused: names, sizes, mtimes. */
  private record Fingerprint(long version, List<String> files) {
    static Fingerprint of(Path dir, long version) {
      List<String> files = new ArrayList<>();
      try (Stream<Path> children = Files.list(dir)) {
        for (Path p : (Iterable<Path>) children::iterator) {
          files.add(
              p.getFileName()
                  + ":"
                  + Files.size(p)
                  + ":"
                  + Files.getLastModifiedTime(p).toMillis());
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Collections.sort(files);
      return new Fingerprint(version, List.copyOf(files));
    }
  }

  /** A loaded version and its lease count; the repository's own reference counts as one. */
  private static final class Loaded {
    final Model model;
    final Fingerprint fingerprint;
    private final AtomicInteger refs = new AtomicInteger(1);

    Loaded(Model model, Fingerprint fingerprint) {
      this.model = model;
      this.fingerprint = fingerprint;
    }

    ModelManifest manifest() {
      return model.manifest();
    }

    /** Takes a reference unless the version is already released for good. */
    boolean retain() {
      for (int r = refs.get(); r > 0; r = refs.get()) {
        if (refs.compareAndSet(r, r + 1)) {
          return true;
        }
      }
      return false;
    }

    void release() {
      if (refs.decrementAndGet() == 0) {
        try {
          model.close();
          LOG.info("model {} closed (no longer current, last lease released)", manifest().id());
        } catch (RuntimeException e) {
          LOG.warn("closing model {} failed", manifest().id(), e);
        }
      }
    }
  }

  private final class Slot implements LiveModel {
    final String name;
    volatile Loaded current;

    Slot(String name) {
      this.name = name;
    }

    /** Makes {@code next} current; the caller releases the returned previous version. */
    Loaded swap(Loaded next) {
      Loaded previous = current;
      current = next;
      return previous;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public ModelManifest current() {
      return current.manifest();
    }

    @Override
    public BackendInfo backend() {
      return engine.backend();
    }

    @Override
    public Lease acquire() {
      while (true) {
        if (closed) {
          throw new IllegalStateException("model repository is closed");
        }
        Loaded loaded = current;
        if (loaded.retain()) {
          return new VersionLease(loaded);
        }
        // Lost a race with a swap: the version we read was released; the new one is current.
        Thread.onSpinWait();
      }
    }

    @Override
    public String toString() {
      return "LiveModel[" + current().id() + "]";
    }
  }

  private static final class VersionLease implements LiveModel.Lease {
    private final Loaded loaded;
    private boolean released;

    VersionLease(Loaded loaded) {
      this.loaded = loaded;
    }

    @Override
    public Model model() {
      if (released) {
        throw new IllegalStateException("lease on " + loaded.manifest().id() + " is closed");
      }
      return loaded.model;
    }

    @Override
    public void close() {
      if (!released) {
        released = true;
        loaded.release();
      }
    }
  }
}
