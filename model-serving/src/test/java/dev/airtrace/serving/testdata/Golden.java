package dev.airtrace.serving.testdata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The stand-in forecaster's golden files: 8 rows of input {@code [48, 8]} and output {@code [6]}.
 */
public final class Golden {
  public static final int ROWS = 8;
  public static final int HOURS = 48;
  public static final int CHANNELS = 8;
  public static final int HORIZONS = 6;

  private Golden() {}

  /** The golden input of {@code version}, row-major {@code [8, 48, 8]}, NaN = missing. */
  public static float[] input(Path repository, long version) {
    return read(repository.resolve(TestModels.FORECASTER + "/" + version + "/golden-input.bin"));
  }

  /** The golden output {@code pm2_5} of {@code version}, row-major {@code [8, 6]}. */
  public static float[] output(Path repository, long version) {
    return read(repository.resolve(TestModels.FORECASTER + "/" + version + "/golden-pm2_5.bin"));
  }

  private static float[] read(Path file) {
    try {
      ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
      float[] v = new float[b.remaining() / Float.BYTES];
      b.asFloatBuffer().get(v);
      return v;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Rows {@code [from, to)} of a row-major array with {@code rowSize} values per row. */
  public static float[] rows(float[] all, int rowSize, int from, int to) {
    float[] out = new float[(to - from) * rowSize];
    System.arraycopy(all, from * rowSize, out, 0, out.length);
    return out;
  }
}
