package dev.airtrace.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airtrace.core.DeviceId;
import dev.airtrace.core.Location;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.SiteId;
import dev.airtrace.core.codec.Json;
import dev.airtrace.core.codec.PayloadFormat;
import dev.airtrace.core.codec.SensorMessage;
import dev.airtrace.core.codec.SensorPayloadEncoder;
import dev.airtrace.core.integrity.PayloadSignature;
import dev.airtrace.mqtt.MqttPublisher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A deterministic sensor fleet. {@link #plan()} computes every message from the config alone;
 * {@link #run} publishes the plan through an {@link MqttPublisher} and waits until the broker
 * acknowledged every message.
 *
 * <p>Each device measures once per interval at its own phase (a seeded offset within the first half
 * of the interval), with sequence numbers 0, 1, 2, ... Faults are assigned by the seed to distinct
 * (device, measurement) pairs away from the ends of the period: rejects replace the measurement
 * (its sequence number is consumed, so the gateway counts a gap), duplicates repeat an accepted
 * message half an interval later, and late readings of the last measurement of an hour are
 * published half a processor grace (within) or one and a half graces (beyond) after the hour ended.
 * Publication follows the simulated time at which each message is due.
 *
 * <p>Thread-safety: {@link #plan()} is safe from any thread; run one {@link #run} at a time.
 */
public final class Simulator {
  /** How far after the simulated period the future-time faults lie. */
  public static final Duration FUTURE_LEAD = Duration.ofDays(365);

  /** The quantity renamed by {@link MessageKind#UNKNOWN_QUANTITY}, and its new name. */
  static final Quantity RENAMED = Quantity.SO2;

  static final String UNKNOWN_NAME = "radon_222";

  /** The unit written by {@link MessageKind#UNSUPPORTED_UNIT}. */
  static final String UNKNOWN_UNIT = "furlong/fortnight";

  /** The value written by {@link MessageKind#OUT_OF_RANGE}: above PM2.5's plausible maximum. */
  static final double OUT_OF_RANGE_PM25 = Quantity.PM2_5.plausibleMax() + 500;

  private static final long HOUR_MS = Duration.ofHours(1).toMillis();
  private static final int EDGE_SLOTS = 2;
  private static final long SENSOR_FAULT_SALT = 0x5E45_0F4AL;

  private final SimulatorConfig config;
  private final AtomicLong publishedSoFar = new AtomicLong();
  private volatile SimulationPlan plan;

  /**
   * @throws IllegalArgumentException if the config's faults do not fit its fleet (see {@link
   *     SimulatorConfig#requireFaultsFit()})
   */
  public Simulator(SimulatorConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    config.requireFaultsFit();
  }

  /** The plan for this config; computed once. */
  public SimulationPlan plan() {
    SimulationPlan p = plan;
    if (p == null) {
      synchronized (this) {
        if (plan == null) {
          plan = new Planner(config).build();
        }
        p = plan;
      }
    }
    return p;
  }

  /**
   * Publishes the whole plan in order, paced to {@link SimulatorConfig#messagesPerSecond()} if set,
   * and waits until the broker acknowledged every message.
   *
   * @return the plan that was published
   * @throws IllegalStateException if the broker refused messages or did not acknowledge all of them
   *     within {@code deliveryTimeout}
   * @throws InterruptedException if interrupted; what was published stays published
   */
  public SimulationPlan run(MqttPublisher publisher, Duration deliveryTimeout)
      throws InterruptedException {
    return run(publisher, deliveryTimeout, Map.of());
  }

  /**
   * Like {@link #run(MqttPublisher, Duration)}, but the JSON payloads of every device with a key in
   * {@code deviceKeys} are signed ({@link PayloadSignature#sign}, member {@code sig}), as its
   * firmware would. Payloads that are no JSON object (truncated ones, SenML) go out unsigned, so
   * the plan's verdicts hold for a gateway that has the matching public keys, except that a SenML
   * device with a key is {@code MISSING_SIGNATURE} under the gateway's default policy: give keys to
   * JSON devices only.
   */
  public SimulationPlan run(
      MqttPublisher publisher, Duration deliveryTimeout, Map<DeviceId, PrivateKey> deviceKeys)
      throws InterruptedException {
    Objects.requireNonNull(deviceKeys, "deviceKeys");
    SimulationPlan p = plan();
    AtomicLong refused = new AtomicLong();
    long start = System.nanoTime();
    double rate = config.messagesPerSecond();
    for (PlannedMessage m : p.messages()) {
      if (rate > 0) {
        long due = start + (long) (m.index() * 1e9 / rate);
        long wait;
        while ((wait = due - System.nanoTime()) > 0) {
          LockSupport.parkNanos(wait);
          if (Thread.interrupted()) {
            throw new InterruptedException("simulation interrupted at message " + m.index());
          }
        }
      }
      PrivateKey key = deviceKeys.get(m.deviceId());
      publisher
          .publish(m.topic(), key == null ? m.payloadShared() : signed(m.payloadShared(), key))
          .whenComplete(
              (ok, failure) -> {
                if (failure != null) {
                  refused.incrementAndGet();
                }
              });
      publishedSoFar.incrementAndGet();
    }
    if (!publisher.awaitDelivered(deliveryTimeout)) {
      throw new IllegalStateException(
          "the broker did not acknowledge every simulated message within " + deliveryTimeout);
    }
    if (refused.get() > 0) {
      throw new IllegalStateException(refused.get() + " simulated messages were refused");
    }
    return p;
  }

  private static byte[] signed(byte[] payload, PrivateKey key) {
    return PayloadSignature.parse(payload) instanceof PayloadSignature.Unsigned
        ? PayloadSignature.sign(payload, key)
        : payload;
  }

  /** Messages handed to the publisher so far by {@link #run}. */
  public long publishedSoFar() {
    return publishedSoFar.get();
  }

  /** Builds one plan; single use. */
  private static final class Planner {
    private final SimulatorConfig config;
    private final long intervalMs;
    private final int slots;
    private final List<SimulatedDevice> devices;
    private final Random pick;
    private final Map<Long, MessageKind> faults = new HashMap<>();
    private final Set<Long> duplicated = new HashSet<>();

    Planner(SimulatorConfig config) {
      this.config = config;
      this.intervalMs = config.interval().toMillis();
      this.slots = config.slotsPerDevice();
      this.pick = new Random(config.seed());
      this.devices = devices(config, pick);
    }

    SimulationPlan build() {
      assignFaults();
      // a generator of its own, so that adding sensor faults leaves the message faults' choices
      // and every clean value unchanged
      List<SensorFaultInjector.Target> targets =
          SensorFaultInjector.plan(
              config.sensorFaults(),
              devices,
              config.sites(),
              slots,
              new Random(config.seed() ^ SENSOR_FAULT_SALT));
      List<InjectedFault> injected = new ArrayList<>();
      List<Draft> drafts = new ArrayList<>();
      for (SimulatedDevice d : devices) {
        Random noise = new Random(config.seed() * 1_000_003L + d.index());
        List<Map<Quantity, Double>> measured = new ArrayList<>(slots);
        for (int k = 0; k < slots; k++) {
          measured.add(FleetModel.measure(d, slotTime(d, k), noise));
        }
        for (SensorFaultInjector.Target t : targets) {
          if (t.device().index() == d.index()) {
            injected.add(inject(t, measured));
          }
        }
        for (int k = 0; k < slots; k++) {
          long slotTime = slotTime(d, k);
          Map<Quantity, Double> values = measured.get(k);
          long key = key(d, k);
          MessageKind kind = faults.getOrDefault(key, MessageKind.READING);
          drafts.add(draft(d, k, slotTime, values, kind));
          if (duplicated.contains(key)) {
            Draft original = drafts.get(drafts.size() - 1);
            drafts.add(
                new Draft(
                    original.device,
                    k,
                    original.eventTime,
                    original.values,
                    MessageKind.DUPLICATE,
                    original.payload,
                    slotTime + intervalMs / 2));
          }
        }
      }
      drafts.sort(
          Comparator.comparingLong((Draft x) -> x.publishAt)
              .thenComparingInt(x -> x.device.index())
              .thenComparingInt(x -> x.kind == MessageKind.DUPLICATE ? 1 : 0));
      List<PlannedMessage> messages = new ArrayList<>(drafts.size());
      for (Draft x : drafts) {
        messages.add(
            new PlannedMessage(
                messages.size(),
                x.device.topic(),
                x.payload,
                x.device.siteId(),
                x.device.deviceId(),
                x.device.format(),
                x.sequence,
                x.eventTime,
                x.values,
                x.kind,
                x.publishAt));
      }
      injected.sort(Comparator.comparingInt((InjectedFault f) -> f.type().ordinal()));
      return new SimulationPlan(config, messages, injected);
    }

    private long slotTime(SimulatedDevice d, int k) {
      return config.startEpochMillis() + k * intervalMs + d.phaseMillis();
    }

    /** Applies one sensor fault to a device's measured values (in place). */
    private InjectedFault inject(
        SensorFaultInjector.Target t, List<Map<Quantity, Double>> measured) {
      double[] v = new double[measured.size()];
      for (int k = 0; k < v.length; k++) {
        v[k] = measured.get(k).get(t.quantity());
      }
      double typical = SensorFaultInjector.variability(v);
      double magnitude =
          SensorFaultInjector.apply(
              t.type(),
              v,
              t.first(),
              t.duration(),
              t.size(),
              t.sign(),
              typical,
              t.quantity(),
              new Random(config.seed() * 7_919L + t.device().index()));
      for (int k = t.first(); k < t.first() + t.duration(); k++) {
        measured.get(k).put(t.quantity(), v[k]);
      }
      int last = t.first() + t.duration() - 1;
      SimulatedDevice d = t.device();
      return new InjectedFault(
          d.siteId(),
          d.deviceId(),
          t.quantity(),
          t.type(),
          t.first(),
          last,
          slotTime(d, t.first()),
          slotTime(d, last),
          magnitude,
          typical);
    }

    private Draft draft(
        SimulatedDevice d, int k, long slotTime, Map<Quantity, Double> values, MessageKind kind) {
      long eventTime = slotTime;
      long publishAt = slotTime;
      Map<Quantity, Double> sent = values;
      long hourEnd = Math.floorDiv(slotTime, HOUR_MS) * HOUR_MS + HOUR_MS;
      long grace = config.processorGrace().toMillis();
      switch (kind) {
        case FUTURE_TIME -> eventTime = config.endEpochMillis() + FUTURE_LEAD.toMillis() + k;
        case OUT_OF_RANGE -> {
          sent = new EnumMap<>(values);
          sent.put(Quantity.PM2_5, OUT_OF_RANGE_PM25);
        }
        case LATE_WITHIN_GRACE -> publishAt = hourEnd + grace / 2;
        case LATE_BEYOND_GRACE -> publishAt = hourEnd + grace + grace / 2;
        default -> {
          // published as measured
        }
      }
      SensorMessage message = new SensorMessage(k, eventTime, sent, d.location());
      byte[] valid =
          d.format() == PayloadFormat.JSON
              ? SensorPayloadEncoder.json(message)
              : SensorPayloadEncoder.senml(d.deviceId(), message);
      byte[] payload =
          switch (kind) {
            case MALFORMED_JSON -> Arrays.copyOf(valid, valid.length / 2);
            case UNKNOWN_QUANTITY -> renameQuantity(d.format(), valid);
            case UNSUPPORTED_UNIT -> breakUnit(d.format(), valid, sent.get(Quantity.PM2_5));
            default -> valid;
          };
      return new Draft(d, k, eventTime, sent, kind, payload, publishAt);
    }

    private void assignFaults() {
      FaultMix mix = config.faults();
      assignAnywhere(MessageKind.MALFORMED_JSON, mix.malformedJson());
      assignAnywhere(MessageKind.UNKNOWN_QUANTITY, mix.unknownQuantity());
      assignAnywhere(MessageKind.UNSUPPORTED_UNIT, mix.unsupportedUnit());
      assignAnywhere(MessageKind.OUT_OF_RANGE, mix.outOfRange());
      assignAnywhere(MessageKind.FUTURE_TIME, mix.futureTime());
      assignLate(MessageKind.LATE_WITHIN_GRACE, mix.lateWithinGrace());
      assignLate(MessageKind.LATE_BEYOND_GRACE, mix.lateBeyondGrace());
      for (int i = 0; i < mix.duplicates(); i++) {
        long key;
        do {
          key = randomKey();
        } while (faults.containsKey(key) || duplicated.contains(key));
        duplicated.add(key);
      }
    }

    private void assignAnywhere(MessageKind kind, int count) {
      for (int i = 0; i < count; i++) {
        long key;
        do {
          key = randomKey();
        } while (faults.containsKey(key) || duplicated.contains(key));
        faults.put(key, kind);
      }
    }

    /** The last measurement of an hour that ends at least 1.5 graces before the end. */
    private void assignLate(MessageKind kind, int count) {
      int slotsPerHour = (int) (HOUR_MS / intervalMs);
      int hours = (int) SimulatorConfig.lateHours(config.hours(), config.processorGrace());
      for (int i = 0; i < count; i++) {
        long key;
        do {
          SimulatedDevice d = devices.get(pick.nextInt(devices.size()));
          int hour = 1 + pick.nextInt(hours);
          key = key(d, hour * slotsPerHour - 1);
        } while (faults.containsKey(key) || duplicated.contains(key));
        faults.put(key, kind);
      }
    }

    private long randomKey() {
      SimulatedDevice d = devices.get(pick.nextInt(devices.size()));
      int k = EDGE_SLOTS + pick.nextInt(slots - 2 * EDGE_SLOTS);
      return key(d, k);
    }

    private long key(SimulatedDevice d, int k) {
      return (long) d.index() * slots + k;
    }

    private static List<SimulatedDevice> devices(SimulatorConfig config, Random pick) {
      List<SimulatedDevice> out = new ArrayList<>();
      int senmlPerSite = (int) Math.round(config.senmlShare() * config.devicesPerSite());
      long halfInterval = config.interval().toMillis() / 2;
      for (int s = 0; s < config.sites(); s++) {
        SiteId site = new SiteId(config.namespace() + "-site-" + (s + 1));
        double lat = 52.0 + 0.05 * s;
        double lon = 4.3 + 0.05 * s;
        for (int j = 0; j < config.devicesPerSite(); j++) {
          DeviceId device = new DeviceId(site.value() + "-dev-" + (j + 1));
          PayloadFormat format = j < senmlPerSite ? PayloadFormat.SENML : PayloadFormat.JSON;
          Location location =
              new Location(
                  FleetModel.round1(lat * 1000 + j * 3) / 1000,
                  FleetModel.round1(lon * 1000 - j * 2) / 1000,
                  2.0 + j);
          long phase = halfInterval == 0 ? 0 : (long) (pick.nextDouble() * halfInterval);
          double bias = 0.97 + 0.06 * pick.nextDouble();
          out.add(new SimulatedDevice(out.size(), s, site, device, format, location, phase, bias));
        }
      }
      return out;
    }

    private static byte[] renameQuantity(PayloadFormat format, byte[] valid) {
      JsonNode root = parse(valid);
      if (format == PayloadFormat.JSON) {
        ObjectNode values = (ObjectNode) root.get("values");
        values.set(UNKNOWN_NAME, values.remove(RENAMED.code()));
      } else {
        for (JsonNode record : root) {
          if (RENAMED.code().equals(record.path("n").textValue())) {
            ((ObjectNode) record).put("n", UNKNOWN_NAME);
          }
        }
      }
      return write(root);
    }

    private static byte[] breakUnit(PayloadFormat format, byte[] valid, double pm25) {
      JsonNode root = parse(valid);
      String code = Quantity.PM2_5.code();
      if (format == PayloadFormat.JSON) {
        ObjectNode value = ((ObjectNode) root.get("values")).putObject(code);
        value.put("value", pm25);
        value.put("unit", UNKNOWN_UNIT);
      } else {
        for (JsonNode record : root) {
          if (code.equals(record.path("n").textValue())) {
            ((ObjectNode) record).put("u", UNKNOWN_UNIT);
          }
        }
      }
      return write(root);
    }

    private static JsonNode parse(byte[] bytes) {
      try {
        return Json.mapper().readTree(bytes);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static byte[] write(JsonNode node) {
      try {
        return Json.mapper().writeValueAsBytes(node);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** A message before its position in publish order is known. */
  private record Draft(
      SimulatedDevice device,
      long sequence,
      long eventTime,
      Map<Quantity, Double> values,
      MessageKind kind,
      byte[] payload,
      long publishAt) {}
}
