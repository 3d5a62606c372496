package dev.airtrace.serving.model;

import dev.airtrace.inference.LiveModel;
import dev.airtrace.inference.Model;
import dev.airtrace.inference.ModelManifest;
import dev.airtrace.inference.Outputs;
import dev.airtrace.serving.batching.InputRejectedException;
import dev.airtrace.serving.batching.Prediction;
import dev.airtrace.serving.batching.ServingBatchRunner;
import dev.airtrace.serving.batching.ServingBatchSlot;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs batches on the live model version: leases it once per batch, writes every input into one
 * direct float buffer (reused per worker thread, so a batch allocates no native memory), runs the
 * model once, and answers each input with its rows of every output. An input that does not fit the
 * version (wrong size, missing channel, another pinned version) fails alone.
 *
 * <p>Thread-safe: each worker thread has its own buffer.
 */
public final class ModelRunner implements ServingBatchRunner {
  private final LiveModel source;
  private final ThreadLocal<FloatBuffer> buffers = new ThreadLocal<>();

  /** Runs batches on whichever version of {@code source} is current when the batch starts. */
  public ModelRunner(LiveModel source) {
    this.source = Objects.requireNonNull(source, "source");
  }

  @Override
  public void run(List<ServingBatchSlot> slots, int maxBatch) {
    try (LiveModel.Lease lease = source.acquire()) {
      Model model = lease.model();
      ModelManifest manifest = model.manifest();
      int rowSize = manifest.input().rowSize();
      int requested = slots.stream().mapToInt(s -> s.input().rows()).sum();
      FloatBuffer buf = buffer(requested * rowSize);
      List<ServingBatchSlot> accepted = new ArrayList<>(slots.size());
      int rows = 0;
      for (ServingBatchSlot slot : slots) {
        int start = buf.position();
        try {
          long pinned = slot.input().requiredVersion();
          if (pinned != 0 && pinned != manifest.version()) {
            throw InputRejectedException.modelNotFound(
                manifest.name()
                    + " version "
                    + pinned
                    + " is not served (live: "
                    + manifest.version()
                    + ")");
          }
          slot.input().write(manifest, buf);
          int written = buf.position() - start;
          if (written != slot.input().rows() * rowSize) {
            throw new InputRejectedException(
                "expected " + slot.input().rows() * rowSize + " values but got " + written);
          }
          accepted.add(slot);
          rows += slot.input().rows();
        } catch (RuntimeException e) {
          buf.position(start);
          slot.fail(e);
        }
      }
      if (accepted.isEmpty()) {
        return;
      }
      buf.flip();
      Map<String, float[]> all = runChunked(model, buf, rows, rowSize, maxBatch);
      String token = model.backend().token();
      int row = 0;
      for (ServingBatchSlot slot : accepted) {
        int n = slot.input().rows();
        Map<String, float[]> mine = new LinkedHashMap<>();
        for (Map.Entry<String, float[]> e : all.entrySet()) {
          int per = e.getValue().length / rows;
          mine.put(e.getKey(), Arrays.copyOfRange(e.getValue(), row * per, (row + n) * per));
        }
        slot.complete(new Prediction(manifest, token, n, mine));
        row += n;
      }
    }
  }

  /** One run when the batch fits, else chunks of maxBatch rows (one oversized input). */
  private static Map<String, float[]> runChunked(
      Model model, FloatBuffer buf, int rows, int rowSize, int maxBatch) {
    if (rows <= maxBatch) {
      return copy(model.run(buf, rows));
    }
    Map<String, float[]> merged = new LinkedHashMap<>();
    for (int first = 0; first < rows; first += maxBatch) {
      int n = Math.min(maxBatch, rows - first);
      FloatBuffer chunk = buf.duplicate();
      chunk.position(first * rowSize).limit((first + n) * rowSize);
      Outputs out = model.run(chunk.slice(), n);
      for (String name : out.names()) {
        float[] part = out.get(name);
        float[] acc = merged.computeIfAbsent(name, k -> new float[part.length / n * rows]);
        System.arraycopy(part, 0, acc, part.length / n * first, part.length);
      }
    }
    return merged;
  }

  private static Map<String, float[]> copy(Outputs out) {
    Map<String, float[]> m = new LinkedHashMap<>();
    for (String name : out.names()) {
      m.put(name, out.get(name));
    }
    return m;
  }

  private FloatBuffer buffer(int values) {
    FloatBuffer b = buffers.get();
    if (b == null || b.capacity() < values) {
      b =
          ByteBuffer.allocateDirect(Math.max(values, 1) * Float.BYTES)
              .order(ByteOrder.nativeOrder())
              .asFloatBuffer();
      buffers.set(b);
    }
    b.clear();
    b.limit(values);
    return b;
  }
}
