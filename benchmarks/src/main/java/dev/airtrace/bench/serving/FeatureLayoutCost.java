package dev.airtrace.bench.serving;

import dev.airtrace.inference.ModelManifest;
import dev.airtrace.serving.kafka.FeatureInput;
import dev.airtrace.serving.kafka.ForecastWindow;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * CPU time of laying one site-features window out as a model row ({@link FeatureInput#write}), per
 * committed forecaster version: the Kafka path's per-window cost that {@link ServingThroughput}
 * (which feeds prebuilt rows) does not include. Calendar channels (version 2) are derived here, so
 * the figure shows what they add.
 *
 * <p>Usage: {@code FeatureLayoutCost <repository> <model> <versions,comma-separated> [windows]};
 * each version is measured twice (interleaved), 200,000 warm-up writes then {@code windows}
 * (default 500,000) timed by the thread's CPU clock.
 */
public final class FeatureLayoutCost {
  private FeatureLayoutCost() {}

  public static void main(String[] args) {
    Path repository = Path.of(args[0]);
    String model = args[1];
    String[] versions = args[2].split(",");
    int windows = args.length > 3 ? Integer.parseInt(args[3]) : 500_000;
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    Map<String, double[]> channels = new HashMap<>();
    for (String c :
        new String[] {
          "pm2_5",
          "pm10",
          "temperature",
          "relative_humidity",
          "dew_point",
          "pressure",
          "wind_speed",
          "wind_direction"
        }) {
      double[] v = new double[48];
      for (int i = 0; i < v.length; i++) {
        v[i] = i;
      }
      channels.put(c, v);
    }
    ForecastWindow window = new ForecastWindow("site", 1_704_067_200_000L, channels);
    FeatureInput input = new FeatureInput(window);
    long sink = 0;
    for (int pass = 0; pass < 2; pass++) {
      for (String version : versions) {
        ModelManifest m =
            ModelManifest.read(repository.resolve(model).resolve(version).resolve("model.json"));
        FloatBuffer row =
            FloatBuffer.allocate((int) (m.input().shape().get(1) * m.input().shape().get(2)));
        for (int i = 0; i < 200_000; i++) {
          row.clear();
          input.write(m, row);
          sink += row.position();
        }
        long t0 = cpu.getCurrentThreadCpuTime();
        for (int i = 0; i < windows; i++) {
          row.clear();
          input.write(m, row);
          sink += row.position();
        }
        long ns = cpu.getCurrentThreadCpuTime() - t0;
        System.out.printf(
            Locale.ROOT,
            "%s pass %d: %.2f us CPU per window (%s)%n",
            m.id(),
            pass + 1,
            ns / 1e3 / windows,
            m.input().shape());
      }
    }
    System.out.println("(checksum " + sink + ")");
  }
}
