package dev.airtrace.simulator.replay;

import dev.airtrace.core.DeviceId;
import dev.airtrace.core.codec.PayloadFormat;
import dev.airtrace.core.codec.SensorMessage;
import dev.airtrace.core.codec.SensorPayloadEncoder;
import dev.airtrace.core.codec.SensorTopic;
import dev.airtrace.core.integrity.PayloadSignature;
import dev.airtrace.mqtt.MqttPublisher;
import java.io.IOException;
import java.security.PrivateKey;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Publishes recorded rows over MQTT as the devices would have: one airtrace JSON message per row
 * ({@code airtrace/v1/{site}/{device}/json}, QoS 1) with the row's event time, the device's next
 * sequence number and, when a key is given for the device, its Ed25519 signature (as {@code
 * airtrace simulate} signs). Pacing follows {@link ReplayConfig#speed()}: {@code 0} publishes as
 * fast as the publisher's bounded in-flight window lets it (the broker's acknowledgements set the
 * pace), a factor {@code F} publishes the row with event time {@code t} at {@code (t − t0) / F}
 * after the start, {@code t0} being the first published row's event time.
 *
 * <p>The event times are the file's, however old: the gateway must accept them ({@code airtrace
 * gateway --max-age}, see docs/operations.md). Values go out as read; the gateway validates them
 * like any sensor's and dead-letters what it rejects.
 *
 * <p>Thread-safety: run one {@link #run} at a time; {@link #publishedSoFar()} from any thread.
 */
public final class Replayer {
  private final ReplayConfig config;
  private final AtomicLong publishedSoFar = new AtomicLong();

  public Replayer(ReplayConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /**
   * Publishes every row of {@code source} in file order and waits until the broker acknowledged
   * every message.
   *
   * @param deviceKeys private keys of the devices whose payloads are signed (others unsigned)
   * @param badRows told about each bad row (row number, reason, original line) before the policy
   *     applies
   * @throws BadRowException under {@link ReplayConfig.BadRowPolicy#STOP}: the first bad row
   * @throws IllegalStateException if the broker refused messages or did not acknowledge all within
   *     {@link ReplayConfig#deliveryTimeout()}
   * @throws InterruptedException if interrupted; what was published stays published
   */
  public ReplayResult run(
      ReplaySource source,
      MqttPublisher publisher,
      Map<DeviceId, PrivateKey> deviceKeys,
      Consumer<BadRowException> badRows)
      throws IOException, BadRowException, InterruptedException {
    Objects.requireNonNull(deviceKeys, "deviceKeys");
    Objects.requireNonNull(badRows, "badRows");
    Map<DeviceId, Long> nextSequence = new HashMap<>();
    AtomicLong refused = new AtomicLong();
    long rows = 0;
    long published = 0;
    long outside = 0;
    long empty = 0;
    long bad = 0;
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    long startNanos = 0;
    while (true) {
      Optional<ReplayRow> next;
      try {
        next = source.next();
      } catch (BadRowException e) {
        rows++;
        bad++;
        badRows.accept(e);
        if (config.badRows() == ReplayConfig.BadRowPolicy.STOP) {
          throw e;
        }
        continue;
      }
      if (next.isEmpty()) {
        break;
      }
      ReplayRow row = next.get();
      rows++;
      if (!config.inRange(row.eventTime())) {
        outside++;
        continue;
      }
      if (row.values().isEmpty()) {
        empty++;
        continue;
      }
      if (published == 0) {
        startNanos = System.nanoTime();
        first = row.eventTime();
      }
      if (config.speed() > 0) {
        pace(startNanos + (long) ((row.eventTime() - first) * 1e6 / config.speed()), row);
      }
      long sequence =
          nextSequence.merge(row.deviceId(), 1L, Long::sum) - 1 + config.firstSequence();
      byte[] payload =
          SensorPayloadEncoder.json(
              new SensorMessage(sequence, row.eventTime(), row.values(), null));
      PrivateKey key = deviceKeys.get(row.deviceId());
      if (key != null) {
        payload = PayloadSignature.sign(payload, key);
      }
      String topic = new SensorTopic(row.siteId(), row.deviceId(), PayloadFormat.JSON).topic();
      publisher
          .publish(topic, payload)
          .whenComplete(
              (ok, failure) -> {
                if (failure != null) {
                  refused.incrementAndGet();
                }
              });
      published++;
      publishedSoFar.incrementAndGet();
      first = Math.min(first, row.eventTime());
      last = Math.max(last, row.eventTime());
    }
    if (!publisher.awaitDelivered(config.deliveryTimeout())) {
      throw new IllegalStateException(
          "the broker did not acknowledge every replayed message within "
              + config.deliveryTimeout());
    }
    if (refused.get() > 0) {
      throw new IllegalStateException(refused.get() + " replayed messages were refused");
    }
    return new ReplayResult(rows, published, outside, empty, bad, first, last);
  }

  private static void pace(long dueNanos, ReplayRow row) throws InterruptedException {
    long wait;
    while ((wait = dueNanos - System.nanoTime()) > 0) {
      LockSupport.parkNanos(wait);
      if (Thread.interrupted()) {
        throw new InterruptedException("replay interrupted at row " + row.row());
      }
    }
  }

  /** Messages handed to the publisher so far by {@link #run}. */
  public long publishedSoFar() {
    return publishedSoFar.get();
  }
}
