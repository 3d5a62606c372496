package dev.airtrace.inference;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;

/**
 * DJL with the ONNX Runtime engine, on the CPU or (with {@code -Pgpu}, which swaps in {@code
 * onnxruntime_gpu}) the CUDA execution provider. Only the static factories touch natives.
 *
 * <p>Thread-safe: stateless after construction; each {@link #load} builds an independent model.
 */
final class DjlEngine implements InferenceEngine {
  static final String ENGINE_NAME = "OnnxRuntime";
  private static final long NATIVE_INIT_STACK_BYTES = 16L << 20;
  private static volatile boolean ortInitialised;

  private final BackendInfo backend;
  private final Device device;
  private final int intraOpThreads;

  private DjlEngine(BackendInfo backend, Device device, int intraOpThreads) {
    this.backend = backend;
    this.device = device;
    this.intraOpThreads = intraOpThreads;
  }

  /** The CPU engine; always available where the ORT jar carries natives for this platform. */
  static DjlEngine cpu(InferenceConfig config) {
    initialiseOrtThroughDjl();
    String version = ortVersion();
    return new DjlEngine(
        new BackendInfo(
            Backend.ORT_CPU,
            -1,
            "ONNX Runtime "
                + version
                + " via DJL "
                + Engine.getDjlVersion()
                + ", CPU, "
                + config.intraOpThreads()
                + " intra-op thread"
                + (config.intraOpThreads() == 1 ? "" : "s")),
        Device.cpu(),
        config.intraOpThreads());
  }

  /**
   * The CUDA engine: checks that this ONNX Runtime build has the CUDA provider and that it can be
   * added for the configured device (which loads the CUDA libraries), else throws.
   */
  static DjlEngine cuda(InferenceConfig config) {
    // The environment must exist before a provider is added (ORT's DefaultLogger otherwise fails).
    initialiseOrtThroughDjl();
    if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
      throw new InferenceException(
          "this ONNX Runtime build has no CUDA execution provider (build with -Pgpu to use"
              + " onnxruntime_gpu)");
    }
    try (OrtSession.SessionOptions probe = new OrtSession.SessionOptions()) {
      probe.addCUDA(config.deviceId());
    } catch (OrtException e) {
      throw new InferenceException(
          "the CUDA execution provider cannot start on GPU " + config.deviceId() + ": " + e, e);
    }
    return new DjlEngine(
        new BackendInfo(
            Backend.ORT_CUDA,
            config.deviceId(),
            "ONNX Runtime " + ortVersion() + " via DJL, CUDA device " + config.deviceId()),
        Device.gpu(config.deviceId()),
        config.intraOpThreads());
  }

  /**
   * Creates the process-wide ORT environment the way DJL wants it. DJL's engine creates it with its
   * own threading options and fails ("an OrtEnvironment already exists") if anything else created
   * it first, so every path into ORT in this module goes through here before touching {@link
   * OrtEnvironment}.
   */
  static void initialiseOrtThroughDjl() {
    if (ortInitialised) {
      return;
    }
    synchronized (DjlEngine.class) {
      if (ortInitialised) {
        return;
      }
      // The first touch loads and initialises the ONNX Runtime natives. That overflowed a 1 MB
      // JMH worker thread stack (SIGSEGV, docs/inference.md); do it on a thread with room to
      // spare so the caller's stack size does not matter.
      RuntimeException[] failure = new RuntimeException[1];
      Error[] error = new Error[1];
      Thread init =
          new Thread(
              null,
              () -> {
                try {
                  Engine.getEngine(ENGINE_NAME);
                } catch (RuntimeException e) {
                  failure[0] = e;
                } catch (Error e) {
                  error[0] = e;
                }
              },
              "onnxruntime-init",
              NATIVE_INIT_STACK_BYTES);
      init.start();
      try {
        init.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InferenceException("interrupted while initialising ONNX Runtime", e);
      }
      if (error[0] != null) {
        throw error[0];
      }
      if (failure[0] != null) {
        throw failure[0];
      }
      ortInitialised = true;
    }
  }

  private static String ortVersion() {
    // DJL reports the version it was built against; ask ORT itself (we override it to 1.29.0).
    String v = OrtEnvironment.class.getPackage().getImplementationVersion();
    return v == null ? "(version unknown)" : v;
  }

  @Override
  public BackendInfo backend() {
    return backend;
  }

  @Override
  public Model load(ModelManifest manifest) {
    byte[] onnx = ModelFiles.readVerified(manifest);
    return DjlModel.load(manifest, onnx, device, backend, intraOpThreads);
  }

  @Override
  public void close() {
    // The ORT environment is process-wide and owned by DJL's engine; models close their sessions.
  }
}
