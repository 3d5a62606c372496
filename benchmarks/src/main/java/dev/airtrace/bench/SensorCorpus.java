package dev.airtrace.bench;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The gateway benchmark's load: airtrace JSON readings of about 200 bytes from {@link #DEVICES}
 * devices on {@link #SITES} sites, handed out in chunks. Chunk {@code c} gives every device the
 * next sequence numbers, so a subject that receives chunk after chunk sees only new readings (no
 * duplicates, no gaps), and two subjects that received the same chunks see the same bytes. Values
 * move smoothly (a slow sine per device and quantity, one decimal), so the anomaly detector and QC
 * see plausible series rather than constants. Event times lie hours in the past, one second apart
 * per device, inside the gateway's default maximum age.
 *
 * <p>Stateless and thread-safe; payloads are built on demand (outside any timed section).
 */
final class SensorCorpus {
  /** Devices in the corpus (the reference method asks for about 1k sensor ids). */
  static final int DEVICES = 1_000;

  /** Sites the devices are spread over. */
  static final int SITES = 10;

  private final long baseEventTime;

  /**
   * A corpus whose first readings are stamped {@code baseEventTime} (epoch ms); choose it hours
   * before now so that every chunk's event times stay in the past.
   */
  SensorCorpus(long baseEventTime) {
    this.baseEventTime = baseEventTime;
  }

  /** The MQTT topic of message {@code i} of any chunk. */
  static String topic(int i) {
    int device = i % DEVICES;
    return String.format(
        Locale.ROOT, "airtrace/v1/site-%02d/dev-%04d/json", device % SITES, device);
  }

  /** Readings per device in a chunk of {@code messages}. */
  static int perDevice(int messages) {
    return (messages + DEVICES - 1) / DEVICES;
  }

  /**
   * Message {@code i} of chunk {@code chunk} of {@code messages} each: device {@code i % DEVICES},
   * sequence number {@code chunk * perDevice(messages) + i / DEVICES}.
   */
  byte[] payload(int chunk, int messages, int i) {
    int device = i % DEVICES;
    long seq = (long) chunk * perDevice(messages) + i / DEVICES;
    double t = seq / 60.0 + device;
    StringBuilder b = new StringBuilder(224);
    b.append("{\"seq\":").append(seq);
    b.append(",\"time\":").append(baseEventTime + seq * 1_000L);
    b.append(",\"values\":{\"pm2_5\":").append(tenth(12 + 8 * Math.sin(t)));
    b.append(",\"pm10\":").append(tenth(20 + 10 * Math.sin(t * 0.9)));
    b.append(",\"temperature\":").append(tenth(18 + 4 * Math.sin(t * 0.2)));
    b.append(",\"relative_humidity\":").append(tenth(55 + 15 * Math.sin(t * 0.3)));
    b.append(",\"pressure\":").append(tenth(1012 + 5 * Math.sin(t * 0.05)));
    b.append(",\"no2\":").append(tenth(15 + 6 * Math.sin(t * 0.7)));
    b.append("},\"location\":{\"latitude\":")
        .append(tenThousandth(52.0 + (device % SITES) * 0.01 + (device / SITES) * 0.0001));
    b.append(",\"longitude\":")
        .append(tenThousandth(4.3 + (device % SITES) * 0.01 + (device / SITES) * 0.0001));
    b.append("}}");
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static double tenth(double v) {
    return Math.round(v * 10) / 10.0;
  }

  private static double tenThousandth(double v) {
    return Math.round(v * 10_000) / 10_000.0;
  }
}
