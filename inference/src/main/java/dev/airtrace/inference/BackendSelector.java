package dev.airtrace.inference;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Settles the backend once per process: {@code AUTO} tries TensorRT, then CUDA, then the CPU; an
 * explicit accelerator tries only itself. Each GPU candidate is first asked the cheap {@link
 * HostProbe} questions; only then is the real backend opened, inside a catch of {@link
 * LinkageError} and {@link Exception} (a missing native library surfaces as {@code
 * UnsatisfiedLinkError} on first touch and {@code NoClassDefFoundError} after).
 *
 * <p>Stateless; the caller logs the outcome once.
 */
final class BackendSelector {

  /** How each backend is opened; the GPU ones may throw anything when their natives are absent. */
  interface Opener {
    InferenceEngine open(InferenceConfig config) throws Exception;
  }

  /** The openers, injectable so tests can simulate a GPU host. */
  record Openers(Opener tensorRt, Opener cuda, Opener cpu) {
    static Openers real() {
      // A lambda, not a method reference: TensorRtEngine (and through it org.bytedeco) is loaded
      // only when the TensorRT opener actually runs, never on a host that skips it.
      return new Openers(config -> TensorRtEngine.open(config), DjlEngine::cuda, DjlEngine::cpu);
    }
  }

  /**
   * The outcome.
   *
   * @param engine the engine to use
   * @param fallbackWarning present when a GPU was asked for (or AUTO found an NVIDIA driver) but
   *     the CPU had to be used; the one WARN line to log
   */
  record Selection(InferenceEngine engine, Optional<String> fallbackWarning) {}

  private final HostProbe probe;
  private final Openers openers;

  BackendSelector(HostProbe probe, Openers openers) {
    this.probe = probe;
    this.openers = openers;
  }

  Selection select(InferenceConfig config) {
    List<Backend> gpuCandidates =
        switch (config.accelerator()) {
          case AUTO -> List.of(Backend.TENSORRT, Backend.ORT_CUDA);
          case TENSORRT -> List.of(Backend.TENSORRT);
          case CUDA -> List.of(Backend.ORT_CUDA);
          case CPU -> List.of();
        };
    List<String> reasons = new ArrayList<>();
    for (Backend candidate : gpuCandidates) {
      String missing = probeFailure(candidate, config);
      if (missing == null) {
        try {
          Opener opener = candidate == Backend.TENSORRT ? openers.tensorRt() : openers.cuda();
          return new Selection(opener.open(config), Optional.empty());
        } catch (LinkageError | Exception e) {
          missing = "failed to start: " + e;
        }
      }
      reasons.add(candidate.label() + " " + missing);
    }
    boolean requested = config.accelerator() != Accelerator.AUTO;
    if (!gpuCandidates.isEmpty() && requested && config.strict()) {
      throw new InferenceException(
          "accelerator "
              + config.accelerator()
              + " was requested with strict=true but is not available on this host: "
              + String.join("; ", reasons));
    }
    InferenceEngine cpu;
    try {
      cpu = openers.cpu().open(config);
    } catch (InferenceException e) {
      throw e;
    } catch (LinkageError | Exception e) {
      throw new InferenceException("the CPU backend (ONNX Runtime) cannot start: " + e, e);
    }
    // AUTO on a host without an NVIDIA driver is the normal CPU case, not a fallback.
    boolean fellBack = requested ? !gpuCandidates.isEmpty() : probe.nvidiaDriverPresent();
    Optional<String> warning =
        fellBack
            ? Optional.of(
                "accelerator "
                    + config.accelerator()
                    + " unavailable ("
                    + String.join("; ", reasons)
                    + "); falling back to "
                    + cpu.backend().token())
            : Optional.empty();
    return new Selection(cpu, warning);
  }

  /** Why a candidate is not worth trying, or {@code null} when the cheap checks pass. */
  private String probeFailure(Backend candidate, InferenceConfig config) {
    if (!probe.nvidiaDriverPresent()) {
      return "skipped: no NVIDIA driver (" + HostProbe.NVIDIA_CONTROL_DEVICE + " is absent)";
    }
    if (candidate == Backend.TENSORRT && probe.findLibrary(HostProbe.TENSORRT_LIBRARY).isEmpty()) {
      return "skipped: "
          + HostProbe.TENSORRT_LIBRARY
          + " is not on the library path (install TensorRT 11 and add it to LD_LIBRARY_PATH)";
    }
    return null;
  }
}
