package dev.airtrace.processor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airtrace.core.codec.Json;
import dev.airtrace.topics.JsonSerdes;
import dev.airtrace.topics.processor.ForecastSkill;
import dev.airtrace.topics.processor.ForecastVerification;
import dev.airtrace.topics.processor.SiteHourly;
import dev.airtrace.topics.processor.SiteOutputJson;
import dev.airtrace.topics.serving.Forecast;
import dev.airtrace.topics.serving.ForecastJson;
import dev.airtrace.topics.serving.ForecastSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serde;

/**
 * The forecast verifier's internal values (repartition topic and state stores) and their JSON
 * serdes; implementation details, not topic contracts. Every type is immutable except {@link
 * SkillWindow}, which one processor instance mutates on its own thread.
 */
final class VerifierState {
  private VerifierState() {}

  /** The verifier's input: a forecast or a closed hour of the same site (exactly one is set). */
  record Event(Forecast forecast, SiteHourly hourly) {
    Event {
      if ((forecast == null) == (hourly == null)) {
        throw new IllegalArgumentException("exactly one of forecast and hourly");
      }
    }

    static Event of(Forecast f) {
      return new Event(f, null);
    }

    static Event of(SiteHourly h) {
      return new Event(null, h);
    }

    static byte[] encode(Event e) {
      ObjectNode n = Json.mapper().createObjectNode();
      if (e.forecast != null) {
        n.set("forecast", StateSerdes.read(ForecastJson.encode(e.forecast)));
      } else {
        n.set("hourly", StateSerdes.read(SiteOutputJson.encodeSiteHourly(e.hourly)));
      }
      return StateSerdes.write(n);
    }

    static Event decode(byte[] bytes) {
      JsonNode n = StateSerdes.read(bytes);
      return n.has("forecast")
          ? of(ForecastJson.decode(StateSerdes.write(n.get("forecast"))))
          : of(SiteOutputJson.decodeSiteHourly(StateSerdes.write(n.get("hourly"))));
    }
  }

  /** What the verifier emits: a verification or a skill record (exactly one is set). */
  record Output(ForecastVerification verification, ForecastSkill skill) {}

  /**
   * One forecast value waiting for (or already checked against) its hour.
   *
   * @param issueTime the forecast's issue time
   * @param hours horizon
   * @param model {@code name@version}
   * @param served the served value
   * @param source where it came from
   * @param modelValue the model's own output
   * @param corrected the corrected output, NaN when none
   * @param persistence persistence at issue time, NaN when unknown
   */
  record Pending(
      long issueTime,
      int hours,
      String model,
      float served,
      ForecastSource source,
      float modelValue,
      double corrected,
      double persistence) {
    boolean sameForecast(Pending o) {
      return issueTime == o.issueTime && hours == o.hours && model.equals(o.model);
    }

    void write(ObjectNode n) {
      n.put("issueTime", issueTime);
      n.put("hours", hours);
      n.put("model", model);
      n.put("served", served);
      n.put("source", source.code());
      n.put("modelValue", modelValue);
      putFinite(n, "corrected", corrected);
      putFinite(n, "persistence", persistence);
    }

    static Pending read(JsonNode n) {
      return new Pending(
          n.get("issueTime").longValue(),
          n.get("hours").intValue(),
          n.get("model").textValue(),
          n.get("served").floatValue(),
          ForecastSource.fromCode(n.get("source").textValue()),
          n.get("modelValue").floatValue(),
          optional(n, "corrected"),
          optional(n, "persistence"));
    }
  }

  /**
   * Every forecast value of one site and valid time; at most one per (issue time, hours, model).
   */
  record PendingList(List<Pending> entries) {
    PendingList {
      entries = List.copyOf(entries);
    }

    /** This list with {@code p} added, replacing a redelivery of the same forecast value. */
    PendingList with(Pending p) {
      List<Pending> out = new ArrayList<>(entries.size() + 1);
      for (Pending e : entries) {
        if (!e.sameForecast(p)) {
          out.add(e);
        }
      }
      out.add(p);
      return new PendingList(out);
    }

    static byte[] encode(PendingList l) {
      ArrayNode a = Json.mapper().createArrayNode();
      for (Pending p : l.entries) {
        p.write(a.addObject());
      }
      return StateSerdes.write(a);
    }

    static PendingList decode(byte[] bytes) {
      List<Pending> out = new ArrayList<>();
      for (JsonNode n : StateSerdes.read(bytes)) {
        out.add(Pending.read(n));
      }
      return new PendingList(out);
    }
  }

  /** A site's observed hourly PM2.5 mean and the site-hourly revision it comes from. */
  record Observation(double value, int revision) {
    static byte[] encode(Observation o) {
      ObjectNode n = Json.mapper().createObjectNode();
      n.put("value", o.value);
      n.put("revision", o.revision);
      return StateSerdes.write(n);
    }

    static Observation decode(byte[] bytes) {
      JsonNode n = StateSerdes.read(bytes);
      return new Observation(n.get("value").doubleValue(), n.get("revision").intValue());
    }
  }

  /**
   * One verified hour of a site, horizon and model, as the rolling window keeps it.
   *
   * @param served the served value
   * @param model the model's own output
   * @param corrected the corrected output at issue time (the model's when there was none)
   * @param persistence persistence at issue time
   * @param observed the observed mean (latest revision)
   */
  record Sample(
      double served, double model, double corrected, double persistence, double observed) {}

  /**
   * The rolling window of one site, horizon and model: verified hours by valid time, and how many
   * updates built it. Mutable; owned by one processor thread.
   */
  static final class SkillWindow {
    private final NavigableMap<Long, Sample> samples;
    private long updates;

    SkillWindow(NavigableMap<Long, Sample> samples, long updates) {
      this.samples = Objects.requireNonNull(samples);
      this.updates = updates;
    }

    static SkillWindow empty() {
      return new SkillWindow(new TreeMap<>(), 0);
    }

    /**
     * Puts (or, for a revision, replaces) the verified hour at {@code validTime} and forgets hours
     * that are {@code windowMs} or more older than the newest.
     */
    void put(long validTime, Sample s, long windowMs) {
      samples.put(validTime, s);
      updates++;
      long newest = samples.lastKey();
      samples.headMap(newest - windowMs, true).clear();
    }

    NavigableMap<Long, Sample> samples() {
      return samples;
    }

    long updates() {
      return updates;
    }

    static byte[] encode(SkillWindow w) {
      ObjectNode n = Json.mapper().createObjectNode();
      n.put("updates", w.updates);
      ArrayNode a = n.putArray("samples");
      for (Map.Entry<Long, Sample> e : w.samples.entrySet()) {
        Sample s = e.getValue();
        a.addArray()
            .add(e.getKey())
            .add(s.served())
            .add(s.model())
            .add(s.corrected())
            .add(s.persistence())
            .add(s.observed());
      }
      return StateSerdes.write(n);
    }

    static SkillWindow decode(byte[] bytes) {
      JsonNode n = StateSerdes.read(bytes);
      NavigableMap<Long, Sample> samples = new TreeMap<>();
      for (JsonNode a : n.get("samples")) {
        samples.put(
            a.get(0).longValue(),
            new Sample(
                a.get(1).doubleValue(),
                a.get(2).doubleValue(),
                a.get(3).doubleValue(),
                a.get(4).doubleValue(),
                a.get(5).doubleValue()));
      }
      return new SkillWindow(samples, n.get("updates").longValue());
    }
  }

  static Serde<Event> events() {
    return JsonSerdes.of("verifier-event", Event::encode, Event::decode);
  }

  static Serde<PendingList> pending() {
    return JsonSerdes.of("verifier-pending", PendingList::encode, PendingList::decode);
  }

  static Serde<Observation> observations() {
    return JsonSerdes.of("verifier-observation", Observation::encode, Observation::decode);
  }

  static Serde<SkillWindow> skillWindows() {
    return JsonSerdes.of("verifier-skill-window", SkillWindow::encode, SkillWindow::decode);
  }

  private static void putFinite(ObjectNode n, String field, double v) {
    if (Double.isFinite(v)) {
      n.put(field, v);
    }
  }

  private static double optional(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? Double.NaN : v.doubleValue();
  }
}
