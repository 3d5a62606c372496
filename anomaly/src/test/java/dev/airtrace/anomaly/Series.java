package dev.airtrace.anomaly;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Test-data builder for observation streams: seeded noisy cycles with optional spikes. */
final class Series {
  private final SeriesKey key;
  private int length = 600;
  private long seed = 1;
  private double level = 20;
  private double noise = 1;
  private int spikeAt = -1;
  private double spike;
  private long startMillis = 1_700_000_000_000L;
  private long stepMillis = 60_000;

  private Series(String device) {
    this.key = new SeriesKey(device, "pm2_5");
  }

  static Series of(String device) {
    return new Series(device);
  }

  Series length(int n) {
    this.length = n;
    return this;
  }

  Series seed(long s) {
    this.seed = s;
    return this;
  }

  Series level(double l) {
    this.level = l;
    return this;
  }

  Series spike(int at, double size) {
    this.spikeAt = at;
    this.spike = size;
    return this;
  }

  SeriesKey key() {
    return key;
  }

  List<Observation> build() {
    Random r = new Random(seed);
    List<Observation> out = new ArrayList<>(length);
    for (int i = 0; i < length; i++) {
      double v = level + 5 * Math.sin(2 * Math.PI * i / 48.0) + noise * r.nextGaussian();
      if (i == spikeAt) {
        v += spike;
      }
      out.add(new Observation(key, startMillis + i * stepMillis, v));
    }
    return out;
  }
}
