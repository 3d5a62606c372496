package dev.airtrace.inference;

import static org.bytedeco.cuda.global.cudart.cudaGetDeviceProperties;
import static org.bytedeco.cuda.global.cudart.cudaSetDevice;
import static org.bytedeco.tensorrt.global.nvinfer.createInferRuntime;
import static org.bytedeco.tensorrt.global.nvinfer.getInferLibVersion;

import org.bytedeco.cuda.cudart.cudaDeviceProp;
import org.bytedeco.tensorrt.nvinfer.ILogger;
import org.bytedeco.tensorrt.nvinfer.IRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TensorRT through the JavaCPP presets ({@code org.bytedeco:tensorrt} 11.2 and {@code cuda} 13.3,
 * JNI bridges only: libnvinfer.so.11 and the CUDA 13 runtime come from the host). Each model's
 * engine is built from the same ONNX file the CPU runs, with one optimisation profile over the
 * batch ({@link TensorRtModel#MIN_BATCH}..{@link TensorRtModel#MAX_BATCH}, optimised for {@link
 * TensorRtModel#OPT_BATCH}), and the serialized plan is cached in {@link
 * InferenceConfig#planCacheDir()} keyed by GPU, compute capability, TensorRT version and model hash
 * ({@link PlanCache}).
 *
 * <p>This class and everything it touches in {@code org.bytedeco} is loaded only when the TensorRT
 * backend is actually opened: on a host without the natives the first touch throws {@link
 * UnsatisfiedLinkError}, which {@link BackendSelector} catches.
 *
 * <p>Thread-safe: the runtime is shared; each model keeps its own execution contexts.
 */
final class TensorRtEngine implements InferenceEngine {
  private static final Logger LOG = LoggerFactory.getLogger(TensorRtEngine.class);

  private final InferenceConfig config;
  private final BackendInfo backend;
  private final TrtLogger logger = new TrtLogger();
  private final IRuntime runtime;
  private final PlanCache plans;
  private final String gpuName;
  private final String computeCapability;
  private final String tensorRtVersion;

  private TensorRtEngine(
      InferenceConfig config, String gpuName, String computeCapability, String tensorRtVersion) {
    this.config = config;
    this.gpuName = gpuName;
    this.computeCapability = computeCapability;
    this.tensorRtVersion = tensorRtVersion;
    this.runtime = createInferRuntime(logger);
    if (runtime == null || runtime.isNull()) {
      throw new InferenceException("TensorRT createInferRuntime returned null");
    }
    this.plans = new PlanCache(config.planCacheDir());
    this.backend =
        new BackendInfo(
            Backend.TENSORRT,
            config.deviceId(),
            gpuName
                + ", sm_"
                + computeCapability.replace(".", "")
                + ", TensorRT "
                + tensorRtVersion);
  }

  /** Opens the backend on the configured GPU; throws (often a LinkageError) where it cannot. */
  static InferenceEngine open(InferenceConfig config) {
    TensorRtModel.check(
        cudaSetDevice(config.deviceId()), "cudaSetDevice(" + config.deviceId() + ")");
    String name;
    String cc;
    try (cudaDeviceProp prop = new cudaDeviceProp()) {
      TensorRtModel.check(
          cudaGetDeviceProperties(prop, config.deviceId()), "cudaGetDeviceProperties");
      name = prop.name().getString().trim();
      cc = prop.major() + "." + prop.minor();
    }
    int v = getInferLibVersion(); // e.g. 110201 = 11.2.1 (major*10000 + minor*100 + patch)
    String version = (v / 10000) + "." + (v / 100 % 100) + "." + (v % 100);
    return new TensorRtEngine(config, name, cc, version);
  }

  @Override
  public BackendInfo backend() {
    return backend;
  }

  @Override
  public Model load(ModelManifest manifest) {
    byte[] onnx = ModelFiles.readVerified(manifest);
    PlanCache.Key key =
        new PlanCache.Key(
            gpuName, computeCapability, tensorRtVersion, manifest.sha256(), TensorRtModel.PROFILE);
    byte[] plan =
        plans
            .load(manifest.name(), key)
            .orElseGet(
                () -> {
                  long started = System.nanoTime();
                  byte[] built = TensorRtModel.build(manifest, onnx, logger);
                  LOG.info(
                      "built TensorRT plan for {} in {} ms ({} bytes)",
                      manifest.id(),
                      (System.nanoTime() - started) / 1_000_000,
                      built.length);
                  plans
                      .store(manifest.name(), key, built)
                      .ifPresent(
                          e ->
                              LOG.warn(
                                  "cannot cache the TensorRT plan in {}: {}",
                                  config.planCacheDir(),
                                  e.toString()));
                  return built;
                });
    return TensorRtModel.deserialize(manifest, plan, runtime, backend, config.deviceId());
  }

  @Override
  public void close() {
    runtime.close();
  }

  /** Routes TensorRT's messages to SLF4J; one instance per engine, referenced for its lifetime. */
  static final class TrtLogger extends ILogger {
    @Override
    public void log(ILogger.Severity severity, String msg) {
      // The native callback's enum object may not be the canonical constant; intern() maps it.
      switch (severity.intern()) {
        case kINTERNAL_ERROR, kERROR -> LOG.error("TensorRT: {}", msg);
        case kWARNING -> LOG.warn("TensorRT: {}", msg);
        case kINFO -> LOG.debug("TensorRT: {}", msg);
        default -> LOG.trace("TensorRT: {}", msg);
      }
    }
  }
}
