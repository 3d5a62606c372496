package dev.airtrace.inference;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Reads a model's ONNX bytes and checks them against the manifest's SHA-256. Public for code that
 * opens a raw ONNX Runtime session outside this module (the benchmarks' baseline), so that it runs
 * exactly the bytes the backends would. Thread-safe (stateless).
 */
public final class ModelFiles {
  private ModelFiles() {}

  /**
   * The ONNX file's bytes, verified. Backends load from these bytes rather than from the path so
   * that what runs is exactly what was hashed.
   *
   * @throws InferenceException when the file is missing, unreadable or its hash differs
   */
  public static byte[] readVerified(ModelManifest manifest) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(manifest.onnx());
    } catch (NoSuchFileException e) {
      throw new InferenceException(manifest.id() + ": model file missing: " + manifest.onnx(), e);
    } catch (IOException e) {
      throw new InferenceException(
          manifest.id() + ": cannot read " + manifest.onnx() + ": " + e.getMessage(), e);
    }
    String actual = sha256(bytes);
    if (!actual.equals(manifest.sha256())) {
      throw new InferenceException(
          manifest.id()
              + ": sha256 mismatch for "
              + manifest.onnx()
              + ": the sidecar says "
              + manifest.sha256()
              + " but the file hashes to "
              + actual);
    }
    return bytes;
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
