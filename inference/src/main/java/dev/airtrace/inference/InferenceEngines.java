package dev.airtrace.inference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the process's {@link InferenceEngine}: settles the backend once from an {@link
 * InferenceConfig} (see {@link Accelerator} for the order), logs the choice at INFO once, and a
 * fallback from a GPU to the CPU as exactly one WARN.
 *
 * <p>Sets {@code ai.djl.offline=true} when the property is unset, so an accidental DJL download
 * fails fast instead of reaching for the network.
 *
 * <p>Thread-safe (stateless).
 */
public final class InferenceEngines {
  private static final Logger LOG = LoggerFactory.getLogger(InferenceEngines.class);

  private InferenceEngines() {}

  /**
   * Opens the engine.
   *
   * @throws InferenceException when {@code config.strict()} and the requested accelerator is
   *     missing (the message says what was checked and why it failed), or when the CPU backend
   *     itself cannot start
   */
  public static InferenceEngine create(InferenceConfig config) {
    return create(config, HostProbe.system(), BackendSelector.Openers.real());
  }

  /**
   * Creates the process-wide ONNX Runtime environment the way DJL needs it (DJL fails if anything
   * else created it first). Code outside this module that opens raw ONNX Runtime sessions (the
   * benchmarks' baseline) calls this before touching {@code OrtEnvironment}; idempotent.
   */
  public static void initialiseOnnxRuntime() {
    DjlEngine.initialiseOrtThroughDjl();
  }

  static InferenceEngine create(
      InferenceConfig config, HostProbe probe, BackendSelector.Openers openers) {
    if (System.getProperty("ai.djl.offline") == null) {
      System.setProperty("ai.djl.offline", "true");
    }
    BackendSelector.Selection selection = new BackendSelector(probe, openers).select(config);
    selection.fallbackWarning().ifPresent(LOG::warn);
    BackendInfo info = selection.engine().backend();
    LOG.info("inference backend {} ({})", info.token(), info.description());
    return selection.engine();
  }
}
