package dev.airtrace.inference;

import static org.bytedeco.cuda.global.cudart.cudaFree;
import static org.bytedeco.cuda.global.cudart.cudaGetErrorString;
import static org.bytedeco.cuda.global.cudart.cudaMalloc;
import static org.bytedeco.cuda.global.cudart.cudaMemcpyAsync;
import static org.bytedeco.cuda.global.cudart.cudaMemcpyDeviceToHost;
import static org.bytedeco.cuda.global.cudart.cudaMemcpyHostToDevice;
import static org.bytedeco.cuda.global.cudart.cudaSetDevice;
import static org.bytedeco.cuda.global.cudart.cudaStreamCreate;
import static org.bytedeco.cuda.global.cudart.cudaStreamDestroy;
import static org.bytedeco.cuda.global.cudart.cudaStreamSynchronize;
import static org.bytedeco.cuda.global.cudart.cudaSuccess;
import static org.bytedeco.tensorrt.global.nvinfer.createInferBuilder;
import static org.bytedeco.tensorrt.global.nvonnxparser.createParser;

import dev.airtrace.core.lifecycle.Closeables;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.tensorrt.global.nvinfer.BuilderFlag;
import org.bytedeco.tensorrt.global.nvinfer.MemoryPoolType;
import org.bytedeco.tensorrt.global.nvinfer.OptProfileSelector;
import org.bytedeco.tensorrt.global.nvinfer.TensorIOMode;
import org.bytedeco.tensorrt.nvinfer.Dims64;
import org.bytedeco.tensorrt.nvinfer.IBuilder;
import org.bytedeco.tensorrt.nvinfer.IBuilderConfig;
import org.bytedeco.tensorrt.nvinfer.ICudaEngine;
import org.bytedeco.tensorrt.nvinfer.IExecutionContext;
import org.bytedeco.tensorrt.nvinfer.IHostMemory;
import org.bytedeco.tensorrt.nvinfer.ILogger;
import org.bytedeco.tensorrt.nvinfer.INetworkDefinition;
import org.bytedeco.tensorrt.nvinfer.IOptimizationProfile;
import org.bytedeco.tensorrt.nvinfer.IRuntime;
import org.bytedeco.tensorrt.nvonnxparser.IParser;

/**
 * A TensorRT engine for one model. The deserialized engine is shared; execution contexts are not
 * thread-safe, so each {@link #run} borrows a {@link Context} (execution context, CUDA stream,
 * device buffers sized for {@link #MAX_BATCH}, host staging buffers) from a pool that grows to the
 * number of threads calling at once. Batches above {@link #MAX_BATCH} run in chunks.
 *
 * <p>Thread-safe for {@link #run}; {@link #close} must not race runs (leases prevent it).
 */
final class TensorRtModel implements Model {
  static final int MIN_BATCH = 1;
  static final int OPT_BATCH = 32;
  static final int MAX_BATCH = 512;
  static final String PROFILE = "batch " + MIN_BATCH + "/" + OPT_BATCH + "/" + MAX_BATCH + " fp32";
  private static final long WORKSPACE_BYTES = 256L << 20;

  private final ModelManifest manifest;
  private final BackendInfo backend;
  private final int deviceId;
  private final ICudaEngine engine;
  private final NativePool<Context> contexts = new NativePool<>(Context::new, Context::close);

  private TensorRtModel(
      ModelManifest manifest, BackendInfo backend, int deviceId, ICudaEngine engine) {
    this.manifest = manifest;
    this.backend = backend;
    this.deviceId = deviceId;
    this.engine = engine;
  }

  /** Parses the ONNX bytes and builds a serialized plan with the batch profile. */
  static byte[] build(ModelManifest manifest, byte[] onnx, ILogger logger) {
    try (IBuilder builder = createInferBuilder(logger);
        INetworkDefinition network = builder.createNetworkV2(0); // explicit batch (TRT 10+)
        IParser parser = createParser(network, logger);
        BytePointer bytes = new BytePointer(onnx);
        IBuilderConfig config = builder.createBuilderConfig()) {
      if (!parser.parse(bytes, onnx.length)) {
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < parser.getNbErrors(); i++) {
          errors.add(parser.getError(i).desc());
        }
        throw new InferenceException(
            manifest.id() + ": TensorRT cannot parse " + manifest.onnx() + ": " + errors);
      }
      config.setMemoryPoolLimit(MemoryPoolType.kWORKSPACE, WORKSPACE_BYTES);
      // FP32 like the CPU: golden parity, not TF32's 1e-3 drift.
      config.clearFlag(BuilderFlag.kTF32);
      IOptimizationProfile profile = builder.createOptimizationProfile(); // owned by the builder
      TensorSpec in = manifest.input();
      profile.setDimensions(in.name(), OptProfileSelector.kMIN, dims(in.shapeFor(MIN_BATCH)));
      profile.setDimensions(in.name(), OptProfileSelector.kOPT, dims(in.shapeFor(OPT_BATCH)));
      profile.setDimensions(in.name(), OptProfileSelector.kMAX, dims(in.shapeFor(MAX_BATCH)));
      config.addOptimizationProfile(profile);
      try (IHostMemory plan = builder.buildSerializedNetwork(network, config)) {
        if (plan == null || plan.isNull()) {
          throw new InferenceException(
              manifest.id() + ": TensorRT could not build an engine from " + manifest.onnx());
        }
        byte[] out = new byte[Math.toIntExact(plan.size())];
        new BytePointer(plan.data()).capacity(out.length).get(out);
        return out;
      }
    }
  }

  static TensorRtModel deserialize(
      ModelManifest manifest, byte[] plan, IRuntime runtime, BackendInfo backend, int deviceId) {
    ICudaEngine engine;
    try (BytePointer bytes = new BytePointer(plan)) {
      engine = runtime.deserializeCudaEngine(bytes, plan.length);
    }
    if (engine == null || engine.isNull()) {
      throw new InferenceException(
          manifest.id() + ": TensorRT cannot deserialize the plan for " + manifest.onnx());
    }
    TensorRtModel model = new TensorRtModel(manifest, backend, deviceId, engine);
    try {
      model.checkSignature();
    } catch (RuntimeException e) {
      throw Closeables.closeOnFailure(e, model);
    }
    return model;
  }

  private void checkSignature() {
    List<String> inputs = new ArrayList<>();
    List<String> outputs = new ArrayList<>();
    for (int i = 0; i < engine.getNbIOTensors(); i++) {
      String name = engine.getIOTensorName(i);
      // JavaCPP may hand back enum objects created in JNI: compare values, not identity.
      boolean input = engine.getTensorIOMode(name).value == TensorIOMode.kINPUT.value;
      (input ? inputs : outputs).add(name);
    }
    List<String> wantOut = manifest.outputs().stream().map(TensorSpec::name).toList();
    if (!inputs.equals(List.of(manifest.input().name())) || !outputs.containsAll(wantOut)) {
      throw new InferenceException(
          manifest.id()
              + ": "
              + manifest.onnx()
              + " has inputs "
              + inputs
              + " and outputs "
              + outputs
              + " but the sidecar says "
              + List.of(manifest.input().name())
              + " and "
              + wantOut);
    }
  }

  @Override
  public ModelManifest manifest() {
    return manifest;
  }

  @Override
  public BackendInfo backend() {
    return backend;
  }

  @Override
  public Outputs run(FloatBuffer input, int batch) {
    NativePool.checkRun(manifest, contexts.isClosed(), input, batch);
    Context ctx = contexts.borrow();
    try {
      FloatBuffer in = input.slice();
      Map<String, float[]> values = new LinkedHashMap<>();
      Map<String, long[]> shapes = new LinkedHashMap<>();
      for (TensorSpec out : manifest.outputs()) {
        values.put(out.name(), new float[batch * out.rowSize()]);
        shapes.put(out.name(), out.shapeFor(batch));
      }
      for (int done = 0; done < batch; done += MAX_BATCH) {
        ctx.run(in, done, Math.min(MAX_BATCH, batch - done), values);
      }
      return Outputs.of(values, shapes);
    } finally {
      contexts.giveBack(ctx);
    }
  }

  @Override
  public void close() {
    if (contexts.isClosed()) {
      return;
    }
    contexts.close();
    engine.close();
  }

  static void check(int cudaStatus, String what) {
    if (cudaStatus != cudaSuccess) {
      throw new InferenceException(
          what
              + " failed: CUDA error "
              + cudaStatus
              + " "
              + cudaGetErrorString(cudaStatus).getString());
    }
  }

  private static Dims64 dims(long[] shape) {
    Dims64 d = new Dims64();
    d.nbDims(shape.length);
    for (int i = 0; i < shape.length; i++) {
      d.d(i, shape[i]);
    }
    return d;
  }

  /** One execution context with its stream and buffers; used by one thread at a time. */
  private final class Context implements AutoCloseable {
    private final IExecutionContext context;
    private final CUstream_st stream = new CUstream_st();
    private final Pointer deviceIn = new Pointer();
    private final FloatPointer hostIn;
    private final Map<String, Pointer> deviceOut = new LinkedHashMap<>();
    private final Map<String, FloatPointer> hostOut = new LinkedHashMap<>();

    Context() {
      check(cudaSetDevice(deviceId), "cudaSetDevice");
      context = engine.createExecutionContext();
      if (context == null || context.isNull()) {
        throw new InferenceException(manifest.id() + ": cannot create a TensorRT context");
      }
      check(cudaStreamCreate(stream), "cudaStreamCreate");
      long inFloats = (long) MAX_BATCH * manifest.input().rowSize();
      check(cudaMalloc(deviceIn, inFloats * Float.BYTES), "cudaMalloc(input)");
      hostIn = new FloatPointer(inFloats);
      context.setTensorAddress(manifest.input().name(), deviceIn);
      for (TensorSpec out : manifest.outputs()) {
        long floats = (long) MAX_BATCH * out.rowSize();
        Pointer d = new Pointer();
        check(cudaMalloc(d, floats * Float.BYTES), "cudaMalloc(" + out.name() + ")");
        deviceOut.put(out.name(), d);
        hostOut.put(out.name(), new FloatPointer(floats));
        context.setTensorAddress(out.name(), d);
      }
    }

    void run(FloatBuffer in, int firstRow, int rows, Map<String, float[]> into) {
      // The current device is per thread; pooled contexts move between threads.
      check(cudaSetDevice(deviceId), "cudaSetDevice");
      int rowIn = manifest.input().rowSize();
      float[] chunk = new float[rows * rowIn];
      in.get(firstRow * rowIn, chunk);
      hostIn.position(0).put(chunk, 0, chunk.length);
      if (!context.setInputShape(manifest.input().name(), dims(manifest.input().shapeFor(rows)))) {
        throw new InferenceException(manifest.id() + ": TensorRT rejected batch " + rows);
      }
      check(
          cudaMemcpyAsync(
              deviceIn, hostIn, (long) chunk.length * Float.BYTES, cudaMemcpyHostToDevice, stream),
          "cudaMemcpyAsync(input)");
      if (!context.enqueueV3(stream)) {
        throw new InferenceException(manifest.id() + ": TensorRT enqueueV3 failed");
      }
      for (TensorSpec out : manifest.outputs()) {
        long bytes = (long) rows * out.rowSize() * Float.BYTES;
        check(
            cudaMemcpyAsync(
                hostOut.get(out.name()),
                deviceOut.get(out.name()),
                bytes,
                cudaMemcpyDeviceToHost,
                stream),
            "cudaMemcpyAsync(" + out.name() + ")");
      }
      check(cudaStreamSynchronize(stream), "cudaStreamSynchronize");
      for (TensorSpec out : manifest.outputs()) {
        hostOut
            .get(out.name())
            .position(0)
            .get(into.get(out.name()), firstRow * out.rowSize(), rows * out.rowSize());
      }
    }

    @Override
    public void close() {
      context.close();
      cudaFree(deviceIn);
      deviceOut.values().forEach(p -> cudaFree(p));
      hostIn.close();
      hostOut.values().forEach(FloatPointer::close);
      cudaStreamDestroy(stream);
    }
  }
}
