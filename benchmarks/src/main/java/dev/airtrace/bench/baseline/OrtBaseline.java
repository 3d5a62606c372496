package dev.airtrace.bench.baseline;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.airtrace.inference.InferenceEngines;
import dev.airtrace.inference.InferenceException;
import dev.airtrace.inference.ModelFiles;
import dev.airtrace.inference.ModelManifest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * The benchmark ceiling for the DJL path: raw ONNX Runtime {@code session.run} on an input tensor
 * built once from a direct buffer, with the same session options as {@link InferenceEngines}' CPU
 * backend (intra-op threads from the argument, one inter-op thread, no spinning). Each {@link
 * #run()} runs the session and copies every output out, which is the least any caller must do; the
 * DJL path adds the per-call tensor creation, the predictor and the translator on top.
 *
 * <p>It lives in the benchmarks, not in the inference module, because it is not a production API
 * (no golden check, no backend selection); the native-inference ArchUnit rule allows {@code
 * ai.onnxruntime} here, in this baseline package, and nowhere else outside the inference module.
 * Not thread-safe: one benchmark thread per instance.
 */
public final class OrtBaseline implements AutoCloseable {
  private final ModelManifest manifest;
  private final OrtSession.SessionOptions options;
  private final OrtSession session;
  private OnnxTensor input;
  private Map<String, OnnxTensor> inputs;

  private OrtBaseline(
      ModelManifest manifest, OrtSession.SessionOptions options, OrtSession session) {
    this.manifest = manifest;
    this.options = options;
    this.session = session;
  }

  /** Opens a raw session on the manifest's ONNX file (hash-checked like every load). */
  public static OrtBaseline open(ModelManifest manifest, int intraOpThreads) {
    byte[] onnx = ModelFiles.readVerified(manifest);
    InferenceEngines.initialiseOnnxRuntime(); // share the one environment with the DJL path
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    try {
      options.setIntraOpNumThreads(intraOpThreads);
      options.setInterOpNumThreads(1);
      options.addConfigEntry("session.intra_op.allow_spinning", "0");
      return new OrtBaseline(
          manifest, options, OrtEnvironment.getEnvironment().createSession(onnx, options));
    } catch (OrtException e) {
      options.close();
      throw new InferenceException(manifest.id() + ": raw ORT session failed: " + e, e);
    }
  }

  /**
   * Builds the input tensor once: {@code values} ({@code batch} rows) are copied into a direct,
   * native-order buffer that ORT reads without copying on every run.
   */
  public void prepare(FloatBuffer values, int batch) {
    closeInput();
    FloatBuffer direct =
        ByteBuffer.allocateDirect(values.remaining() * Float.BYTES)
            .order(ByteOrder.nativeOrder())
            .asFloatBuffer();
    direct.put(values.duplicate()).flip();
    try {
      input =
          OnnxTensor.createTensor(
              OrtEnvironment.getEnvironment(), direct, manifest.input().shapeFor(batch));
    } catch (OrtException e) {
      throw new InferenceException(manifest.id() + ": cannot create the input tensor: " + e, e);
    }
    inputs = Map.of(manifest.input().name(), input);
  }

  /**
   * One {@code session.run} on the prepared input; returns the sum of the first element of every
   * output (so the JIT cannot drop the copies).
   */
  public float run() {
    try (OrtSession.Result result = session.run(inputs)) {
      float sink = 0;
      for (Map.Entry<String, OnnxValue> e : result) {
        sink += ((OnnxTensor) e.getValue()).getFloatBuffer().get(0);
      }
      return sink;
    } catch (OrtException e) {
      throw new InferenceException(manifest.id() + ": raw ORT run failed: " + e, e);
    }
  }

  private void closeInput() {
    if (input != null) {
      input.close();
      input = null;
    }
  }

  @Override
  public void close() {
    closeInput();
    try {
      session.close();
    } catch (OrtException e) {
      throw new InferenceException(manifest.id() + ": closing the raw ORT session failed", e);
    } finally {
      options.close();
    }
  }
}
