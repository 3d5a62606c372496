package dev.airtrace.inference;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslateException;
import ai.djl.translate.TranslatorContext;
import ai.djl.util.PairList;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model on DJL's ONNX Runtime engine. The native session is shared (ORT sessions are
 * thread-safe); DJL {@link Predictor}s are not, so each {@link #run} borrows one from a pool that
 * grows to the number of threads calling at once. Each run's tensors live in the predictor
 * context's own NDManager, which DJL closes when the run returns.
 *
 * <p>Thread-safe for {@link #run}; {@link #close} must not race runs (leases prevent it).
 */
final class DjlModel implements Model {
  private final ModelManifest manifest;
  private final BackendInfo backend;
  private final ai.djl.Model model;
  private final OrtSession.SessionOptions options;
  private final BatchTranslator translator = new BatchTranslator();
  private final NativePool<Predictor<Batch, Outputs>> predictors;

  private DjlModel(
      ModelManifest manifest,
      BackendInfo backend,
      ai.djl.Model model,
      OrtSession.SessionOptions options) {
    this.manifest = manifest;
    this.backend = backend;
    this.model = model;
    this.options = options;
    this.predictors = new NativePool<>(() -> model.newPredictor(translator), Predictor::close);
  }

  static DjlModel load(
      ModelManifest manifest, byte[] onnx, Device device, BackendInfo backend, int intraOp) {
    OrtSession.SessionOptions options = null;
    ai.djl.Model model = null;
    try {
      options = sessionOptions(intraOp);
      model = ai.djl.Model.newInstance(manifest.name(), device, DjlEngine.ENGINE_NAME);
      Map<String, Object> djlOptions = new LinkedHashMap<>();
      djlOptions.put("sessionOptions", options);
      model.load(new ByteArrayInputStream(onnx), djlOptions);
      DjlModel loaded = new DjlModel(manifest, backend, model, options);
      loaded.checkSignature();
      return loaded;
    } catch (IOException | MalformedModelException | OrtException | RuntimeException e) {
      if (model != null) {
        model.close();
      }
      if (options != null) {
        options.close();
      }
      if (e instanceof InferenceException ie) {
        throw ie;
      }
      throw new InferenceException(
          manifest.id() + ": cannot load " + manifest.onnx() + ": " + e.getMessage(), e);
    }
  }

  private static OrtSession.SessionOptions sessionOptions(int intraOp) throws OrtException {
    OrtSession.SessionOptions so = new OrtSession.SessionOptions();
    so.setIntraOpNumThreads(intraOp);
    so.setInterOpNumThreads(1);
    // Idle intra-op threads spin and steal the edge box's other core (performance.md §3).
    so.addConfigEntry("session.intra_op.allow_spinning", "0");
    return so;
  }

  /** The input name from the session; dims and outputs from a one-row probe run. */
  private void checkSignature() {
    PairList<String, Shape> inputs = model.describeInput();
    TensorSpec in = manifest.input();
    if (inputs == null || inputs.size() != 1 || !inputs.get(0).getKey().equals(in.name())) {
      throw new InferenceException(
          manifest.id()
              + ": "
              + manifest.onnx()
              + " has inputs "
              + (inputs == null ? "[]" : inputs.keys())
              + " but the sidecar says ["
              + in.name()
              + "]");
    }
    // DJL's ORT block reports input names only (no shapes); the probe run below checks dims.
    // Outputs: DJL does not expose the session's output names, so a zero row goes through once;
    // this also warms the session.
    run(FloatBuffer.allocate(in.rowSize()), 1);
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
    NativePool.checkRun(manifest, predictors.isClosed(), input, batch);
    Predictor<Batch, Outputs> predictor = predictors.borrow();
    try {
      return predictor.predict(new Batch(input.slice(), batch));
    } catch (TranslateException | RuntimeException e) {
      // DJL wraps what the translator throws; surface our own signature errors unchanged.
      for (Throwable c = e; c != null; c = c.getCause()) {
        if (c instanceof InferenceException ie) {
          throw ie;
        }
      }
      throw new InferenceException(
          manifest.id() + ": run failed on " + backend.token() + ": " + e.getMessage(), e);
    } finally {
      predictors.giveBack(predictor);
    }
  }

  @Override
  public void close() {
    if (predictors.isClosed()) {
      return;
    }
    predictors.close();
    model.close();
    options.close();
  }

  /** One call's input: the values (position 0) and the row count. */
  record Batch(FloatBuffer values, int batch) {}

  private final class BatchTranslator implements NoBatchifyTranslator<Batch, Outputs> {
    @Override
    public NDList processInput(TranslatorContext ctx, Batch in) {
      NDArray array =
          ctx.getNDManager()
              .create(
                  in.values(), new Shape(manifest.input().shapeFor(in.batch())), DataType.FLOAT32);
      array.setName(manifest.input().name());
      return new NDList(array);
    }

    @Override
    public Outputs processOutput(TranslatorContext ctx, NDList list) {
      Map<String, float[]> values = new LinkedHashMap<>();
      Map<String, long[]> shapes = new LinkedHashMap<>();
      int batch = -1;
      for (TensorSpec spec : manifest.outputs()) {
        NDArray array = list.get(spec.name());
        if (array == null) {
          List<String> names = new ArrayList<>();
          list.forEach(a -> names.add(a.getName()));
          throw new InferenceException(
              manifest.id()
                  + ": "
                  + manifest.onnx()
                  + " has outputs "
                  + names
                  + " but the sidecar names "
                  + spec.name());
        }
        long[] shape = array.getShape().getShape();
        if (batch < 0) {
          batch = shape.length == 0 ? 1 : Math.toIntExact(shape[0]);
        }
        if (!Arrays.equals(shape, spec.shapeFor(batch))) {
          throw new InferenceException(
              manifest.id()
                  + ": output "
                  + spec.name()
                  + " has shape "
                  + Arrays.toString(shape)
                  + " but the sidecar says "
                  + spec.shape());
        }
        if (array.getDataType() != DataType.FLOAT32) {
          throw new InferenceException(
              manifest.id() + ": output " + spec.name() + " is " + array.getDataType());
        }
        values.put(spec.name(), array.toFloatArray());
        shapes.put(spec.name(), shape);
      }
      return Outputs.of(values, shapes);
    }
  }
}
